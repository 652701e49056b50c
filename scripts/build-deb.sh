#!/usr/bin/env bash
# build-deb.sh - builds the Debian package from this tree with the standard tools: dpkg-buildpackage -b (debian/),
# then lintian. The .deb, .buildinfo and .changes end up in out/deb/ (dpkg-buildpackage writes them next to the
# tree; they are moved). Needs the Swift toolchain on PATH, debhelper, dpkg-dev and lintian (docs/packaging.md).
# Exit status: 0 if the package was built and lintian reported no error; the lintian output is in out/deb/lintian.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
command -v swift >/dev/null || { echo "build-deb: swift is not on PATH" >&2; exit 127; }
for tool in dpkg-buildpackage dh lintian; do
	command -v $tool >/dev/null || { echo "build-deb: $tool not found (apt-get install dpkg-dev debhelper lintian)" >&2; exit 127; }
done
version=$(dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
out=$ROOT/out/deb
mkdir -p "$out"
t0=$(date +%s)
# -b: binary only; -us -uc: unsigned. dpkg-checkbuilddeps checks debian/control's Build-Depends first.
dpkg-buildpackage -b -us -uc
parent=$(dirname "$ROOT")
for f in "raccoon_${version}_${arch}.deb" "raccoon_${version}_${arch}.buildinfo" "raccoon_${version}_${arch}.changes"; do
	mv -f "$parent/$f" "$out/"
done
deb=$out/raccoon_${version}_${arch}.deb
echo "build-deb: $deb ($(du -k "$deb" | cut -f1) KiB, $(($(date +%s) - t0)) s)"
# Tags lintian still reports are explained in docs/packaging.md.
# bogus-mail-host*: debian/control's Maintainer is a placeholder until the project has an address (docs/packaging.md).
lintian --info --display-info --suppress-tags bogus-mail-host,bogus-mail-host-in-debian-changelog \
	"$out/raccoon_${version}_${arch}.changes" | tee "$out/lintian.txt" || true
if grep -q '^E: ' "$out/lintian.txt"; then
	echo "build-deb: lintian reported errors (see $out/lintian.txt)" >&2
	exit 1
fi
ln -sfn "$(basename "$deb")" "$out/raccoon.deb"
