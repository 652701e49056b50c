#!/bin/bash
# flood-daemon.sh - the daemon under a forged-address Main Mode flood, from a
# process of its own (issue 11, "Floods"; docs/security.md).
#
#   responder  raccoon -F -f resp.conf --kernel=memory=spd.conf in namespace
#              $BENCH_NS_R (the ordinary daemon with the in-memory kernel, as
#              in bench-raccoon.sh), log level notify.
#   before     raccoon-loadgen establishes ESTABLISHED peers (MM + QM, PFS).
#   flood      flood.py sends COUNT well-formed MM1s from random forged
#              addresses in 10.233.0.0/16 and random ports (raw socket), at
#              RATE per second.
#   during     while the flood runs, LEGIT new peers negotiate one at a time,
#              spread over the flood (raccoon-loadgen, each given 10 s); the
#              responder's half-open count is sampled in the middle.
#   after      the established ISAKMP SAs are counted again (raccoonctl
#              show-sa isakmp) and the daemon's RSS is read.
# Prints the figures and FLOODRESULT ...; exits 1 if a legitimate negotiation
# failed, an established SA was lost or the daemon died.
#
# usage: flood-daemon.sh [--count N] [--rate R] [--established N] [--legit N] [--keep]
# env:   RACCOON_BIN_DIR (default .build/release)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"

COUNT=100000; RATE=10000; ESTABLISHED=100; LEGIT=20; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --established) ESTABLISHED=$2; shift 2 ;;
    --legit) LEGIT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1" ;;
  esac
done
bench_need_root
BIN=${RACCOON_BIN_DIR:-$ROOT/.build/release}
for tool in raccoon raccoonctl raccoon-loadgen; do
  [ -x "$BIN/$tool" ] || bench_die "no $BIN/$tool (swift build -c release --product $tool)"
done
FORGED_NET=10.233.0.0/16
BEFORE_NET=10.232.0.0/24   # the established peers
LEGIT_NET=10.232.1.0/24    # the peers that negotiate during the flood

WORK=$(mktemp -d /tmp/raccoon-flood.XXXXXX)
RPID=
cleanup() {
  set +e
  bench_stop_pid "$RPID" raccoon
  bench_peer_routes_down
  ip -n "$BENCH_NS_R" route del "$FORGED_NET" 2>/dev/null
  bench_netns_down
  if [ "$KEEP" = 1 ]; then bench_info "kept logs in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_netns_up
bench_peer_routes_up
# replies to forged sources leave through the veth and are dropped on the other side
ip -n "$BENCH_NS_R" route replace "$FORGED_NET" via "$BENCH_IP_I"

"$BENCH_PY" - "$BEFORE_NET" "$LEGIT_NET" "$BENCH_PSK" >"$WORK/psk.txt" <<'PY'
import ipaddress, sys
for net in sys.argv[1:3]:
    for host in ipaddress.ip_network(net).hosts(): print(f"{host} {sys.argv[3]}")
PY
chmod 600 "$WORK/psk.txt"
cat >"$WORK/spd.conf" <<SPD
spdadd $BENCH_PEER_NET $BENCH_IP_R/32 any -P in ipsec esp/transport//require;
spdadd $BENCH_IP_R/32 $BENCH_PEER_NET any -P out ipsec esp/transport//require;
SPD
BENCH_RACCOON_LOG=${BENCH_RACCOON_LOG:-notify} bench_responder_conf "$WORK/psk.txt" "$WORK/admin.sock" scripts/bench/flood-daemon.sh >"$WORK/racoon.conf"
setsid ip netns exec "$BENCH_NS_R" "$BIN/raccoon" -F -f "$WORK/racoon.conf" -l "$WORK/raccoon.log" \
  --kernel=memory="$WORK/spd.conf" >"$WORK/raccoon.stdout" 2>&1 </dev/null &
RPID=$!
sleep 1
kill -0 "$RPID" 2>/dev/null || { tail -20 "$WORK/raccoon.stdout" >&2; bench_die "raccoon exited at startup"; }
isakmp_count() {  # established|negotiating
  ip netns exec "$BENCH_NS_R" "$BIN/raccoonctl" -s "$WORK/admin.sock" show-sa isakmp 2>/dev/null |
    grep -c " $1 " || true
}
loadgen() {  # NET COUNT CONCURRENCY OUT
  ip netns exec "$BENCH_NS_I" "$BIN/raccoon-loadgen" --remote "$BENCH_IP_R" --psk "$BENCH_PSK" --local-net "$1" \
    --count "$2" --concurrency "$3" --mode transport --timeout 10 >"$4" 2>"$4.err" || true
  grep '^LOADGEN ' "$4" | tail -1
}

bench_info "establishing $ESTABLISHED peers"
before=$(loadgen "$BEFORE_NET" "$ESTABLISHED" 8 "$WORK/before.out")
sa_before=$(isakmp_count established)
rss_before=$(bench_status_kib "$RPID" VmRSS)
cpu_before=$(bench_cpu_ticks "$RPID")
bench_info "flood: $COUNT forged MM1s from $FORGED_NET at $RATE/s; $LEGIT legitimate negotiations spread over it"
ip netns exec "$BENCH_NS_I" "$BENCH_PY" "$HERE/flood.py" --target "$BENCH_IP_R" --count "$COUNT" --rate "$RATE" \
  --source-net "$FORGED_NET" >"$WORK/flood.out" 2>&1 &
FPID=$!
flood_seconds=$("$BENCH_PY" -c "print(max(1.0, $COUNT / $RATE))" 2>/dev/null || echo 5)
gap=$("$BENCH_PY" -c "print($flood_seconds * 0.8 / $LEGIT)")
sleep 0.5
: >"$WORK/during.out"
legit_ok=0; legit_in_flood=0; half_open_mid=
for i in $(seq 0 $((LEGIT - 1))); do
  # negotiation i comes from 10.232.1.(4i+1): a /30 of its own, so each run has one new peer
  line=$(loadgen "10.232.1.$((4 * i))/30" 1 1 "$WORK/during.$i.out")
  echo "$line" >>"$WORK/during.out"
  case "$line" in *" ok=1 "*) legit_ok=$((legit_ok + 1)) ;; esac
  kill -0 "$FPID" 2>/dev/null && legit_in_flood=$((legit_in_flood + 1))
  [ "$i" = $((LEGIT / 2)) ] && half_open_mid=$(isakmp_count negotiating)
  sleep "$gap"
