#!/usr/bin/env bash
# startup-compare.sh - issue 18's before/after: builds raccoon, raccoonctl and setkey in release mode linked against
# the toolchain's shared libraries (out/startup/dynamic) and self-contained (--static-swift-stdlib,
# out/startup/static), prints ldd of each, then boots one busybox guest running scripts/vm/guest/startup-time.sh.
# Manual (not in CI): the figures go to docs/daemon.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
for kind in dynamic static; do
	flags=()
	[ $kind = static ] && flags=(--static-swift-stdlib)
	for p in raccoon raccoonctl setkey; do swift build -c release "${flags[@]}" --product $p; done
	bin=$(swift build -c release "${flags[@]}" --show-bin-path)
	mkdir -p out/startup/$kind
	cp "$bin/raccoon" "$bin/raccoonctl" "$bin/setkey" out/startup/$kind/
	for p in raccoon raccoonctl setkey; do
		echo "startup-compare: $kind $p $(du -k out/startup/$kind/$p | cut -f1) KiB: $(ldd out/startup/$kind/$p | awk '{ print $1 }' | tr '\n' ' ')"
	done
done
exec scripts/test-kernel.sh startup-time
