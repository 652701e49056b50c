#!/usr/bin/env bash
# test-kernel.sh [JOB...] - Raccoon's real-kernel suite. This machine's kernel has no PF_KEY, ESP
# or SELinux, so the jobs in scripts/vm/guest/ run inside qemu guests (scripts/vm/run-guest.sh).
# Jobs are grouped by boot to pay each boot (~10 s) and the slow first crypto use only once:
#   plain      Debian's kernel, no LSM enforcement          (jobs with "# vm-boot: ... plain")
#   selinux    the same with Debian's refpolicy, permissive (jobs with "# vm-boot: ... selinux")
#   enforcing  refpolicy with Raccoon's module (etc/selinux) installed, enforcing (jobs with "# vm-boot: ... enforcing")
#   noafkey    Debian's kernel WITHOUT af_key: not loaded, and loading it fails (VM_JOB_BLOCK_MODULES), so
#              Raccoon and setkey must use XFRM netlink      (jobs with "# vm-boot: ... noafkey")
#   noafkey-selinux  the same with the refpolicy, permissive (jobs with "# vm-boot: ... noafkey-selinux")
#   mls        Debian's MLS refpolicy (selinux-policy-mls), enforcing  (jobs with "# vm-boot: ... mls")
# A boot with no job is not started. Optional JOB names (e.g. smoke) restrict the run. Jobs marked
# "manual" (e.g. the interop suites, see docs/interop.md) run only when named.
#
# Environment: RACCOON_SKIP_KERNEL_TESTS=1 skips everything (for developers without qemu; says
# so loudly). VM_TEST_OUT (default out/vm/test-kernel-<timestamp>) holds one directory per boot
# (console.log, <job>.log, results.tsv, timing.txt). VM_NO_BUILD=1 skips the `swift build`.
# VM_BOOTS="noafkey ..." runs only the boots named. VM_JOB_TIMEOUT (per job, default 300 s; a job's
# "# vm-job-timeout: N" header raises its own), VM_QUIET=1 and the knobs of run-guest.sh apply; VM_TIMEOUT (the
# whole boot) defaults to the jobs' limits plus one more for the warm-up and the boot.
# Exit status: 0 if every job of every boot passed, 1 otherwise (or 127 if no guest can run).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [ "${RACCOON_SKIP_KERNEL_TESTS:-0}" = 1 ]; then
	echo "test-kernel: ******************************************************************"
	echo "test-kernel: SKIPPED: real-kernel tests not run (RACCOON_SKIP_KERNEL_TESTS=1)."
	echo "test-kernel: PF_KEY, ESP and SELinux behaviour is UNTESTED in this run."
	echo "test-kernel: ******************************************************************"
	exit 0
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "test-kernel: ERROR: qemu-system-x86_64 not found; the real-kernel suite cannot run." >&2
	echo "test-kernel: install it (apt-get install --no-install-recommends qemu-system-x86)," >&2
	echo "test-kernel: or set RACCOON_SKIP_KERNEL_TESTS=1 to skip these tests explicitly." >&2
	exit 127
fi

# ------------------------------------------------------------------ which jobs want which boot
declare -A boot_jobs=()
wanted=" $* "
for job in scripts/vm/guest/*.sh; do
	name=$(basename "$job" .sh)
	[ "$name" = lib ] && continue
	[ $# -eq 0 ] || [[ $wanted == *" $name "* ]] || continue
	boots=$(sed -n 's/^# vm-boot:\(.*\)$/\1/p' "$job" | head -1)
	if [ -z "$boots" ]; then
		echo "test-kernel: ERROR: $job has no '# vm-boot:' header (say which boots it needs)" >&2
		exit 2
	fi
	# "manual" jobs (long suites such as interop) run only when named: scripts/test-kernel.sh NAME.
	if [[ " $boots " == *" manual "* ]] && [ $# -eq 0 ]; then
		echo "test-kernel: $name is a manual suite, not part of the default run (scripts/test-kernel.sh $name)"
		continue
	fi
	for b in $boots; do
		# BOOT:manual: this job runs in that boot only when VM_BOOTS names the boot (a full matrix kept out of CI).
		if [[ $b == *:manual ]]; then
			b=${b%:manual}
			[[ " ${VM_BOOTS:-} " == *" $b "* ]] || continue
		fi
		case $b in
		manual) ;;
		plain | selinux | enforcing | mls | noafkey | noafkey-selinux) boot_jobs[$b]+=" $ROOT/$job" ;;
		*) echo "test-kernel: ERROR: $job asks for unknown boot '$b'" >&2; exit 2 ;;
		esac
	done
done
if [ ${#boot_jobs[@]} = 0 ]; then
	echo "test-kernel: ERROR: no job selected" >&2
	exit 1
fi

# job_timeout JOB: the job's limit in seconds: its "# vm-job-timeout: N" header, at least VM_JOB_TIMEOUT (300)
job_timeout() {
	local limit
	limit=$(sed -n 's/^# vm-job-timeout: *\([0-9][0-9]*\).*/\1/p' "$1" | head -1)
	[ "${limit:-0}" -gt "${VM_JOB_TIMEOUT:-300}" ] && echo "$limit" || echo "${VM_JOB_TIMEOUT:-300}"
}

