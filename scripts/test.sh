#!/usr/bin/env bash
# The test command from the README: the unit suite, then the real-kernel suites in qemu guests
# (scripts/test-kernel.sh, then the interop suite scripts/interop/run.sh; RACCOON_SKIP_KERNEL_TESTS=1
# skips both, loudly).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build
swift test
# Both real-kernel suites run even if the first fails; the exit status reports either failure.
rc=0
VM_NO_BUILD=1 scripts/test-kernel.sh || rc=1
# Interoperability with strongSwan's charon, ike-scan and tshark: the whole matrix (docs/interop.md).
VM_NO_BUILD=1 scripts/interop/run.sh --set full || rc=1
exit $rc
