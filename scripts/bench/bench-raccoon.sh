#!/bin/bash
# bench-raccoon.sh - Raccoon -> Raccoon IKEv1 negotiation benchmark (the same
# work as bench-strongswan.sh; see docs/performance.md "Raccoon side").
#
#   responder  the ordinary daemon, run as a user runs it:
#                raccoon -F -f resp.conf -l resp.log --kernel=memory=spd.conf
#              in namespace $BENCH_NS_R on $BENCH_IP_R:500.  --kernel=memory
#              (hidden option) replaces the PF_KEY socket by Raccoon's
#              in-memory kernel, as strongSwan's fake_kernel does: every SA
#              and policy "install" succeeds, nothing reaches the kernel;
#              spd.conf (setkey -f syntax) is its SPD at startup.
#   initiator  raccoon-loadgen in namespace $BENCH_NS_I: IKEEngine initiators
#              with in-memory kernels over real UDP.  Negotiation i comes from
#              its own address in $BENCH_PEER_NET (an AnyIP local route in the
#              initiator namespace), so the responder sees COUNT distinct
#              peers, and starts from an SADB_ACQUIRE for its own flow; at
#              most CONCURRENCY negotiations are in flight.
#
# Figures: as bench-strongswan.sh.  The loadgen measures rate, its own CPU,
# latency ACQUIRE -> both SAs installed (p50, p99) and its peak RSS; this
# script reads the responder's CPU and RSS from /proc.
#
# usage: bench-raccoon.sh [--concurrency C] [--count N] [--kind sweep|memory]
#                         [--result FILE] [--keep]
# env:   RACCOON_BIN_DIR (default .build/release of this checkout)
# RACCOON_RESPONDER=daemon|engine|auto (default auto: engine until the daemon
# runs with --kernel=memory).  engine (interim):
# the responder is `raccoon-loadgen --respond`, one IKEEngine with a fake kernel
# on the load generator's loop, not the daemon; the figures are labelled
# daemon=raccoon-engine.
# PROFILE_OUT=FILE: the responder runs under callgrind, instrumented only while
# the negotiations run; the profile is FILE.1 (profile.sh raccoon-engine; the
# daemon itself cannot run under valgrind 3.19, which dies in libdispatch's
# signal thread).  PERF_OUT=FILE: perf samples the running responder (cpu-clock,
# call graphs) while the negotiations run (profile.sh raccoon).  PERF_STAT_OUT=FILE:
# perf stat counts the responder's system calls by kind, its context switches
# and CPU time while the negotiations run (counts do not depend on other load;
# profile.sh raccoon-syscalls divides them by the negotiations).
# Exit status 3 (and a "SKIP raccoon: ..." line) when the binaries or the
# options this needs do not exist yet.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"

CONC=8; COUNT=2000; RESULT=; KEEP=0; KIND=sweep
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency|-c) CONC=$2; shift 2 ;;
    --count|-n) COUNT=$2; shift 2 ;;
    --kind) KIND=$2; shift 2 ;;
    --result) RESULT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1" ;;
  esac
done
[ "$CONC" -ge 1 ] && [ "$COUNT" -ge "$CONC" ] || bench_die "need 1 <= concurrency <= count"
bench_need_root
BIN=${RACCOON_BIN_DIR:-$ROOT/.build/release}
# auto (default): the daemon when `raccoon --kernel=memory` works, else the
# interim engine-level responder (labelled raccoon-engine)
RESPONDER=${RACCOON_RESPONDER:-auto}
skip() { echo "SKIP raccoon: $*"; exit 3; }
[ -x "$BIN/raccoon-loadgen" ] || skip "no $BIN/raccoon-loadgen (the load generator target does not exist yet)"
if [ "$RESPONDER" = auto ]; then
  if [ -x "$BIN/raccoon" ] && "$BIN/raccoon" --kernel=memory --help >/dev/null 2>&1; then RESPONDER=daemon
  else RESPONDER=engine; bench_info "raccoon --kernel=memory not available: interim engine-level responder"; fi
fi
# transport mode on both sides (as every run in scripts/bench): one wildcard
# policy pair covers every peer on the responder
LABEL=raccoon; MODE=transport
if [ "$RESPONDER" = engine ]; then
  LABEL=raccoon-engine
else
  [ -x "$BIN/raccoon" ] || skip "no $BIN/raccoon (swift build -c release)"
  "$BIN/raccoon" --kernel=memory --help >/dev/null 2>&1 || skip "raccoon does not accept --kernel=memory yet"