done
wait "$FPID" || bench_die "flood.py failed: $(tail -3 "$WORK/flood.out")"
cpu_flood=$(( $(bench_cpu_ticks "$RPID") - cpu_before ))
sleep 1
alive=0; kill -0 "$RPID" 2>/dev/null && alive=1
sa_after=$(isakmp_count established)
rss_after=$(bench_status_kib "$RPID" VmRSS)
rss_peak=$(bench_status_kib "$RPID" VmHWM)
flood=$(grep '^FLOOD ' "$WORK/flood.out" | tail -1)

"$BENCH_PY" - "$before" "$WORK/during.out" "$flood" "$sa_before" "$sa_after" "$rss_before" "$rss_after" "$rss_peak" \
  "$alive" "$ESTABLISHED" "$LEGIT" "$legit_in_flood" "${half_open_mid:-?}" "$cpu_flood" "$(getconf CLK_TCK)" <<'PY'
import sys
(before, during_file, flood, sa0, sa1, rss0, rss1, peak, alive, established, legit, in_flood, half_open, ticks, hz) = sys.argv[1:]
cpu_s = int(ticks) / int(hz)
def fields(line): return dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
b, f = fields(before), fields(flood)
runs = [fields(line) for line in open(during_file) if line.startswith("LOADGEN ")]
latencies = sorted(float(r["p50_ms"]) for r in runs if r.get("ok") == "1")
ok_d = len(latencies); failed = int(legit) - ok_d
def pct(p): return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")
print(f"flood          {f.get('sent')} forged MM1s in {f.get('seconds')} s ({f.get('rate')}/s), from a second process")
sent = int(f.get("sent", 0))
print(f"daemon CPU     {cpu_s:.2f} s while the flood ran (with the legitimate negotiations): "
      f"{1e6 * cpu_s / max(sent, 1):.1f} us per forged message, so about {sent / max(cpu_s, 1e-9):.0f} per second of one core")
print(f"before         {b.get('ok')}/{established} peers established; ISAKMP SAs at the responder {sa0}")
print(f"during         {ok_d}/{legit} legitimate negotiations (MM + QM) completed, each within 10 s, "
      f"{in_flood} of them while the flood was still running; latency median {pct(50):.1f} ms, max {pct(100):.1f} ms; "
      f"half-open phase 1s at the responder mid-flood: {half_open}")
print(f"after          ISAKMP SAs at the responder {sa1}; daemon {'alive' if alive == '1' else 'DEAD'}")
print(f"memory         RSS {rss0} KiB before, {rss1} KiB after, peak {peak} KiB")
print(f"FLOODRESULT sent={f.get('sent')} rate={f.get('rate')} legit_ok={ok_d} legit={legit} "
      f"legit_median_ms={pct(50):.2f} legit_max_ms={pct(100):.2f} legit_in_flood={in_flood} half_open_mid={half_open} "
      f"daemon_cpu_s={cpu_s:.2f} sa_before={sa0} sa_after={sa1} rss_before_kib={rss0} rss_after_kib={rss1} rss_peak_kib={peak}")
bad = alive != "1" or failed > 0 or int(sa1) < int(sa0) + ok_d or int(sa0) < int(established)
sys.exit(1 if bad else 0)
PY
