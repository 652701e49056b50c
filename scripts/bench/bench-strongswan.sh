#!/bin/bash
# bench-strongswan.sh - strongSwan charon -> charon IKEv1 negotiation benchmark.
#
# Two charons (built by build-strongswan.sh, both with the load-tester
# plugin's fake kernel backend: every SA "install" succeeds and nothing
# reaches the kernel) run in two network namespaces joined by a veth pair,
# over real UDP port 500.  The initiator's load-tester plugin starts COUNT
# negotiations, each a fresh Main Mode (PSK) + Quick Mode with PFS and its own
# IKE identity and flow (UDP source port from %unique), keeping CONCURRENCY of
# them in flight until their CHILD_SA is up (child_limit, see
# strongswan-load-tester-child-limit.patch).  The responder is an ordinary
# charon responder whose peer config also comes from the load-tester backend.
# The IKE_SAs and CHILD_SAs stay established until the end, so the memory
# figures are those of COUNT established peers.
#
# Figures (printed, and appended as one "RESULT ..." line to --result FILE):
#   rate          negotiations/s: first "initiating Main Mode" to last
#                 "CHILD_SA ... established" in the initiator log (ms stamps)
#   cpu ms/neg    utime+stime of each charon over the run / COUNT
#                 (/proc/PID/stat; the initiator's figure is corrected for its
#                 start-up by the responder's start-up CPU, same binary)
#   latency       per negotiation, initiation to CHILD_SA established
#                 (initiator log, by IKE_SA unique id), p50 and p99
#   peak RSS      VmHWM of each charon
#   RSS per peer  (VmRSS at the end - VmRSS before the run) / COUNT, responder
#
# With PROFILE_OUT=FILE the responder runs under valgrind --tool=callgrind,
# instrumented only while the negotiations run (callgrind_control -i on/off),
# and FILE.1 receives the profile (see profile.sh).  With PROFILE_SIDE=initiator
# the initiator is profiled instead, from its start (its load-tester begins at
# once), dumped to FILE.1 when the last negotiation is done.
#
# usage: bench-strongswan.sh [--concurrency C] [--count N] [--ike PROPOSAL]
#                            [--esp PROPOSAL] [--kind sweep|memory] [--result FILE] [--keep]
# Defaults: C=8, N=2000, ike aes128-sha1-modp1024, esp aes128-sha1-modp1024
# (ESP PFS with MODP-1024), tunnel mode.  Root is needed (namespaces).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
. "$HERE/strongswan-lib.sh"

CONC=8; COUNT=2000; RESULT=; KEEP=0; KIND=sweep
IKE_P=aes128-sha1-modp1024; ESP_P=aes128-sha1-modp1024
TIMEOUT=${TIMEOUT:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency|-c) CONC=$2; shift 2 ;;
    --count|-n) COUNT=$2; shift 2 ;;
    --ike) IKE_P=$2; shift 2 ;;
    --esp) ESP_P=$2; shift 2 ;;
    --result) RESULT=$2; shift 2 ;;
    --kind) KIND=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1" ;;
  esac
done
[ "$CONC" -ge 1 ] && [ "$COUNT" -ge "$CONC" ] || bench_die "need 1 <= concurrency <= count"
bench_need_root
# generous: strongSwan does ~250/s here; allow 20/s before giving up
TIMEOUT=${TIMEOUT:-$(( 30 + COUNT / 20 ))}

SW_PREFIX=${SW_PREFIX:-}
if [ -z "$SW_PREFIX" ]; then
  SW_PREFIX=$("$HERE/build-strongswan.sh" | sed -n 's/^SW_PREFIX=//p')
fi
CHARON=$SW_PREFIX/libexec/ipsec/charon
[ -x "$CHARON" ] || bench_die "no charon at $CHARON"

