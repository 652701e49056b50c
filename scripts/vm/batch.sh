#!/bin/bash
# batch.sh BOOT JOB... - runs inside one guest boot (started by scripts/test-kernel.sh through
# run-guest.sh): optionally warms up the crypto once, then runs each job one after another with
# its own timeout, writes its output to $VM_OUT/<job>.log (and the console) and one line per job
# to $VM_OUT/results.tsv: name, exit code, seconds. Exits 0 only if every job exited 0.
# VM_JOB_TIMEOUT (default 300 s) limits each job; a job's "# vm-job-timeout: N" header raises its own limit.
set -u
boot=$1
shift
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$VM_DIR/guest/lib.sh"
# The output share (9p) is unlabeled in the guest: in enforcing mode no file can be created on it. An enforcing
# boot does its bookkeeping in permissive mode and runs each job enforcing (a job that writes artifacts switches
# back to permissive first, as e2e-seed.sh does).
enforce_jobs() { :; }
if [ "$(vm_selinux_mode)" = enforcing ]; then
	echo 0 >/sys/fs/selinux/enforce
	enforce_jobs() { echo "$1" >/sys/fs/selinux/enforce; }
fi
results=$VM_OUT/results.tsv
: >"$results"
now() { date +%s.%N; }

# VM_JOB_BLOCK_MODULES (the noafkey boots: af_key): modules that must not load in this boot, neither by modprobe
# nor by the kernel's autoload (socket(AF_KEY) -> net-pf-15 -> af_key): modprobe runs /bin/false instead.
for m in ${VM_JOB_BLOCK_MODULES:-}; do
	echo "install $m /bin/false" >>/etc/modprobe.d/raccoon-vm-blocked.conf
	echo "RACCOON-VM: module $m blocked (/etc/modprobe.d/raccoon-vm-blocked.conf)"
done
since() { awk "BEGIN { printf \"%.1f\", $(now) - $1 }"; }

if grep -qsx '# vm-warm:.*crypto.*' "$@"; then
	t0=$(now)
	echo "RACCOON-VM: warm-up start"
	if vm_warm_crypto >"$VM_OUT/warm-up.log" 2>&1; then rc=0; else rc=$?; fi
	cat "$VM_OUT/warm-up.log"
	printf 'warm-up\t%s\t%s\n' "$rc" "$(since "$t0")" >>"$results"
fi

status=0
for job in "$@"; do
	name=$(basename "$job" .sh)
	echo "RACCOON-VM: job $name start (boot $boot)"
	t0=$(now)
	: >"$VM_OUT/$name.log"
	enforce_jobs 1
	# each job in a fresh shell, cwd = the checkout, its own process group (killed on timeout)
	# the job's "# vm-job-timeout: N" header raises its limit (scripts/test-kernel.sh sizes the boot accordingly)
	limit=$(sed -n 's/^# vm-job-timeout: *\([0-9][0-9]*\).*/\1/p' "$job" | head -1)
	[ "${limit:-0}" -gt "${VM_JOB_TIMEOUT:-300}" ] || limit=${VM_JOB_TIMEOUT:-300}
	(cd "$RACCOON_ROOT" && VM_BOOT=$boot timeout -k 5 "$limit" bash "$job") 2>&1 |
		tee "$VM_OUT/$name.log"
	rc=${PIPESTATUS[0]}
	enforce_jobs 0
	secs=$(since "$t0")
	[ "$rc" = 124 ] && echo "RACCOON-VM: job $name timed out after $limit s"
	echo "RACCOON-VM: job $name end rc=$rc ${secs}s"
	printf '%s\t%s\t%s\n' "$name" "$rc" "$secs" >>"$results"
	[ "$rc" = 0 ] || status=1
	vm_netns_teardown
done
exit $status
