# lib.sh - shared helpers for the benchmark scripts in scripts/bench/.
# Source it:  . "$(dirname "$0")/lib.sh"
#
# Topology (created by bench_netns_up, deleted by bench_netns_down):
#
#   [ $BENCH_NS_I ]  $BENCH_IF_I $BENCH_IP_I/24  <==veth==>  $BENCH_IF_R $BENCH_IP_R/24  [ $BENCH_NS_R ]
#       initiator (load generator)                               responder (ordinary daemon)
#
# Nothing is attached to the host namespace and neither namespace has a
# default route: benchmark traffic cannot leave the two namespaces.  Real UDP
# goes through the kernel's veth path between them.

BENCH_NS_I=${BENCH_NS_I:-raccoon-bench-i}
BENCH_NS_R=${BENCH_NS_R:-raccoon-bench-r}
BENCH_IF_I=${BENCH_IF_I:-rbench-i}
BENCH_IF_R=${BENCH_IF_R:-rbench-r}
BENCH_IP_I=${BENCH_IP_I:-10.231.0.1}
BENCH_IP_R=${BENCH_IP_R:-10.231.0.2}
BENCH_PSK=${BENCH_PSK:-raccoon-bench-psk}
# Raccoon's load generator gives each negotiation its own initiator address
# from this net (AnyIP route in the initiator namespace), so the responder
# sees distinct peers
BENCH_PEER_NET=${BENCH_PEER_NET:-10.232.0.0/16}
BENCH_CACHE=${BENCH_CACHE:-/var/cache/raccoon-bench}
# Both daemons of a run get the same nice value, 0 by default.  A positive
# value looks considerate but ruins the latency-bound runs on a loaded
# machine: a niced process woken by a datagram waits for the nice-0 processes'
# time slices at every message (seen: 8 negotiations/s at C=1 under nice 10
# and load 12, against 430/s at nice 0).  The runs are short; builds use nice 19.
BENCH_NICE=${BENCH_NICE:-0}
# python3 with the standard library is enough for the scripts; the plot wants
# Debian's python3-matplotlib, so prefer Debian's interpreter.
if [ -x /usr/bin/python3 ]; then BENCH_PY=${BENCH_PY:-/usr/bin/python3}; else BENCH_PY=${BENCH_PY:-python3}; fi

bench_die()  { echo "ERROR: $*" >&2; exit 1; }
bench_info() { echo "[$(date +%H:%M:%S)] $*" >&2; }

bench_need_root() { [ "$(id -u)" = 0 ] || bench_die "must run as root (network namespaces)"; }

bench_ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }

# bench_netns_up: create both namespaces and the veth pair (idempotent).
# Sets BENCH_CREATED_NS=1 when this call created them.
BENCH_CREATED_NS=0
bench_netns_up() {
  if bench_ns_exists "$BENCH_NS_I" && bench_ns_exists "$BENCH_NS_R"; then return 0; fi
  bench_ns_exists "$BENCH_NS_I" && bench_die "$BENCH_NS_I exists without $BENCH_NS_R: ip netns del $BENCH_NS_I"
  bench_ns_exists "$BENCH_NS_R" && bench_die "$BENCH_NS_R exists without $BENCH_NS_I: ip netns del $BENCH_NS_R"
  ip netns add "$BENCH_NS_I"
  ip netns add "$BENCH_NS_R"
  # the pair is created inside the initiator namespace and one end is moved:
  # it is never attached to the host namespace
  ip -n "$BENCH_NS_I" link add "$BENCH_IF_I" type veth peer name "$BENCH_IF_R"
  ip -n "$BENCH_NS_I" link set "$BENCH_IF_R" netns "$BENCH_NS_R"
  ip -n "$BENCH_NS_I" link set lo up
  ip -n "$BENCH_NS_R" link set lo up
  ip -n "$BENCH_NS_I" addr add "$BENCH_IP_I/24" dev "$BENCH_IF_I"
  ip -n "$BENCH_NS_R" addr add "$BENCH_IP_R/24" dev "$BENCH_IF_R"
  ip -n "$BENCH_NS_I" link set "$BENCH_IF_I" up
  ip -n "$BENCH_NS_R" link set "$BENCH_IF_R" up
  local i
  for i in $(seq 1 50); do
    ip -n "$BENCH_NS_I" link show dev "$BENCH_IF_I" | grep -q LOWER_UP &&
      ip -n "$BENCH_NS_R" link show dev "$BENCH_IF_R" | grep -q LOWER_UP && break
    sleep 0.1
  done
  BENCH_CREATED_NS=1
  bench_info "created namespaces $BENCH_NS_I ($BENCH_IP_I) <-> $BENCH_NS_R ($BENCH_IP_R)"
}

