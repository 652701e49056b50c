#!/bin/bash
# bench-cross.sh - one daemon against the other, over the same veth pair and
# with the same work as bench-strongswan.sh / bench-raccoon.sh:
#
#   --direction rcn2sw   raccoon-loadgen (Raccoon's engine as initiator, in-memory
#                        kernels) -> strongSwan charon responder (fake kernel).
#                        Measures our initiator against a neutral responder.
#                        PROFILE_OUT=FILE runs the load generator under callgrind.
#   --direction sw2rcn   charon's load-tester -> raccoon --kernel=memory responder.
#                        Measures our responder against a neutral client
#                        (needs the daemon's --kernel=memory; SKIP until then).
#
# usage: bench-cross.sh --direction rcn2sw|sw2rcn [--concurrency C] [--count N]
#                       [--result FILE] [--keep]
# env:   RACCOON_BIN_DIR (default .build/release), SW_PREFIX
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
. "$HERE/strongswan-lib.sh"

DIRECTION=; CONC=8; COUNT=2000; RESULT=; KEEP=0
IKE_P=aes128-sha1-modp1024; ESP_P=aes128-sha1-modp1024
while [ $# -gt 0 ]; do
  case "$1" in
    --direction) DIRECTION=$2; shift 2 ;;
    --concurrency|-c) CONC=$2; shift 2 ;;
    --count|-n) COUNT=$2; shift 2 ;;
    --result) RESULT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1" ;;
  esac
done
bench_need_root
BIN=${RACCOON_BIN_DIR:-$ROOT/.build/release}
skip() { echo "SKIP cross $DIRECTION: $*"; exit 3; }
TIMEOUT=${TIMEOUT:-$(( 30 + COUNT / 20 ))}
case "$DIRECTION" in
  rcn2sw) [ -x "$BIN/raccoon-loadgen" ] || skip "no $BIN/raccoon-loadgen" ;;
  sw2rcn)
    [ -x "$BIN/raccoon" ] || skip "no $BIN/raccoon"
    "$BIN/raccoon" --kernel=memory --help >/dev/null 2>&1 || skip "raccoon does not accept --kernel=memory yet" ;;
  *) bench_die "--direction rcn2sw|sw2rcn" ;;
esac
SW_PREFIX=${SW_PREFIX:-$("$HERE/build-strongswan.sh" | sed -n 's/^SW_PREFIX=//p')}
CHARON=$SW_PREFIX/libexec/ipsec/charon
[ -x "$CHARON" ] || bench_die "no charon at $CHARON"

