#!/bin/bash
# build-strongswan.sh - build strongSwan's charon with the load-tester plugin
# (fake kernel backend + built-in IKEv1 load generator) from Debian's own
# source package, for scripts/bench/bench-strongswan.sh.
#
# Debian 12 ships strongSwan 5.9.8 but not the load-tester plugin, so the
# upstream tarball of Debian's source package is fetched with `apt-get source`
# through a PRIVATE apt state (sources list, lists and cache under the build
# dir): the host's /etc/apt and /var/lib/apt are neither read for sources nor
# written.  Then it is configured with a minimal plugin set and installed
# under the cache dir (outside the repository).
#
# One patch is applied to the load generator only (not to charon's protocol
# path): strongswan-load-tester-child-limit.patch adds load-tester.child_limit,
# an exact bound on negotiations (MM + QM) in flight; see the patch header.
#
# usage: build-strongswan.sh [--force]
# env:   BENCH_CACHE  (default /var/cache/raccoon-bench)
#        SW_VERSION   (default 5.9.8, Debian 12's version)
#        JOBS         (default 1: other builds share the machine; the build runs under nice -n 19)
#        DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SUITE (default bookworm)
# Output: prints SW_PREFIX=<dir> on success; charon is $SW_PREFIX/libexec/ipsec/charon.
# Needs:  gcc make pkg-config bzip2 libgmp-dev libssl-dev (apt-get install).
set -euo pipefail

BENCH_CACHE=${BENCH_CACHE:-/var/cache/raccoon-bench}
SW_VERSION=${SW_VERSION:-5.9.8}
JOBS=${JOBS:-1}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
HERE=$(cd "$(dirname "$0")" && pwd)
PATCH=$HERE/strongswan-load-tester-child-limit.patch
SW_BUILD=$BENCH_CACHE/strongswan-$SW_VERSION
PREFIX=$SW_BUILD/install
FORCE=0
[ "${1:-}" = --force ] && FORCE=1

die()  { echo "build-strongswan: ERROR: $*" >&2; exit 1; }
info() { echo "[$(date +%H:%M:%S)] build-strongswan: $*" >&2; }

charon=$PREFIX/libexec/ipsec/charon
plugin=$PREFIX/lib/ipsec/plugins/libstrongswan-load-tester.so
stamp=$PREFIX/.raccoon-bench-$(sha256sum "$PATCH" | cut -c1-16)
if [ "$FORCE" = 0 ] && [ -x "$charon" ] && [ -e "$plugin" ] && [ -e "$stamp" ]; then
  info "already built in $PREFIX"
  echo "SW_PREFIX=$PREFIX"; exit 0
fi

[ "$(id -u)" = 0 ] || [ -w "$BENCH_CACHE" ] 2>/dev/null || die "cannot write $BENCH_CACHE (run as root or set BENCH_CACHE)"
missing=()
for p in gcc make pkg-config bzip2 apt-get; do command -v "$p" >/dev/null || missing+=("$p"); done
for h in gmp.h openssl/evp.h; do
  [ -e "/usr/include/$h" ] || [ -e "/usr/include/$(gcc -dumpmachine 2>/dev/null)/$h" ] || missing+=("$h")
