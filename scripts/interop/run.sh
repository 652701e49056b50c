#!/usr/bin/env bash
# run.sh - run the interop suite (scripts/vm/guest/interop-*.sh) in its qemu boots and print its tables.
#
#   scripts/interop/run.sh [--side raccoon|charon] [--set ci|full] [--only REGEX] [--boots "plain noafkey"]
#                          [--jobs "interop-strongswan interop-ikescan"]
#
#   --side   what plays the side under test (RACCOON_INTEROP_SIDE; default: the job's default)
#   --set    ci (default; every algorithm at least once per role) or full (the whole phase-1 matrix)
#   --only   only the cases whose "name/role" matches REGEX (RACCOON_INTEROP_ONLY)
#   --boots  only these boots (VM_BOOTS): plain = Raccoon over PF_KEY, noafkey = over XFRM; default both
# Boots: plain (Raccoon over PF_KEY; both jobs) and noafkey (af_key blocked, Raccoon over XFRM; interop-strongswan).
# Output: out/vm/interop-<timestamp>/{plain,noafkey}/ (VM_TEST_OUT overrides): interop-strongswan/summary.tsv,
# cases/<case>/{side,peer}/ (configs and logs), interop.pcap and tshark-*.txt; interop-ikescan/.
# Time limits: VM_JOB_TIMEOUT (default here 1800 s) and VM_TIMEOUT (2400 s) are raised for the full set.
set -euo pipefail
cd "$(dirname "$0")/../.."
jobs="interop-strongswan interop-ikescan"
while [ $# -gt 0 ]; do
	case $1 in
	--side) export RACCOON_INTEROP_SIDE=$2; shift 2 ;;
	--set) export RACCOON_INTEROP_SET=$2; shift 2 ;;
	--only) export RACCOON_INTEROP_ONLY=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--boots) export VM_BOOTS=$2; shift 2 ;;
	-h | --help) sed -n '2,15p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
out=${VM_TEST_OUT:-$PWD/out/vm/interop-$(date +%Y%m%d-%H%M%S)}
# shellcheck disable=SC2086 # the job list is words
VM_TEST_OUT=$out VM_JOB_TIMEOUT=${VM_JOB_TIMEOUT:-1800} VM_TIMEOUT=${VM_TIMEOUT:-2400} scripts/test-kernel.sh $jobs && rc=0 || rc=$?
for f in "$out"/*/interop-strongswan/summary.tsv; do
	[ -s "$f" ] && { echo "== $f"; column -t -s "$(printf '\t')" "$f"; }
done
exit $rc
