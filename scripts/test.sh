#!/usr/bin/env bash
# The test command from the README: the unit suite, a short bounded run of every fuzz target, the XFRM host test
# on this machine's kernel (scripts/xfrm-host-test.sh), the conformance suite (scripts/conformance-test.sh), then
# the real-kernel suites in qemu guests
# (scripts/test-kernel.sh, then the interop suite scripts/interop/run.sh), then the Debian package and the systemd
# guests (RACCOON_SKIP_KERNEL_TESTS=1 skips the guests, loudly).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build
swift test
# The module layering: the engine is sans-I/O, C stays in its two wrappers, raccoonctl links only RaccoonAdmin.
scripts/check-layers.sh
# Every suite runs even if an earlier one fails; the exit status reports any failure.
rc=0
# Every libFuzzer target for FUZZ_CI_SECONDS (default 10) each, one after the other (docs/fuzzing.md, "CI"). The
# fuzzers build into .build-fuzz, so the debug build the qemu suites use is left as it is.
scripts/fuzz-ci.sh "${FUZZ_CI_SECONDS:-10}" || rc=1
# XFRM netlink on this machine's own kernel (no PF_KEY, no ESP), no qemu: setkey and two daemons (issue 22).
scripts/xfrm-host-test.sh || rc=1
# The black-box IKEv1 conformance suite (docs/conformance.md): an independent Python initiator tampers with every
# field against the daemon on this machine (--kernel=memory), no qemu; about 40 s.
scripts/conformance-test.sh || rc=1
VM_NO_BUILD=1 scripts/test-kernel.sh || rc=1
# Interoperability with strongSwan's charon, ike-scan and tshark: the CI set, over PF_KEY (boot plain) and over XFRM
# (boot noafkey). The whole matrix (--set full) is a manual run (docs/interop.md).
VM_NO_BUILD=1 scripts/interop/run.sh --set ci || rc=1
# The Debian package (self-contained release build, lintian), then two Debian 12 guests booted by systemd with it
# installed (docs/packaging.md; docs/vm.md, "systemd guests").
scripts/build-deb.sh || rc=1
scripts/vm/systemd/test-systemd.sh out/deb/raccoon.deb || rc=1
exit $rc