if [ "${VM_NO_BUILD:-0}" != 1 ]; then
	swift build || { echo "test-kernel: ERROR: swift build failed" >&2; exit 1; }
fi

OUT=${VM_TEST_OUT:-$ROOT/out/vm/test-kernel-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
t_start=$(date +%s)
summary=()
failed=0
# The default module list of run-guest.sh without af_key, for the noafkey boots.
NOAFKEY_MODULES="esp4 xfrm_user veth authenc echainiv des3_ede aesni_intel sha1 sha256 md5 hmac cbc sch_netem nf_tables"
for boot in plain selinux enforcing mls noafkey noafkey-selinux; do
	[ -n "${boot_jobs[$boot]:-}" ] || continue
	[ -z "${VM_BOOTS:-}" ] || [[ " $VM_BOOTS " == *" $boot "* ]] || continue
	selinux_type=default
	case $boot in plain | noafkey) selinux="" ;; selinux | noafkey-selinux) selinux=permissive ;;
	enforcing) selinux=enforcing ;; mls) selinux=enforcing selinux_type=mls ;; esac
	modules=${VM_MODULES:-} block=""
	case $boot in noafkey*) modules=$NOAFKEY_MODULES block=af_key ;; esac
	# The enforcing boot starts with Raccoon's policy module installed (built and installed with semodule -i on this
	# machine, as an installed system has it; ~4 min under TCG otherwise).
	selinux_root=""
	if [ $boot = enforcing ]; then
		selinux_root=$(scripts/vm/selinux-module-root.sh) || {
			summary+=("boot $boot: Raccoon's policy module does not build or install (scripts/vm/selinux-module-root.sh)")
			failed=1
			continue
		}
	fi
	# shellcheck disable=SC2206 # word splitting of the job list is intended (paths have no spaces)
	jobs=(${boot_jobs[$boot]})
	echo "test-kernel: ===== boot '$boot': ${jobs[*]##*/}"
	# The boot's limit: every job may use its own limit, plus one for the warm-up and the boot.
	boot_timeout=${VM_JOB_TIMEOUT:-300}
	for job in "${jobs[@]}"; do boot_timeout=$((boot_timeout + $(job_timeout "$job"))); done
	boot_timeout=${VM_TIMEOUT:-$boot_timeout}
	VM_OUT=$OUT/$boot VM_SELINUX=$selinux VM_SELINUX_TYPE=$selinux_type VM_PASS_ENV="${VM_PASS_ENV:-} VM_JOB_TIMEOUT" \
		VM_TIMEOUT=$boot_timeout VM_MODULES=$modules VM_JOB_BLOCK_MODULES=$block VM_SELINUX_ROOT=$selinux_root \
		scripts/vm/run-guest.sh scripts/vm/batch.sh "$boot" "${jobs[@]}"
	rc=$?
	boot_line=$(grep -h -e boot_to_job_s -e total_s "$OUT/$boot/timing.txt" 2>/dev/null | tr '\n' ' ')
	summary+=("boot $boot: exit $rc; ${boot_line:-no timing}")
	case $rc in
	0 | 1) ;;
	124) summary+=("  boot $boot: TIMEOUT (VM_TIMEOUT) before all jobs finished") ;;
	125) summary+=("  boot $boot: NO VERDICT (guest crashed or hung; see $OUT/$boot/console.log)") ;;
	126) summary+=("  boot $boot: GUEST SETUP FAILED (see $OUT/$boot/console.log)") ;;
	127) summary+=("  boot $boot: HOST SETUP FAILED (see the messages above)") ;;
	*) summary+=("  boot $boot: unexpected exit $rc") ;;
	esac
	[ $rc = 0 ] || failed=1
	for job in "${jobs[@]}"; do
		name=$(basename "$job" .sh)
		line=$(awk -F'\t' -v n="$name" '$1 == n { print $2 " " $3 }' "$OUT/$boot/results.tsv" 2>/dev/null)
		if [ -z "$line" ]; then
			summary+=("  FAIL  $boot/$name: no result")
			failed=1
		elif [ "${line%% *}" = 0 ]; then
			summary+=("  PASS  $boot/$name (${line#* } s)")
		else
			summary+=("  FAIL  $boot/$name: exit ${line%% *} (${line#* } s; log $OUT/$boot/$name.log)")
			failed=1
		fi
	done
	warm=$(awk -F'\t' '$1 == "warm-up" { print "exit " $2 ", " $3 " s" }' "$OUT/$boot/results.tsv" 2>/dev/null)
	[ -z "$warm" ] || summary+=("  (crypto warm-up: $warm)")
done

echo "test-kernel: ===== summary (output in $OUT)"
printf 'test-kernel: %s\n' "${summary[@]}"
if [ $failed = 0 ]; then
	echo "test-kernel: PASS (total $(($(date +%s) - t_start)) s)"
else
	echo "test-kernel: FAIL (total $(($(date +%s) - t_start)) s)"
fi
exit $failed
