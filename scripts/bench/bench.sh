#!/bin/bash
# bench.sh - the whole benchmark in one command, from a clean clone (as root):
#
#   scripts/bench/bench.sh            # full run (about 15-25 min on 2 cores)
#   scripts/bench/bench.sh --quick    # C = 1 4 16, 1000 negotiations, 1k/10k peers
#
# 1. installs what is missing (Debian packages: compilers and headers for the
#    strongSwan build, python3-matplotlib for the plot, iproute2);
# 2. builds strongSwan 5.9.8 charon + load-tester from Debian's source package
#    (build-strongswan.sh, cached under $BENCH_CACHE) and Raccoon in release
#    mode (swift build -c release);
# 3. measures the DH floor (raccoon-bench crypto: OpenSSL's MODP-1024 keygen
#    and derive at Raccoon's exponent size);
# 4. for each concurrency C, runs strongSwan charon -> charon and Raccoon
#    loadgen -> raccoon back to back (interleaved, so both see the same
#    background load), N negotiations each;
#    plus the cross run raccoon-loadgen -> charon responder at each C, and
#    charon's load-tester -> raccoon responder once (C = 8);
# 5. memory runs: N established peers at 1k, 10k, 50k (Raccoon) and 1k, 10k
#    (strongSwan; 50k with --sw-peers);
# 6. prints the table with Raccoon/strongSwan ratios and the goal check,
#    writes docs/perf/results-<UTC time>.txt and draws
#    docs/perf/rate-vs-concurrency.png.
#
# The Raccoon side is pluggable: bench-raccoon.sh exits 3 ("SKIP raccoon")
# while the daemon's --kernel=memory or the raccoon-loadgen target are
# missing, and the run then holds strongSwan's figures only.
#
# options: --concurrency "1 2 4 ..."  --count N  --peers "1000 10000 50000"
#          --sw-peers "1000 10000"  --only raccoon|strongswan  --no-install
#          --no-build  --out DIR (default docs/perf)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"

LEVELS="1 2 4 8 16 32 64"; COUNT=2000; PEERS="1000 10000 50000"; SW_PEERS="1000 10000"
ONLY=; INSTALL=1; BUILD=1; OUT=$ROOT/docs/perf; MEM_CONC=32
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) LEVELS="1 4 16"; COUNT=1000; PEERS="1000 10000"; SW_PEERS="1000"; shift ;;
    --concurrency) LEVELS=$2; shift 2 ;;
    --count) COUNT=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --sw-peers) SW_PEERS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --no-install) INSTALL=0; shift ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1" ;;
  esac
done
bench_need_root
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

# --- 1. packages -------------------------------------------------------------
if [ "$INSTALL" = 1 ]; then
  need=()
  for p in gcc make pkg-config bzip2 patch libgmp-dev libssl-dev dpkg-dev iproute2 python3-matplotlib debian-archive-keyring; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    bench_info "installing ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# --- 2. builds -----------------------------------------------------------------
if want strongswan; then
  SW_PREFIX=$("$HERE/build-strongswan.sh" | sed -n 's/^SW_PREFIX=//p')
  export SW_PREFIX
fi
# RACCOON_BIN_DIR: take the Raccoon binaries from elsewhere (then nothing is built)
if [ -n "${RACCOON_BIN_DIR:-}" ]; then BUILD=0; fi
BIN=${RACCOON_BIN_DIR:-$ROOT/.build/release}
export RACCOON_BIN_DIR=$BIN
if [ "$BUILD" = 1 ]; then
  for product in raccoon raccoon-loadgen raccoon-bench; do
    if grep -q "name: \"$product\"" "$ROOT/Package.swift"; then
      bench_info "swift build -c release --product $product"
      (cd "$ROOT" && nice -n 19 swift build -c release --product "$product" 2>&1 | tail -3) ||
        bench_info "building $product failed"
    fi
  done
fi

mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%d-%H%M%S)
RES=$OUT/results-$STAMP.txt
RAW=$(mktemp /tmp/raccoon-bench-results.XXXXXX)
trap 'rm -f "$RAW"' EXIT
{
  echo "# Raccoon vs strongSwan IKEv1 benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "# machine: $(bench_machine)"
  echo "# raccoon: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown), binaries from $BIN"
  echo "# strongSwan: 5.9.8 from Debian's source package + load-tester (scripts/bench/build-strongswan.sh)"
  echo "# work: MM (PSK) + QM with PFS, IKE aes128-sha1-modp1024, ESP aes128-sha1 + modp1024,"
  echo "#       tunnel mode (strongSwan, cross runs) / transport mode (Raccoon -> Raccoon: one wildcard policy pair),"
  echo "#       fake/in-memory kernels, real UDP over a veth pair between two network namespaces"
  echo "# sweep: $COUNT negotiations per concurrency level C in {$LEVELS}; both daemons at nice $BENCH_NICE"
  echo "# load at start: $(bench_other_load)"
} >"$RAW"