done
if [ ${#missing[@]} -gt 0 ]; then
  die "missing ${missing[*]}: apt-get install gcc make pkg-config bzip2 libgmp-dev libssl-dev"
fi

mkdir -p "$SW_BUILD"
TARBALL=$SW_BUILD/strongswan_$SW_VERSION.orig.tar.bz2
if [ ! -s "$TARBALL" ]; then
  A=$SW_BUILD/apt
  mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -e "$keyring" ] || die "no $keyring (apt-get install debian-archive-keyring)"
  echo "deb-src [signed-by=$keyring] $DEBIAN_MIRROR $DEBIAN_SUITE main" > "$A/sources.list"
  APTOPTS=(-o Dir::Etc::SourceList="$A/sources.list" -o Dir::Etc::SourceParts=/dev/null
           -o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache"
           -o Dir::State::status="$A/status" -o APT::Sandbox::User=root)
  : > "$A/status"
  info "fetching the strongswan source package with apt-get source (private apt state in $A)"
  apt-get "${APTOPTS[@]}" update >"$A/update.log" 2>&1 || { tail -5 "$A/update.log" >&2; die "apt-get update (deb-src) failed"; }
  (cd "$SW_BUILD" && apt-get "${APTOPTS[@]}" source --download-only "strongswan=$SW_VERSION*" >"$A/source.log" 2>&1) ||
    (cd "$SW_BUILD" && apt-get "${APTOPTS[@]}" source --download-only strongswan >>"$A/source.log" 2>&1) || true
  [ -s "$TARBALL" ] || { tail -5 "$A/source.log" >&2; die "apt-get source did not produce $TARBALL"; }
fi

SRC=$SW_BUILD/strongswan-$SW_VERSION
DSC=$(ls "$SW_BUILD"/strongswan_"$SW_VERSION"-*.dsc 2>/dev/null | sort -V | tail -1 || true)
if [ ! -d "$SRC" ] || [ "$FORCE" = 1 ]; then
  rm -rf "$SRC"
  if [ -n "$DSC" ] && command -v dpkg-source >/dev/null; then
    # Debian's source package: upstream tarball plus Debian's patches (security fixes)
    info "unpacking $(basename "$DSC") with dpkg-source (Debian patches applied)"
    (cd "$SW_BUILD" && dpkg-source --no-check -x "$(basename "$DSC")" "$SRC" >"$SW_BUILD/unpack.log" 2>&1) ||
      { tail -5 "$SW_BUILD/unpack.log" >&2; die "dpkg-source -x failed"; }
    # A patched Makefile.am is newer than the shipped Makefile.in, and make would
    # then try to rerun automake (not needed, and not installed): give patched
    # autotools inputs the mtime of the unpatched configure.ac.
    sed -n 's#^+++ [^/]*/\([^[:space:]]*\).*#\1#p' "$SRC"/debian/patches/*.patch 2>/dev/null | sort -u |
      grep -E '(Makefile\.am|configure\.ac|\.m4)$' | while read -r f; do
        if [ -e "$SRC/$f" ]; then touch -r "$SRC/configure.ac" "$SRC/$f"; fi
      done
  else
    info "dpkg-source or the .dsc is missing: building the unpatched upstream tarball"
    tar -C "$SW_BUILD" -xjf "$TARBALL"
  fi
fi
cd "$SRC"
if [ ! -e .raccoon-bench-patched ]; then
  info "applying $(basename "$PATCH")"
  patch -p1 --forward <"$PATCH" >"$SW_BUILD/patch.log" 2>&1 || { cat "$SW_BUILD/patch.log" >&2; die "patch failed"; }
  touch .raccoon-bench-patched
fi
if [ ! -e Makefile ]; then
  info "configuring (log: $SW_BUILD/configure.log)"
  # Debian's compiler flags (dpkg-buildflags with the package's hardening=+all), so
  # the code is compiled as Debian compiles its charon.
  if command -v dpkg-buildflags >/dev/null; then
    eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
  fi
  # --with-piddir=/run: bench-strongswan.sh bind-mounts a private dir on /run
  # for each charon (charon refuses to start while charon.pid exists).
  nice -n 19 ./configure --prefix="$PREFIX" --sysconfdir="$PREFIX/etc" \
    --with-piddir=/run --disable-defaults \
    --enable-charon --enable-swanctl --enable-vici --enable-ikev1 --enable-ikev2 \
    --enable-openssl --enable-gmp --enable-random --enable-nonce --enable-aes --enable-des \
    --enable-sha1 --enable-sha2 --enable-md5 --enable-hmac --enable-pem --enable-pkcs1 \
    --enable-x509 --enable-pubkey --enable-constraints --enable-revocation \
    --enable-kernel-netlink --enable-socket-default --enable-load-tester \
    >"$SW_BUILD/configure.log" 2>&1 || { tail -20 "$SW_BUILD/configure.log" >&2; die "configure failed"; }
fi
info "building with nice -n 19 make -j$JOBS (log: $SW_BUILD/make.log)"
nice -n 19 make -j"$JOBS" >"$SW_BUILD/make.log" 2>&1 || { tail -30 "$SW_BUILD/make.log" >&2; die "make failed"; }
nice -n 19 make install >"$SW_BUILD/install.log" 2>&1 || { tail -30 "$SW_BUILD/install.log" >&2; die "make install failed"; }
[ -x "$charon" ] && [ -e "$plugin" ] || die "charon or the load-tester plugin is not where expected under $PREFIX"
rm -f "$PREFIX"/.raccoon-bench-*; touch "$stamp"
info "built strongSwan $SW_VERSION with load-tester into $PREFIX"
echo "SW_PREFIX=$PREFIX"
