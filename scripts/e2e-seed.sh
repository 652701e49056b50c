#!/usr/bin/env bash
# e2e-seed.sh - the acceptance test: the seed walkthrough (labeled IPsec between machine A 10.0.0.1 and machine B
# 10.0.0.2) played end to end on Debian's kernel in a qemu guest: without SELinux (unlabeled policies) and with the
# refpolicy in permissive mode (labeled policies, plus the negative case in enforcing mode), each over PF_KEY (boots
# plain, selinux) and over XFRM netlink on the same kernel with af_key blocked (boots noafkey, noafkey-selinux).
# (The confined run in an enforcing guest is run by hand and does not pass yet: docs/labeled-ipsec.md.)
#
# The walkthrough itself is the guest job scripts/vm/guest/e2e-seed.sh; this wrapper boots the guests through
# scripts/test-kernel.sh (which scripts/test.sh, and so CI, runs with every other guest job) and prints the
# step-by-step summary. Artifacts: OUT/<boot>/e2e-seed/ (A.log and B.log: both daemons' logs; the machines' files;
# setkey dumps; steps.tsv), OUT/<boot>/console.log, OUT/<boot>/timing.txt.
#
# Environment: VM_TEST_OUT (default out/vm/e2e-seed-<timestamp>), VM_NO_BUILD=1 to skip `swift build`, and the
# knobs of scripts/test-kernel.sh and scripts/vm/run-guest.sh. Exit status 0 only if every run passed.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${VM_TEST_OUT:-$PWD/out/vm/e2e-seed-$(date +%Y%m%d-%H%M%S)}
VM_TEST_OUT=$OUT VM_QUIET=${VM_QUIET:-1} scripts/test-kernel.sh e2e-seed
rc=$?
echo
echo "e2e-seed: ===================== step-by-step summary"
for boot in plain selinux noafkey noafkey-selinux; do
	log=$OUT/$boot/e2e-seed.log
	boot_s=$(sed -n 's/^boot_to_job_s=//p' "$OUT/$boot/timing.txt" 2>/dev/null)
	warm=$(awk -F'\t' '$1 == "warm-up" { print $3 }' "$OUT/$boot/results.tsv" 2>/dev/null)
	echo "e2e-seed: --- $boot boot (qemu start -> job ${boot_s:-?} s, crypto warm-up ${warm:-?} s)"
	if [ -r "$log" ]; then
		grep -E '^e2e-seed\[' "$log" | sed 's/^/e2e-seed: /'
	else
		echo "e2e-seed:   no log ($log)"
	fi
	echo "e2e-seed:   daemons' logs: $OUT/$boot/e2e-seed/A.log $OUT/$boot/e2e-seed/B.log"
done
[ $rc = 0 ] && echo "e2e-seed: PASS" || echo "e2e-seed: FAIL"
exit $rc