# bench_netns_down: delete the namespaces if this script created them and
# nothing runs in them any more.
bench_netns_down() {
  [ "$BENCH_CREATED_NS" = 1 ] || return 0
  local ns
  for ns in "$BENCH_NS_I" "$BENCH_NS_R"; do
    if [ -n "$(ip netns pids "$ns" 2>/dev/null)" ]; then
      bench_info "not deleting $ns: processes still run in it ($(ip netns pids "$ns" | tr '\n' ' '))"
      continue
    fi
    ip netns del "$ns" 2>/dev/null || true
  done
}

# bench_cpu_ticks PID -> utime+stime of all threads, in clock ticks
bench_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# bench_status_kib PID FIELD -> VmHWM / VmRSS ... in KiB
bench_status_kib() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# bench_stop_pid PID NAME: TERM, wait up to 10 s, then KILL.  Only this pid,
# and only if its command line contains NAME (pids are recycled).
bench_stop_pid() {
  local pid=$1 name=$2 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$name" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# bench_other_load -> one line describing what else uses the CPUs right now
bench_other_load() {
  echo "loadavg $(cut -d' ' -f1-3 /proc/loadavg); busy: $(top -bn1 2>/dev/null | awk 'NR>7 && $9+0 > 20 {printf "%s(%s%%) ", $12, $9}')"
}

# bench_machine -> one line describing the machine
bench_machine() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo "$(nproc) CPUs ($cpu), $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
}

# bench_responder_conf PSK_FILE ADMINSOCK WHO: on stdout, the racoon.conf of a
# Raccoon responder on $BENCH_IP_R:500 for the benchmark's work (remote
# anonymous, passive, proposal_check obey; IKE aes128-sha1-modp1024, ESP
# aes128-sha1 with PFS modp1024).  ADMINSOCK is a socket path or "disabled";
# WHO names the generating script; log level $BENCH_RACCOON_LOG (warning).
bench_responder_conf() {
  local sock=$2
  [ "$sock" = disabled ] || sock="\"$sock\""
  cat <<CONF
# generated by $3
path pre_shared_key "$1";
listen { isakmp $BENCH_IP_R [500]; adminsock $sock; }
log ${BENCH_RACCOON_LOG:-warning};
remote anonymous {
  exchange_mode main;
  passive on;
  proposal_check obey;
  lifetime time 8 hour;
  proposal { encryption_algorithm aes 128; hash_algorithm sha1; authentication_method pre_shared_key; dh_group modp1024; }
}
sainfo anonymous {
  pfs_group modp1024;
  lifetime time 1 hour;
  encryption_algorithm aes 128;
  authentication_algorithm hmac_sha1;
  compression_algorithm deflate;
}
CONF
}

# bench_peer_routes_up / _down: every address of $BENCH_PEER_NET is local in
# the initiator namespace (an AnyIP route, so no address is added per peer),
# and the responder reaches them through the initiator's veth address.
bench_peer_routes_up() {
  ip -n "$BENCH_NS_I" route replace local "$BENCH_PEER_NET" dev lo table local
  ip -n "$BENCH_NS_R" route replace "$BENCH_PEER_NET" via "$BENCH_IP_I"
}
bench_peer_routes_down() {
  ip -n "$BENCH_NS_R" route del "$BENCH_PEER_NET" 2>/dev/null
  ip -n "$BENCH_NS_I" route del local "$BENCH_PEER_NET" dev lo table local 2>/dev/null
  return 0
}
