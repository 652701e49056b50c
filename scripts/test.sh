#!/usr/bin/env bash
# The test command from the README: the unit suite, then the real-kernel suite in qemu guests
# (scripts/test-kernel.sh; RACCOON_SKIP_KERNEL_TESTS=1 skips it, loudly).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build
swift test
VM_NO_BUILD=1 scripts/test-kernel.sh