WORK=$(mktemp -d /tmp/raccoon-bench-x.XXXXXX)
RPID=; IPID=
cleanup() {
  set +e
  bench_stop_pid "$IPID" charon
  bench_stop_pid "$RPID" charon
  bench_stop_pid "$RPID" raccoon
  ip -n "$BENCH_NS_R" route del "$BENCH_PEER_NET" 2>/dev/null
  ip -n "$BENCH_NS_I" route del local "$BENCH_PEER_NET" dev lo table local 2>/dev/null
  bench_netns_down
  if [ "$KEEP" = 1 ]; then bench_info "kept logs in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_netns_up
hz=$(getconf CLK_TCK)

if [ "$DIRECTION" = rcn2sw ]; then
  ip -n "$BENCH_NS_I" route replace local "$BENCH_PEER_NET" dev lo table local
  ip -n "$BENCH_NS_R" route replace "$BENCH_PEER_NET" via "$BENCH_IP_I"
  write_conf "$WORK/resp" responder-any
  RPID=$(start_charon "$WORK/resp" "$BENCH_NS_R")
  sleep 1
  r_boot=$(bench_cpu_ticks "$RPID"); r_rss0=$(bench_status_kib "$RPID" VmRSS)
  OTHER=$(bench_other_load)
  bench_info "cross rcn2sw: charon responder pid $RPID; raccoon-loadgen: $COUNT negotiations at concurrency $CONC"
  # PROFILE_OUT=FILE: the load generator runs under callgrind (profile.sh raccoon-initiator)
  LGWRAP=
  if [ -n "${PROFILE_OUT:-}" ]; then
    LGWRAP="valgrind --tool=callgrind --callgrind-out-file=$PROFILE_OUT"; TIMEOUT=$(( TIMEOUT * 20 ))
  fi
  set +e
  timeout "$TIMEOUT" ip netns exec "$BENCH_NS_I" nice -n "$BENCH_NICE" $LGWRAP \
    "$BIN/raccoon-loadgen" --remote "$BENCH_IP_R" --psk "$BENCH_PSK" \
    --local-net "$BENCH_PEER_NET" --count "$COUNT" --concurrency "$CONC" --mode tunnel --timeout 20 \
    >"$WORK/loadgen.out" 2>"$WORK/loadgen.err"
  lg=$?
  set -e
  sleep 0.5
  r_cpu=$(( $(bench_cpu_ticks "$RPID") - r_boot ))
  r_hwm=$(bench_status_kib "$RPID" VmHWM); r_rss1=$(bench_status_kib "$RPID" VmRSS)
  [ "$lg" = 0 ] || { tail -20 "$WORK/loadgen.err" >&2; bench_info "raccoon-loadgen exited with $lg"; }
  LGRES=$(grep '^LOADGEN ' "$WORK/loadgen.out" | tail -1 || true)
  [ -n "$LGRES" ] || { tail -30 "$WORK/resp/charon.log" >&2; bench_die "raccoon-loadgen printed no LOADGEN line"; }
  "$BENCH_PY" - "$LGRES" "$COUNT" "$CONC" "$r_cpu" "$hz" "$r_hwm" "$r_rss0" "$r_rss1" "$OTHER" "${RESULT:-}" <<'PY'
import sys
(lg, count, conc, rcpu, hz, rhwm, rss0, rss1, other, result) = sys.argv[1:]
f = dict(x.split("=", 1) for x in lg.split()[1:] if "=" in x)
ok = int(f["ok"]); count = int(count)
if not ok:
    print("cross rcn2sw: no negotiation completed"); sys.exit(1)
rcpu_ms = 1000 * int(rcpu) / int(hz) / ok
per_peer = (int(rss1) - int(rss0)) / ok
print(f"cross: raccoon-loadgen -> strongSwan charon responder, concurrency {conc}")
print(f"  completed      {ok}/{count} in {float(f['elapsed_s']):.2f} s (failed {f.get('failed', '?')})")
print(f"  rate           {float(f['rate']):.1f} negotiations/s")
print(f"  cpu/neg        Raccoon initiator {float(f['cpu_ms']):.2f} ms, strongSwan responder {rcpu_ms:.2f} ms")
print(f"  latency        p50 {float(f['p50_ms']):.2f} ms, p99 {float(f['p99_ms']):.2f} ms (ACQUIRE -> both SAs installed)")
print(f"  peak RSS       Raccoon initiator {f['peak_rss_kib']} KiB, strongSwan responder {int(rhwm)} KiB")
print(f"  other load     {other}")
line = (f"RESULT daemon=rcn2sw kind=cross concurrency={conc} count={count} ok={ok} elapsed_s={float(f['elapsed_s']):.3f} "
        f"rate={float(f['rate']):.1f} init_cpu_ms={float(f['cpu_ms']):.3f} resp_cpu_ms={rcpu_ms:.3f} "
        f"p50_ms={float(f['p50_ms']):.3f} p99_ms={float(f['p99_ms']):.3f} init_peak_rss_kib={f['peak_rss_kib']} "
        f"resp_peak_rss_kib={int(rhwm)} resp_rss_per_peer_kib={per_peer:.3f} peers={ok}")
print(line)
if result:
    with open(result, "a") as out: out.write(line + "\n")
if ok < count: sys.exit(2)
PY
  exit $?
fi

# sw2rcn: charon's load-tester -> raccoon --kernel=memory
# every negotiation comes from the load-tester's one address
printf '# generated by bench-cross.sh\n%s %s\n' "$BENCH_IP_I" "$BENCH_PSK" >"$WORK/psk.txt"
# tunnel mode between the two IKE addresses, as the load-tester proposes
printf 'spdadd %s/32 %s/32 any -P in ipsec esp/tunnel/%s-%s/require;\nspdadd %s/32 %s/32 any -P out ipsec esp/tunnel/%s-%s/require;\n' \
  "$BENCH_IP_I" "$BENCH_IP_R" "$BENCH_IP_I" "$BENCH_IP_R" "$BENCH_IP_R" "$BENCH_IP_I" "$BENCH_IP_R" "$BENCH_IP_I" >"$WORK/spd.conf"
chmod 600 "$WORK/psk.txt"
bench_responder_conf "$WORK/psk.txt" disabled "scripts/bench/bench-cross.sh (Raccoon responder for charon's load-tester)" >"$WORK/racoon.conf"
setsid ip netns exec "$BENCH_NS_R" nice -n "$BENCH_NICE" \
  "$BIN/raccoon" -F -f "$WORK/racoon.conf" -l "$WORK/raccoon.log" --kernel=memory="$WORK/spd.conf" >"$WORK/raccoon.stdout" 2>&1 </dev/null &
RPID=$!
sleep 1
kill -0 "$RPID" 2>/dev/null || { tail -20 "$WORK/raccoon.stdout" "$WORK/raccoon.log" >&2 2>/dev/null; bench_die "raccoon exited at startup"; }
r_boot=$(bench_cpu_ticks "$RPID"); r_rss0=$(bench_status_kib "$RPID" VmRSS)
write_conf "$WORK/init" initiator "$BENCH_IP_I"
IPID=$(start_charon "$WORK/init" "$BENCH_NS_I")
bench_info "cross sw2rcn: raccoon responder pid $RPID, charon initiator pid $IPID: $COUNT at concurrency $CONC"
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  n=$(grep -c -F ' established with SPIs ' "$WORK/init/charon.log" 2>/dev/null || true)
  [ "${n:-0}" -ge "$COUNT" ] && break
  kill -0 "$IPID" 2>/dev/null || break
  [ "$(date +%s)" -lt "$deadline" ] || { bench_info "timeout with $n/$COUNT"; break; }
  sleep 0.5
done
sleep 0.5
r_cpu=$(( $(bench_cpu_ticks "$RPID") - r_boot ))
r_hwm=$(bench_status_kib "$RPID" VmHWM); r_rss1=$(bench_status_kib "$RPID" VmRSS)
ok=$(grep -c -F ' established with SPIs ' "$WORK/init/charon.log" 2>/dev/null || true)
ok=${ok:-0}
[ "$ok" -gt 0 ] || { tail -20 "$WORK/raccoon.log" "$WORK/init/charon.log" >&2 2>/dev/null; bench_die "no negotiation completed"; }
OUTPUT=$(awk -v ok="$ok" -v count="$COUNT" -v conc="$CONC" -v r="$r_cpu" -v hz="$hz" -v hwm="$r_hwm" -v a="$r_rss0" -v b="$r_rss1" 'BEGIN {
  printf "cross: strongSwan load-tester -> Raccoon responder, concurrency %d: %d/%d established\n", conc, ok, count
  printf "  cpu/neg        Raccoon responder %.3f ms; peak RSS %d KiB; RSS/peer %.2f KiB\n", 1000 * r / hz / ok, hwm, (b - a) / ok
  printf "RESULT daemon=sw2rcn kind=cross concurrency=%d count=%d ok=%d resp_cpu_ms=%.3f resp_peak_rss_kib=%d resp_rss_per_peer_kib=%.3f peers=%d\n", conc, count, ok, 1000 * r / hz / ok, hwm, (b - a) / ok, ok
}')
echo "$OUTPUT"
[ -z "$RESULT" ] || echo "$OUTPUT" | grep '^RESULT' >>"$RESULT"
[ "$ok" -ge "$COUNT" ]