WORK=$(mktemp -d /tmp/raccoon-bench-sw.XXXXXX)
RPID=; IPID=
cleanup() {
  set +e
  bench_stop_pid "$IPID" charon
  bench_stop_pid "$RPID" charon
  bench_netns_down
  if [ "$KEEP" = 1 ]; then bench_info "kept logs in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_netns_up

write_conf "$WORK/resp" responder
write_conf "$WORK/init" initiator
WRAP=
if [ -n "${PROFILE_OUT:-}" ]; then
  command -v valgrind >/dev/null || bench_die "PROFILE_OUT needs valgrind (apt-get install valgrind)"
  WRAP="valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$PROFILE_OUT"
  TIMEOUT=$(( TIMEOUT * 20 ))
fi
IWRAP=
if [ "${PROFILE_SIDE:-responder}" = initiator ] && [ -n "$WRAP" ]; then
  IWRAP="valgrind --tool=callgrind --callgrind-out-file=$PROFILE_OUT"; WRAP=
fi
RPID=$(start_charon "$WORK/resp" "$BENCH_NS_R" "$WRAP")
sleep 1
if [ -n "$WRAP" ]; then
  sleep 4
  callgrind_control -i on "$RPID" >/dev/null
fi
r_boot=$(bench_cpu_ticks "$RPID")
r_rss0=$(bench_status_kib "$RPID" VmRSS)
OTHER=$(bench_other_load)
IPID=$(start_charon "$WORK/init" "$BENCH_NS_I" "$IWRAP")
bench_info "strongSwan: responder pid $RPID, initiator pid $IPID: $COUNT negotiations at concurrency $CONC"

# wait for COUNT CHILD_SAs on the initiator (or the timeout)
deadline=$(( $(date +%s) + TIMEOUT ))
n=0
while :; do
  n=$(grep -c -F ' established with SPIs ' "$WORK/init/charon.log" 2>/dev/null || true)
  [ "${n:-0}" -ge "$COUNT" ] && break
  kill -0 "$IPID" 2>/dev/null || { bench_info "initiator charon exited"; break; }
  [ "$(date +%s)" -lt "$deadline" ] || { bench_info "timeout after ${TIMEOUT}s with $n/$COUNT"; break; }
  sleep 0.5
done
sleep 0.5   # let the responder finish handling QM3
if [ -n "$WRAP" ]; then
  sleep 2
  callgrind_control -i off "$RPID" >/dev/null
  callgrind_control -d "$RPID" >/dev/null
fi
if [ -n "$IWRAP" ]; then
  callgrind_control -d "$IPID" >/dev/null
fi
hz=$(getconf CLK_TCK)
r_cpu=$(( $(bench_cpu_ticks "$RPID") - r_boot ))
i_cpu=$(( $(bench_cpu_ticks "$IPID") - r_boot ))
r_hwm=$(bench_status_kib "$RPID" VmHWM); i_hwm=$(bench_status_kib "$IPID" VmHWM)
r_rss1=$(bench_status_kib "$RPID" VmRSS)
r_sas=$(grep -c -F ' established with SPIs ' "$WORK/resp/charon.log" 2>/dev/null || true)

"$BENCH_PY" - "$WORK/init/charon.log" "$COUNT" "$CONC" "$i_cpu" "$r_cpu" "$hz" "$i_hwm" "$r_hwm" \
    "$r_rss0" "$r_rss1" "${r_sas:-0}" "$IKE_P" "$ESP_P" "$OTHER" "$KIND" "${RESULT:-}" <<'PY'
import re, sys
(log, count, conc, icpu, rcpu, hz, ihwm, rhwm, rss0, rss1, rsas, ike, esp, other, kind, result) = sys.argv[1:]
count, conc, hz = int(count), int(conc), int(hz)
def ts(line):
    h, m, s = line[:12].split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
start, done, fails = {}, {}, 0
first = last = None
pat_start = re.compile(r"<load-test\|(\d+)> initiating Main Mode")
pat_done = re.compile(r"<load-test\|(\d+)> CHILD_SA \S+ established with SPIs")
for line in open(log, errors="replace"):
    m = pat_start.search(line)
    if m:
        t = ts(line); start[m.group(1)] = t
        if first is None: first = t
        continue
    m = pat_done.search(line)
    if m:
        t = ts(line); done[m.group(1)] = t; last = t
        continue
    if "giving up after" in line or "establishing CHILD_SA" in line and "failed" in line:
        fails += 1
ok = len(done)
if not ok or first is None:
    print("strongSwan: no negotiation completed"); sys.exit(1)
elapsed = max(last - first, 0.001)
if elapsed < 0: elapsed += 86400
lat = sorted(((done[k] - start[k]) % 86400) * 1000 for k in done if k in start)
def pct(p):
    if not lat: return float("nan")
    i = min(len(lat) - 1, max(0, int(round(p / 100 * len(lat) + 0.5)) - 1))
    return lat[i]
rate = ok / elapsed
icpu_ms = 1000 * int(icpu) / hz / ok
rcpu_ms = 1000 * int(rcpu) / hz / ok
per_peer = (int(rss1) - int(rss0)) / ok
print(f"strongSwan 5.9.8 charon->charon: IKE {ike}, ESP {esp} (PFS), concurrency {conc}")
print(f"  completed      {ok}/{count} in {elapsed:.2f} s (responder saw {rsas}; failures logged {fails})")
print(f"  rate           {rate:.1f} negotiations/s")
print(f"  cpu/neg        initiator {icpu_ms:.2f} ms, responder {rcpu_ms:.2f} ms")
print(f"  latency        p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms (initiation -> CHILD_SA up, 1 ms stamps)")
print(f"  peak RSS       initiator {int(ihwm)} KiB, responder {int(rhwm)} KiB")
print(f"  RSS/peer       responder {per_peer:.2f} KiB with {ok} established peers")
print(f"  other load     {other}")
line = (f"RESULT daemon=strongswan kind={kind} concurrency={conc} count={count} ok={ok} elapsed_s={elapsed:.3f} "
        f"rate={rate:.1f} init_cpu_ms={icpu_ms:.3f} resp_cpu_ms={rcpu_ms:.3f} p50_ms={pct(50):.2f} "
        f"p99_ms={pct(99):.2f} init_peak_rss_kib={int(ihwm)} resp_peak_rss_kib={int(rhwm)} "
        f"resp_rss_per_peer_kib={per_peer:.3f} peers={ok}")
print(line)
if result:
    with open(result, "a") as f: f.write(line + "\n")
if ok < count: sys.exit(2)
PY