fi
TIMEOUT=${TIMEOUT:-$(( 30 + COUNT / 20 ))}

WORK=$(mktemp -d /tmp/raccoon-bench-rc.XXXXXX)
RPID=
cleanup() {
  set +e
  bench_stop_pid "$RPID" raccoon
  bench_peer_routes_down
  bench_netns_down
  if [ "$KEEP" = 1 ]; then bench_info "kept logs in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_netns_up
bench_peer_routes_up

mkdir -p "$WORK/resp" "$WORK/init"
# racoon's psk.txt has no wildcard: one "address key" line per peer, as a
# racoon host with COUNT peers has (negotiation i comes from peer net + 1 + i)
"$BENCH_PY" - "$BENCH_PEER_NET" "$COUNT" "$BENCH_PSK" >"$WORK/resp/psk.txt" <<'PY'
import ipaddress, sys
net = ipaddress.ip_network(sys.argv[1]); n = int(sys.argv[2])
if n > net.num_addresses - 2: sys.exit(f"peer net {net} holds fewer than {n} peers")
print("# generated by bench-raccoon.sh")
for i in range(n): print(f"{net.network_address + 1 + i} {sys.argv[3]}")
PY
chmod 600 "$WORK/resp/psk.txt"
# the responder's SPD, loaded into the in-memory kernel at startup (setkey -f syntax)
cat >"$WORK/resp/spd.conf" <<SPD
spdadd $BENCH_PEER_NET $BENCH_IP_R/32 any -P in ipsec esp/transport//require;
spdadd $BENCH_IP_R/32 $BENCH_PEER_NET any -P out ipsec esp/transport//require;
SPD
bench_responder_conf "$WORK/resp/psk.txt" disabled "scripts/bench/bench-raccoon.sh (responder)" >"$WORK/resp/racoon.conf"
WRAP=
if [ -n "${PROFILE_OUT:-}" ]; then
  WRAP="valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$PROFILE_OUT"; TIMEOUT=$(( TIMEOUT * 20 ))
fi
if [ "$RESPONDER" = engine ]; then
  setsid ip netns exec "$BENCH_NS_R" nice -n "$BENCH_NICE" $WRAP \
    "$BIN/raccoon-loadgen" --respond --listen "$BENCH_IP_R" --local-net "$BENCH_PEER_NET" --count "$COUNT" \
    --psk "$BENCH_PSK" >"$WORK/resp/stdout" 2>"$WORK/resp/raccoon.log" </dev/null &
else
  setsid ip netns exec "$BENCH_NS_R" nice -n "$BENCH_NICE" $WRAP \
    "$BIN/raccoon" -F -f "$WORK/resp/racoon.conf" -l "$WORK/resp/raccoon.log" --kernel=memory="$WORK/resp/spd.conf" \
    >"$WORK/resp/stdout" 2>&1 </dev/null &
fi
RPID=$!
sleep 1
kill -0 "$RPID" 2>/dev/null || { tail -20 "$WORK/resp/stdout" "$WORK/resp/raccoon.log" >&2 2>/dev/null; bench_die "raccoon responder exited at startup"; }
# setsid execs: $! is ip's pid, which execs nice, which execs raccoon
[ -z "$WRAP" ] || { sleep 4; callgrind_control -i on "$RPID" >/dev/null; }
r_boot=$(bench_cpu_ticks "$RPID")
r_rss0=$(bench_status_kib "$RPID" VmRSS)
OTHER=$(bench_other_load)
bench_info "Raccoon: responder pid $RPID: $COUNT negotiations at concurrency $CONC"

PERF_PID=
if [ -n "${PERF_OUT:-}" ]; then
  perf record -q -e cpu-clock -F 2000 -g -o "$PERF_OUT" -p "$RPID" >/dev/null 2>&1 &
  PERF_PID=$!; sleep 0.5
elif [ -n "${PERF_STAT_OUT:-}" ]; then
  events=task-clock,context-switches,raw_syscalls:sys_enter
  for call in recvfrom recvmmsg sendto sendmmsg epoll_wait epoll_ctl futex read write timerfd_settime getrandom mmap munmap madvise sched_yield; do
    events="$events,syscalls:sys_enter_$call"
  done
  perf stat -x, -e "$events" -o "$PERF_STAT_OUT" -p "$RPID" >/dev/null 2>&1 &
  PERF_PID=$!; sleep 0.5
fi
set +e
timeout "$TIMEOUT" ip netns exec "$BENCH_NS_I" nice -n "$BENCH_NICE" \
  "$BIN/raccoon-loadgen" --remote "$BENCH_IP_R" --psk "$BENCH_PSK" \
  --local-net "$BENCH_PEER_NET" --count "$COUNT" --concurrency "$CONC" --mode "$MODE" --timeout 20 \
  >"$WORK/init/loadgen.out" 2>"$WORK/init/loadgen.err"
lg=$?
set -e
sleep 0.5   # let the responder finish handling the last QM3
[ -z "$PERF_PID" ] || { kill -INT "$PERF_PID"; wait "$PERF_PID" 2>/dev/null || true; }
[ -z "$WRAP" ] || { sleep 2; callgrind_control -i off "$RPID" >/dev/null; callgrind_control -d "$RPID" >/dev/null; }
hz=$(getconf CLK_TCK)
r_cpu=$(( $(bench_cpu_ticks "$RPID") - r_boot ))
r_hwm=$(bench_status_kib "$RPID" VmHWM)
r_rss1=$(bench_status_kib "$RPID" VmRSS)
[ "$lg" = 0 ] || { tail -20 "$WORK/init/loadgen.err" >&2; bench_info "raccoon-loadgen exited with $lg"; }
LGRES=$(grep '^LOADGEN ' "$WORK/init/loadgen.out" | tail -1)
[ -n "$LGRES" ] || bench_die "raccoon-loadgen printed no LOADGEN line"

"$BENCH_PY" - "$LGRES" "$COUNT" "$CONC" "$r_cpu" "$hz" "$r_hwm" "$r_rss0" "$r_rss1" "$OTHER" "$KIND" "${RESULT:-}" "$LABEL" "$MODE" <<'PY'
import sys
(lg, count, conc, rcpu, hz, rhwm, rss0, rss1, other, kind, result, label, mode) = sys.argv[1:]
f = dict(x.split("=", 1) for x in lg.split()[1:] if "=" in x)
ok = int(f["ok"]); count = int(count); hz = int(hz)
if not ok:
    print("Raccoon: no negotiation completed"); sys.exit(1)
rcpu_ms = 1000 * int(rcpu) / hz / ok
per_peer = (int(rss1) - int(rss0)) / ok
who = "raccoon --kernel=memory" if label == "raccoon" else "raccoon-loadgen --respond (engine only, interim)"
print(f"Raccoon raccoon-loadgen -> {who}: IKE aes128-sha1-modp1024, ESP aes128-sha1 (PFS modp1024), {mode} mode, concurrency {conc}")
print(f"  completed      {ok}/{count} in {float(f['elapsed_s']):.2f} s (failed {f.get('failed', '?')})")
print(f"  rate           {float(f['rate']):.1f} negotiations/s")
print(f"  cpu/neg        initiator {float(f['cpu_ms']):.2f} ms, responder {rcpu_ms:.2f} ms")
print(f"  latency        p50 {float(f['p50_ms']):.2f} ms, p99 {float(f['p99_ms']):.2f} ms (ACQUIRE -> both SAs installed)")
print(f"  peak RSS       initiator {f['peak_rss_kib']} KiB, responder {int(rhwm)} KiB")
print(f"  RSS/peer       responder {per_peer:.2f} KiB with {ok} established peers")
if "dh_ready" in f:
    print(f"  DH key pairs   initiator: {f['dh_ready']} from the precomputed pool, {f['dh_on_demand']} made on demand")
print(f"  other load     {other}")
line = (f"RESULT daemon={label} kind={kind} concurrency={conc} count={count} ok={ok} elapsed_s={float(f['elapsed_s']):.3f} "
        f"rate={float(f['rate']):.1f} init_cpu_ms={float(f['cpu_ms']):.3f} resp_cpu_ms={rcpu_ms:.3f} "
        f"p50_ms={float(f['p50_ms']):.3f} p99_ms={float(f['p99_ms']):.3f} init_peak_rss_kib={f['peak_rss_kib']} "
        f"resp_peak_rss_kib={int(rhwm)} resp_rss_per_peer_kib={per_peer:.3f} peers={ok}")
print(line)
if result:
    with open(result, "a") as out: out.write(line + "\n")
if ok < count: sys.exit(2)
PY
