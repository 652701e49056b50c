#!/bin/bash
# profile.sh - instruction profile of a responder, per negotiation.
#
# perf's hardware counters are not available on this VM (`perf stat -e
# instructions true` prints "<not supported>"), so the profile comes from
# valgrind's callgrind: it counts instructions (Ir), which does not depend on
# the other load on the machine.  The responder runs under callgrind with
# instrumentation switched on only while the negotiations run; the initiator
# runs natively.
#
# usage: profile.sh TARGET [--count N] [--concurrency C] [--top K] [--out FILE]
#   strongswan            charon responder (charon initiator runs natively)
#   strongswan-initiator  charon initiator, from its start (charon responder native)
#   raccoon               raccoon --kernel=memory responder, sampled by perf (cpu-clock):
#                         valgrind 3.19 dies in the daemon's libdispatch signal thread,
#                         so the daemon gets time shares, not instruction counts
#   raccoon-syscalls      raccoon --kernel=memory responder under perf stat: system calls
#                         by kind, context switches and CPU per negotiation (counts,
#                         independent of other load)
#   raccoon-engine        the engine-level responder (raccoon-loadgen --respond) under callgrind
#   raccoon-initiator     raccoon-loadgen, whole run, against a native charon responder
# Prints Ir per negotiation and the K most expensive functions (inclusive and
# exclusive), and keeps the callgrind file (default /tmp/raccoon-profile-TARGET.callgrind).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
DAEMON=${1:-}; shift || true
COUNT=200; CONC=4; TOP=25; OUT=
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --concurrency) CONC=$2; shift 2 ;;
    --top) TOP=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) bench_die "unknown argument $1" ;;
  esac
done
case "$DAEMON" in
  strongswan|raccoon|raccoon-syscalls|raccoon-engine|strongswan-initiator|raccoon-initiator) ;;
  *) bench_die "usage: profile.sh strongswan|strongswan-initiator|raccoon|raccoon-syscalls|raccoon-engine|raccoon-initiator [--count N] [--concurrency C] [--top K] [--out FILE]" ;;
esac
# perf_responder VARIABLE DEFAULT_OUT: bench-raccoon.sh with VARIABLE=OUT, which puts perf on the responder daemon
perf_responder() {
  command -v perf >/dev/null || bench_die "perf missing (apt-get install linux-perf)"
  OUT=${OUT:-$2}
  rm -f "$OUT"
  env "$1=$OUT" "$HERE/bench-raccoon.sh" --concurrency "$CONC" --count "$COUNT" --kind profile | grep -v '^RESULT' || true
  [ -s "$OUT" ] || bench_die "no perf output ($OUT)"
  echo
}
if [ "$DAEMON" = raccoon ]; then
  perf_responder PERF_OUT /tmp/raccoon-profile-raccoon.perf
  echo "== share of the responder's CPU samples by library"
  perf report -i "$OUT" --no-children --sort dso -g none 2>/dev/null | grep '%' | head -10
  echo "== inclusive, top $TOP"
  perf report -i "$OUT" --children --sort sym -g none 2>/dev/null | grep '%' | head -"$TOP"
  echo "== exclusive, top $TOP"
  perf report -i "$OUT" --no-children --sort sym -g none 2>/dev/null | grep '%' | head -"$TOP"
  exit 0
fi
if [ "$DAEMON" = raccoon-syscalls ]; then
  perf_responder PERF_STAT_OUT /tmp/raccoon-profile-syscalls.csv
  echo "== the responder, per negotiation ($COUNT negotiations, C = $CONC)"
  # perf stat -x, lines: value,unit,event,...
  awk -F, -v n="$COUNT" '$1 ~ /^[0-9.]+$/ {
      name = $3; sub(/^syscalls:sys_enter_/, "", name); sub(/^raw_syscalls:sys_enter$/, "all system calls", name)
      if ($3 == "task-clock") printf "%-22s %10.3f ms\n", "CPU", $1 / n
      else printf "%-22s %10.2f\n", name, $1 / n
    }' "$OUT"
  exit 0
fi
command -v callgrind_annotate >/dev/null || bench_die "valgrind missing (apt-get install valgrind)"
OUT=${OUT:-/tmp/raccoon-profile-$DAEMON.callgrind}
rm -f "$OUT" "$OUT".*
case "$DAEMON" in
  strongswan) PROFILE_OUT=$OUT "$HERE/bench-strongswan.sh" --concurrency "$CONC" --count "$COUNT" --kind profile ;;
  strongswan-initiator)
    PROFILE_OUT=$OUT PROFILE_SIDE=initiator "$HERE/bench-strongswan.sh" --concurrency "$CONC" --count "$COUNT" --kind profile ;;
  raccoon-engine) PROFILE_OUT=$OUT RACCOON_RESPONDER=engine "$HERE/bench-raccoon.sh" --concurrency "$CONC" --count "$COUNT" --kind profile ;;
  raccoon-initiator) PROFILE_OUT=$OUT "$HERE/bench-cross.sh" --direction rcn2sw --concurrency "$CONC" --count "$COUNT" ;;
esac | grep -v '^RESULT' || true
# the dump taken right after the run (callgrind_control -d) is OUT.1; the load
# generator's whole run is OUT
DUMPS=$(ls "$OUT".1* 2>/dev/null || true)
[ -n "$DUMPS" ] || { [ -s "$OUT" ] && DUMPS=$OUT; }
[ -n "$DUMPS" ] || bench_die "no callgrind dump ($OUT.1*)"
total=0
for f in $DUMPS; do
  ir=$(awk '/^totals:/ {print $2}' "$f"); total=$((total + ${ir:-0}))
done
echo
echo "$DAEMON: $total instructions (Ir) for $COUNT negotiations = $((total / COUNT)) Ir per negotiation"
echo
for f in $DUMPS; do
  echo "== inclusive, top $TOP ($f)"
  callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n "3,$((TOP + 2))p"
  echo "== exclusive, top $TOP"
  callgrind_annotate --threshold=100 "$f" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n "3,$((TOP + 2))p"
done