# --- 3. DH floor -----------------------------------------------------------------
if [ -x "$BIN/raccoon-bench" ]; then
  bench_info "raccoon-bench crypto (DH floor)"
  nice -n "$BENCH_NICE" "$BIN/raccoon-bench" crypto >"$RAW.crypto" 2>&1 || true
  "$BENCH_PY" - "$RAW.crypto" "$(nproc)" >>"$RAW" <<'PY' || true
import re, sys
kg = dv = bits = None
chain = ""
for line in open(sys.argv[1]):
    c = re.match(r"serial chain, .* = ([\d.]+) µs", line)
    if c:
        chain = f" chain_us={c.group(1)}"
    m = re.match(r"\s*(keygen|derive) group 2 \(\S+, x=(\d+) bits\) raw OpenSSL\s+([\d.]+)\s+([\d.]+)", line)
    if m:
        bits = m.group(2)
        if m.group(1) == "keygen": kg = float(m.group(4))
        else: dv = float(m.group(4))
if kg and dv:
    print(f"DHFLOOR keygen_us={kg} derive_us={dv} exponent_bits={bits} cores={sys.argv[2]}{chain}")
PY
  sed 's/^/# crypto: /' "$RAW.crypto" >>"$RAW"; rm -f "$RAW.crypto"
fi

# --- 4. sweep, interleaved ---------------------------------------------------------
RACCOON_OK=1
for c in $LEVELS; do
  if want strongswan; then
    "$HERE/bench-strongswan.sh" --concurrency "$c" --count "$COUNT" --kind sweep --result "$RAW" |
      grep -v '^RESULT' || bench_info "strongSwan run C=$c failed"
  fi
  if want raccoon && [ "$RACCOON_OK" = 1 ]; then
    set +e
    "$HERE/bench-raccoon.sh" --concurrency "$c" --count "$COUNT" --kind sweep --result "$RAW" >"$RAW.rc" 2>&1
    rc=$?
    set -e
    grep -v '^RESULT' "$RAW.rc" || true
    if [ "$rc" = 3 ]; then RACCOON_OK=0; grep '^SKIP' "$RAW.rc" | sed 's/^/# /' >>"$RAW"; fi
    rm -f "$RAW.rc"
  fi
  if [ -z "$ONLY" ] && [ "${CROSS_OK:-1}" = 1 ]; then
    set +e
    "$HERE/bench-cross.sh" --direction rcn2sw --concurrency "$c" --count "$COUNT" --result "$RAW" >"$RAW.x" 2>&1
    rc=$?
    set -e
    grep -v '^RESULT' "$RAW.x" || true
    if [ "$rc" = 3 ]; then CROSS_OK=0; grep '^SKIP' "$RAW.x" | sed 's/^/# /' >>"$RAW"; fi
    rm -f "$RAW.x"
  fi
done
if [ -z "$ONLY" ]; then
  set +e
  "$HERE/bench-cross.sh" --direction sw2rcn --concurrency 8 --count "$COUNT" --result "$RAW" >"$RAW.x" 2>&1
  rc=$?
  set -e
  grep -v '^RESULT' "$RAW.x" || true
  [ "$rc" != 3 ] || grep '^SKIP' "$RAW.x" | sed 's/^/# /' >>"$RAW"
  rm -f "$RAW.x"
fi

# --- 5. memory ------------------------------------------------------------------------
for p in $PEERS; do
  if want raccoon && [ "$RACCOON_OK" = 1 ]; then
    "$HERE/bench-raccoon.sh" --concurrency "$MEM_CONC" --count "$p" --kind memory --result "$RAW" |
      grep -v '^RESULT' || bench_info "Raccoon memory run with $p peers failed"
  fi
done
for p in $SW_PEERS; do
  if want strongswan; then
    "$HERE/bench-strongswan.sh" --concurrency "$MEM_CONC" --count "$p" --kind memory --result "$RAW" |
      grep -v '^RESULT' || bench_info "strongSwan memory run with $p peers failed"
  fi
done

# --- 6. report, results file, plot ------------------------------------------------------
echo "# load at end: $(bench_other_load)" >>"$RAW"
{
  grep '^#' "$RAW"
  echo
  "$BENCH_PY" "$HERE/report.py" "$RAW"
  echo
  grep -v '^#' "$RAW"
} >"$RES"
echo
"$BENCH_PY" "$HERE/report.py" "$RAW"
if "$BENCH_PY" "$HERE/plot.py" "$RAW" "$OUT/rate-vs-concurrency.png"; then
  bench_info "plot: $OUT/rate-vs-concurrency.png"
else
  bench_info "no plot (python3-matplotlib missing?)"
fi
bench_info "results: $RES"
