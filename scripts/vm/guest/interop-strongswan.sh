#!/bin/bash
# vm-boot: plain noafkey manual
# vm-warm: crypto
# interop-strongswan.sh - IKEv1 interoperability with strongSwan's charon (Debian's, swanctl
# `version = 1`), with both kernels real: the side under test in namespace a (10.0.0.1), charon in
# namespace b (10.0.0.2), joined by veth. One boot runs every case; see docs/interop.md.
#
# Side under test (RACCOON_INTEROP_SIDE):
#   raccoon  `raccoon -F -d -f racoon.conf`, psk.txt 0600, policies through the project's `setkey -f`
#   charon   a second charon (start_action = trap): proves the harness itself, end to end
# Case set (RACCOON_INTEROP_SET):
#   smoke    6 cases: one Main Mode and one tunnel-mode case and one failure, in both roles (the
#            default when VM_JOB_TIMEOUT < 1200 s, as in test-kernel.sh's default 300 s)
#   ci       every cipher, hash and group at least once per role, every phase-2 variant, Aggressive
#            Mode, the failure cases and retransmission (default when VM_JOB_TIMEOUT >= 1200 s)
#   full     the whole phase-1 matrix (3 ciphers x 3 hashes x 2 groups) in both roles, plus the above
# In a boot without PF_KEY (noafkey: Raccoon over XFRM) the ci set keeps the cases whose outcome depends on the
# kernel interface: every ESP cipher and HMAC, transport and tunnel, PFS or not, a phase-2 refusal (nothing
# installed) and RFC 4868's ICV. Aggressive Mode, the phase-1 and policy failures and retransmission are the same
# IKE either way and run over PF_KEY (boot plain); `full` runs everything in both boots.
# RACCOON_INTEROP_ONLY=REGEX runs only the cases whose "name/role" matches.
# Boots: plain (Raccoon over PF_KEY) and noafkey (af_key blocked: Raccoon over XFRM netlink, chosen by itself).
#
# For every successful case: both sides log phase 1 and phase 2 up; each kernel holds two ESP SAs and
# both kernels hold the same ones (SPI, mode, algorithms, keys, ICV length), with the algorithms the
# case asked for; pings pass both ways and every SA counted packets; stopping the side under test
# makes it send DELETEs (charon logs them for the right SPI) and leaves no SA in either kernel.
# Failure cases check the expected log lines on both sides and that no SA is left.
# Everything Raccoon's side sends is captured (dumpcap on va) and dissected by tshark at the end,
# decrypted with the keys charon logs: no malformed packet and no expert warning is allowed.
# Output: $VM_OUT/interop-strongswan/ (summary.tsv, one directory per case with both sides' configs
# and logs, interop.pcap, tshark results).
. "$(dirname "$0")/lib.sh"
IO_LIB=$RACCOON_ROOT/scripts/interop/lib
. "$IO_LIB/charon.sh"
. "$IO_LIB/names.sh"
. "$IO_LIB/xfrm.sh"
. "$IO_LIB/dissect.sh"

IO_SIDE=${RACCOON_INTEROP_SIDE:-raccoon}
# Without an explicit set, the CI set needs about 15 minutes under TCG on a loaded 2-core host, more
# than test-kernel.sh's default per-job limit (VM_JOB_TIMEOUT=300): below 1200 s the job runs the
# smoke set and says so.
if [ -n "${RACCOON_INTEROP_SET:-}" ]; then
	IO_SET=$RACCOON_INTEROP_SET
elif [ "${VM_JOB_TIMEOUT:-300}" -ge 1200 ]; then
	IO_SET=ci
else
	IO_SET=smoke
	echo "interop: VM_JOB_TIMEOUT=${VM_JOB_TIMEOUT:-300} s is too short for the CI set: running the smoke set"
	echo "interop: (RACCOON_INTEROP_SET=ci and VM_JOB_TIMEOUT>=1200, or scripts/interop/run.sh, run the CI set)"
fi
IO_ONLY=${RACCOON_INTEROP_ONLY:-}
IO_KERNEL_CASES_ONLY=0
if [ "$IO_SET" = ci ] && [[ " ${VM_JOB_BLOCK_MODULES:-} " == *" af_key "* ]]; then IO_KERNEL_CASES_ONLY=1; fi
case $IO_SIDE in raccoon | charon) ;; *) fail "RACCOON_INTEROP_SIDE must be raccoon or charon"; summary; exit ;; esac
. "$IO_LIB/side-$IO_SIDE.sh"

IO_NS_SIDE=$VM_NS_A
IO_NS_PEER=$VM_NS_B
IO_IP_SIDE=$VM_IP_A
IO_IP_PEER=$VM_IP_B
IO_IN_SIDE=10.1.1.1 # tunnel mode: an inner host on each side (on lo), inner nets routed over veth
IO_IN_PEER=10.2.2.1
IO_NET_SIDE=10.1.1.0/24
IO_NET_PEER=10.2.2.0/24
OUT=$VM_OUT/interop-strongswan
rm -rf "$OUT"
mkdir -p "$OUT/cases"
# daemons keep their state (vici and control sockets, pid files) on a local file system: $VM_OUT is a
# 9p share, where unix sockets cannot be created; each case's configs and logs are copied to $OUT
WORK=$(mktemp -d /tmp/interop-strongswan.XXXXXX)
SUMMARY=$OUT/summary.tsv
printf 'case\trole\tresult\tseconds\tnotes\n' >"$SUMMARY"
T_JOB=$EPOCHREALTIME

if [ "$IO_SIDE" = charon ]; then
	echo "interop: ************************************************************************"
	echo "interop: the side under test is a second charon (RACCOON_INTEROP_SIDE=charon):"
	echo "interop: this run validates the harness; it does NOT test Raccoon."
	echo "interop: ************************************************************************"
fi
echo "interop: side: $(side_version)"
echo "interop: peer: charon $("$CH_CHARON" --version 2>&1 | head -1), plugins: $(ch_plugins)"
echo "interop: kernel $(uname -r), case set '$IO_SET'${IO_ONLY:+, only '$IO_ONLY'}$([ $IO_KERNEL_CASES_ONLY = 1 ] && echo ", the kernel-interface cases (no PF_KEY: over XFRM)")"

# ------------------------------------------------------------------------------------- topology
io_topology() {
	vm_netns_setup &&
		ip -n "$IO_NS_SIDE" addr add "$IO_IN_SIDE/32" dev lo &&
		ip -n "$IO_NS_PEER" addr add "$IO_IN_PEER/32" dev lo &&
		ip -n "$IO_NS_SIDE" route add "$IO_NET_PEER" via "$IO_IP_PEER" src "$IO_IN_SIDE" &&
		ip -n "$IO_NS_PEER" route add "$IO_NET_SIDE" via "$IO_IP_SIDE" src "$IO_IN_PEER"
}
check "namespaces a and b with inner nets $IO_NET_SIDE and $IO_NET_PEER" io_topology

# everything on va, the side's link: ISAKMP (500, 4500) and ESP
PCAP=$OUT/interop.pcap
# (nsenter execs dumpcap, so $! is dumpcap; SIGTERM makes it close the file cleanly)
nsenter --net="/run/netns/$IO_NS_SIDE" -- dumpcap -q -i va -f "udp port 500 or udp port 4500 or esp" -w "$PCAP" \
	>"$OUT/dumpcap.log" 2>&1 &
DUMPCAP_PID=$!
for _ in {1..50}; do [ -s "$PCAP" ] && break; io_nap 0.2; done
[ -s "$PCAP" ] || echo "interop: dumpcap did not start: $(cat "$OUT/dumpcap.log")"

# ------------------------------------------------------------------------------------- one case
# Case variables (defaults in case_reset):
#   C_EXCH main|aggressive   C_C1 C_H1 C_G1 phase 1   C_C2 C_H2 C_PFS phase 2   C_MODE transport|tunnel
#   C_PSK C_LIFE2 (s)        C_EXPECT ok|psk|noprop-p1|noprop-p2|lifetime|pfs   C_DROP_FIRST 0|1
#   C_RFC4868 1: the case needs the side to give HMAC-SHA-256 RFC 4868's 128-bit ICV (charon without sha256_96)
#   P_PSK P_IKE P_ESP P_REKEY P_LIFE: the peer's deviations
case_reset() {
	C_EXCH=main C_C1=aes128 C_H1=sha1 C_G1=modp1024 C_C2=aes128 C_H2=sha1 C_PFS=modp1024 C_MODE=transport
	C_PSK=raccoon-interop-psk C_LIFE2=3600 C_EXPECT=ok C_DROP_FIRST=0 C_RFC4868=0
	P_PSK="" P_IKE="" P_ESP="" P_REKEY=50m P_LIFE=55m
}

peer_start() {
	local dir=$1 aggr=no ts_l=dynamic ts_r=dynamic extra=""
	[ "$C_EXCH" = aggressive ] && aggr=yes
	if [ "$C_MODE" = tunnel ]; then
		ts_l=$IO_NET_PEER
		ts_r=$IO_NET_SIDE
	fi
	[ "$C_H2" = sha256 ] && [ "$SIDE_SHA256_TRUNC" = 96 ] && extra="        sha256_96 = yes"
	mkdir -p "$dir"
	mkdir -p "$dir/swanctl"
	ch_write_strongswan_conf "$dir" "$aggr" 4 || return 1
	{
		echo "connections {"
		ch_conn peer "$IO_IP_PEER" "$IO_IP_SIDE" "${P_IKE:-$C_C1-$C_H1-$C_G1}" "$aggr" \
			"${P_ESP:-$(sw_esp "$C_C2" "$C_H2" "$C_PFS")}" "$C_MODE" "$ts_l" "$ts_r" none "$P_REKEY" "$P_LIFE" "$extra"
		echo "}"
		ch_secrets "${P_PSK:-$C_PSK}"
	} >"$dir/swanctl/swanctl.conf"
	ch_start "$dir" "$IO_NS_PEER" && ch_load "$dir"
}

CASE_FAILS=()
# start_both SIDE_DIR PEER_DIR: charon (peer) and the side under test start in parallel
start_both() {
	local ppid prc=0 src=0
	peer_start "$2" >"$2/start.out" 2>&1 &
	ppid=$!
	side_start "$1" || src=$?
	wait "$ppid" || prc=$?
	[ $prc = 0 ] || { cat "$2/start.out"; cfail "charon (peer) did not start"; }
	[ $src = 0 ] || cfail "side under test did not start"
	[ $prc = 0 ] && [ $src = 0 ]
}

# elapsed seconds since the case started (bash's $EPOCHREALTIME: no process per call)
since_case() {
	local now=${EPOCHREALTIME/[.,]/} start=${T_CASE/[.,]/} d
	d=$(((now - start) / 100000))
	printf '%3d.%d' $((d / 10)) $((d % 10))
}
cfail() {
	CASE_FAILS+=("$*")
	echo "  FAIL $(since_case): $*"
}
cok() { echo "  ok   $(since_case): $*"; }

# wait_log FILE REGEX TIMEOUT_S: REGEX appears in FILE; the first matching line is left in LOG_LINE
wait_log() {
	local f=$1 re=$2 t=$3 i
	for ((i = 0; i < t * 2; i++)); do
		LOG_LINE=$(grep -m1 -E -- "$re" "$f" 2>/dev/null) && return 0
		io_nap 0.5
	done
	return 1
}
# expect_log WHO FILE REGEX TIMEOUT_S: the case fails unless REGEX shows up in WHO's log
expect_log() {
	local who=$1 f=$2 re=$3 t=$4
	if [ -z "$re" ]; then
		cok "$who: (no log line defined for this event)"
	elif wait_log "$f" "$re" "$t"; then
		cok "$who log: ${LOG_LINE:0:160}"
	else
		cfail "$who log has no line matching /$re/ within ${t}s"
	fi
}

# ping_ok NS DST COUNT: all COUNT pings (0.2 s apart) answered
ping_ok() {
	local out
	out=$(in_ns "$1" "$VM_BUSYBOX" ping -c "$3" -i 0.2 -W 3 "$2" 2>&1)
	echo "$out" | grep -q " $3 packets received"
}

PEER_LOG_RE_P1='IKE_SA peer\[[0-9]+\] established between'
PEER_LOG_RE_P2='CHILD_SA peer\{[0-9]+\} established with SPIs'
PEER_RE_NOPROP_RECEIVED='received NO_PROPOSAL_CHOSEN error notify'

# check_established SIDE_DIR PEER_DIR: the checks of a successful negotiation, then the DELETE on stop
check_established() {
	local sd=$1 pd=$2 slog plog a b enc auth n dst_side_spi re
	slog=$(side_log "$sd")
	plog=$pd/charon.log
	if xfrm_wait_count "$IO_NS_SIDE" 2 60 && xfrm_wait_count "$IO_NS_PEER" 2 20; then
		cok "2 ESP SAs in each kernel"
	else
		cfail "ESP SAs: side $(xfrm_count "$IO_NS_SIDE"), peer $(xfrm_count "$IO_NS_PEER") (want 2 each)"
	fi
	expect_log side "$slog" "$(side_re p1_up)" 5
	expect_log side "$slog" "$(side_re p2_up)" 5
	expect_log peer "$plog" "$PEER_LOG_RE_P1" 5
	expect_log peer "$plog" "$PEER_LOG_RE_P2" 5
	# same SAs in both kernels: SPI, addresses, mode, algorithms, keys, ICV length
	a=$(xfrm_sas "$IO_NS_SIDE" | cut -d' ' -f1-9 | sort)
	b=$(xfrm_sas "$IO_NS_PEER" | cut -d' ' -f1-9 | sort)
	printf '%s\n' "$a" >"$CASE_DIR/xfrm-side.txt"
	printf '%s\n' "$b" >"$CASE_DIR/xfrm-peer.txt"
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		cok "same SAs (SPIs, algorithms, keys) in both kernels: $(echo "$a" | awk '{printf "%s %s->%s; ", $3, $1, $2}')"
	else
		cfail "the kernels disagree: side {$(echo "$a" | cut -d' ' -f1-5,7,9 | tr '\n' ';')} peer {$(echo "$b" | cut -d' ' -f1-5,7,9 | tr '\n' ';')}"
	fi
	enc=$(xfrm_enc "$C_C2")
	auth=$(xfrm_auth "$C_H2" "$SIDE_SHA256_TRUNC")
	n=$(echo "$a" | awk -v m="$C_MODE" -v e="${enc% *}" -v el="${enc#* }" \
		-v an="${auth%% *}" -v al="$(echo "$auth" | cut -d' ' -f2)" -v at="${auth##* }" \
		'$4 == m && $5 == e && length($6) - 2 == el && $7 == an && length($8) - 2 == al && $9 == at' | wc -l)
	if [ "$n" = 2 ]; then
		cok "both SAs: mode $C_MODE, ${enc% *} ($(( ${enc#* } * 4 )) bits), ${auth%% *} ICV ${auth##* } bits"
	else
		cfail "want mode $C_MODE, $enc, $auth on both SAs; got: $(echo "$a" | cut -d' ' -f4,5,7,9 | tr '\n' ';')"
	fi
	# ESP both ways
	local dst_peer=$IO_IP_PEER dst_side=$IO_IP_SIDE
	if [ "$C_MODE" = tunnel ]; then
		dst_peer=$IO_IN_PEER
		dst_side=$IO_IN_SIDE
	fi
	if ping_ok "$IO_NS_SIDE" "$dst_peer" 2; then cok "ping side -> $dst_peer"; else cfail "ping side -> $dst_peer lost packets"; fi
	if ping_ok "$IO_NS_PEER" "$dst_side" 2; then cok "ping peer -> $dst_side"; else cfail "ping peer -> $dst_side lost packets"; fi
	a=$(xfrm_sas "$IO_NS_SIDE")
	b=$(xfrm_sas "$IO_NS_PEER")
	if [ "$(printf '%s\n%s\n' "$a" "$b" | awk '$10 > 0' | wc -l)" = 4 ]; then
		cok "ESP packets counted on all 4 SAs: $(printf '%s\n%s\n' "$a" "$b" | awk '{printf "%s=%s ", $3, $10}')"
	else
		cfail "an SA counted no packet: $(printf '%s\n%s\n' "$a" "$b" | awk '{printf "%s=%s ", $3, $10}')"
	fi
	# stop the side under test: it must delete its SAs at the peer (DELETE for the SA towards it)
	dst_side_spi=$(echo "$a" | awk -v d="$IO_IP_SIDE" '$2 == d { sub(/^0x/, "", $3); print $3; exit }')
	side_stop "$sd"
	expect_log side "$slog" "$(side_re delete_sent)" 3
	re="received DELETE for ESP CHILD_SA with SPI ${dst_side_spi:-unknown}"
	expect_log peer "$plog" 'received DELETE for IKE_SA' 10
	if wait_log "$plog" "$re" 3; then
		cok "peer log: ${LOG_LINE:0:160}"
	elif grep -q 'received DELETE for IKE_SA' "$plog"; then
		# charon runs each received message as a job: when the ISAKMP DELETE wins the race, the ESP
		# DELETE (already received) finds no IKE_SA and is dropped without a log line
		cok "peer did not log the ESP DELETE for $dst_side_spi (its ISAKMP DELETE was processed first)"
		CASE_NOTES="peer processed the ISAKMP DELETE before the ESP DELETE"
	else
		cfail "peer log has no line matching /$re/"
	fi
	if xfrm_wait_count "$IO_NS_PEER" 0 10; then cok "peer kernel: no SA left after the DELETE"; else
		cfail "peer kernel still holds $(xfrm_count "$IO_NS_PEER") SAs after the DELETE"
	fi
	if xfrm_wait_count "$IO_NS_SIDE" 0 5; then cok "side kernel: no SA left after stop"; else
		cfail "side kernel still holds $(xfrm_count "$IO_NS_SIDE") SAs after stop"
	fi
}

# check_refused SIDE_DIR PEER_DIR: a failure case: expected lines on both sides, no SA anywhere
check_refused() {
	local sd=$1 pd=$2 slog plog sre pre t=20
	slog=$(side_log "$sd")
	plog=$pd/charon.log
	case "$C_EXPECT/$C_ROLE" in
	psk/initiator)
		# charon cannot parse MM5 decrypted with its own key, and answers with a notify the side cannot read
		pre='ID_PROT request with message ID 0 processing failed'
		sre=$(side_re psk_unanswered)
		t=30
		;;
	psk/responder)
		sre=$(side_re psk_refused)
		pre='sending retransmit [0-9]+ of request message ID 0'
		t=30
		;;
	noprop-p1/initiator)
		pre='no proposal found'
		sre=$(side_re noprop_received)
		;;
	noprop-p1/responder)
		sre=$(side_re noprop_p1_sent)
		pre=$PEER_RE_NOPROP_RECEIVED
		;;
	noprop-p2/initiator)
		pre='no matching proposal found, sending NO_PROPOSAL_CHOSEN'
		sre=$(side_re noprop_received)
		;;
	noprop-p2/responder | lifetime/responder)
		sre=$(side_re noprop_p2_sent)
		[ "$C_EXPECT" = lifetime ] && sre=$(side_re lifetime_refused)
		pre=$PEER_RE_NOPROP_RECEIVED
		;;
	pfs/initiator)
		pre='no matching proposal found, sending NO_PROPOSAL_CHOSEN'
		sre=$(side_re noprop_received)
		;;
	pfs/responder)
		sre=$(side_re pfs_refused)
		pre=$PEER_RE_NOPROP_RECEIVED
		;;
	*)
		cfail "no expectations defined for $C_EXPECT/$C_ROLE"
		return
		;;
	esac
	expect_log peer "$plog" "$pre" "$t"
	expect_log side "$slog" "$sre" "$t"
	io_nap 1
	if [ "$(xfrm_keyed_count "$IO_NS_SIDE")" = 0 ] && [ "$(xfrm_keyed_count "$IO_NS_PEER")" = 0 ]; then
		cok "no keyed SA in either kernel"
	else
		cfail "SAs left: side $(xfrm_keyed_count "$IO_NS_SIDE"), peer $(xfrm_keyed_count "$IO_NS_PEER")"
	fi
	# larval states from an SPI allocation are the kernel's until acq_expires; report them
	local ls lp
	ls=$(xfrm_larval "$IO_NS_SIDE")
	lp=$(xfrm_larval "$IO_NS_PEER")
	if [ -n "$ls$lp" ]; then
		echo "  note: larval (SPI-allocation) states left: side {$ls} peer {$lp}"
		CASE_NOTES="larval states: side {$ls} peer {$lp}"
	fi
	case "$C_EXPECT" in
	psk | noprop-p1)
		if grep -qE "$PEER_LOG_RE_P1" "$plog"; then cfail "peer established phase 1 anyway"; else cok "peer: no phase 1"; fi
		;;
	*)
		if grep -qE "$PEER_LOG_RE_P2" "$plog"; then cfail "peer established a CHILD_SA anyway"; else cok "peer: no CHILD_SA"; fi
		;;
	esac
	side_stop "$sd"
}

# run_case NAME ROLE [VAR=VALUE...]
run_case() {
	local name=$1 role=$2 t0 sd pd kv result notes="" initpid="" secs dst
	shift 2
	if [ -n "$IO_ONLY" ] && ! [[ "$name/$role" =~ $IO_ONLY ]]; then return 0; fi
	case_reset
	C_NAME=$name
	C_ROLE=$role
	for kv in "$@"; do printf -v "${kv%%=*}" '%s' "${kv#*=}"; done
	CASE_DIR=$OUT/cases/$name-$role
	sd=$WORK/$name-$role/side
	pd=$WORK/$name-$role/peer
	mkdir -p "$CASE_DIR" "$sd" "$pd"
	# the two sides derive different keys: charon's key cannot decrypt the side's messages
	[ "$C_EXPECT" = psk ] && touch "$CASE_DIR/no-decrypt"
	CASE_FAILS=()
	CASE_NOTES=""
	t0=$EPOCHREALTIME
	T_CASE=$t0
	echo "=== case $name ($role): P1 $C_EXCH $C_C1-$C_H1-$C_G1, P2 $C_C2-$C_H2 PFS $C_PFS $C_MODE, expect $C_EXPECT" \
		"${P_IKE:+peer-ike=$P_IKE }${P_ESP:+peer-esp=$P_ESP }${P_PSK:+peer-psk=$P_PSK }$([ "$C_DROP_FIRST" = 1 ] && echo drop-first)"
	printf 'start\t%s\t%s\t%s\n' "$name" "$role" "$t0" >>"$OUT/windows.tsv"
	if [ "$C_EXPECT" = lifetime ] && [ "$SIDE_STRICT_LIFETIME" != yes ]; then
		result=SKIP
		notes="side has no proposal_check strict"
		echo "  skip: $notes"
	elif [ "$C_RFC4868" = 1 ] && [ "$SIDE_SHA256_TRUNC" != 128 ]; then
		result=SKIP
		notes="PF_KEY gives HMAC-SHA-256 a 96-bit ICV: charon needs sha256_96 (mm-aes256-sha256-modp1024 covers that)"
		echo "  skip: $notes"
	elif ! start_both "$sd" "$pd"; then
		:
	else
		cok "both sides started"
		if [ "$C_RFC4868" = 1 ]; then
			if grep -q sha256_96 "$pd/swanctl/swanctl.conf"; then cfail "charon's child has sha256_96"; else cok "charon's child has no sha256_96 (RFC 4868, 128-bit ICV)"; fi
		fi
		if [ "$C_DROP_FIRST" = 1 ]; then
			# drop the first ISAKMP packet the side sends, as it reaches the peer (the sender sees no error)
			in_ns "$IO_NS_PEER" nft -f - <<-NFT || cfail "nft rule"
				table inet interop {
					chain in {
						type filter hook input priority 0; policy accept;
						ip saddr $IO_IP_SIDE udp sport 500 numgen inc mod 1000000 0 counter drop
					}
				}
			NFT
		fi
		if [ "$role" = initiator ]; then
			dst=$IO_IP_PEER
			[ "$C_MODE" = tunnel ] && dst=$IO_IN_PEER
			# the first ping makes the kernel send an ACQUIRE; it is dropped (larval state)
			in_ns "$IO_NS_SIDE" "$VM_BUSYBOX" ping -c 1 -W 1 "$dst" >/dev/null 2>&1 &
		else
			ch_ctl "$pd" --initiate --child peer --timeout 60 >"$pd/initiate.out" 2>&1 &
			initpid=$!
		fi
		if [ "$C_EXPECT" = ok ]; then
			check_established "$sd" "$pd"
			if [ "$C_DROP_FIRST" = 1 ]; then
				if in_ns "$IO_NS_PEER" nft list ruleset | grep -q 'counter packets 1 '; then
					cok "nftables dropped exactly one packet of the side"
				else
					cfail "nftables counter: $(in_ns "$IO_NS_PEER" nft list ruleset | grep counter)"
				fi
				if [ "$role" = responder ]; then
					expect_log peer "$pd/charon.log" 'sending retransmit 1 of request message ID 0' 1
				else
					expect_log side "$(side_log "$sd")" "$(side_re retransmit)" 1
				fi
			fi
		else
			check_refused "$sd" "$pd"
		fi
	fi
	side_stop "$sd" 2>/dev/null
	ch_stop "$pd"
	[ -n "$initpid" ] && { kill "$initpid" 2>/dev/null; wait "$initpid" 2>/dev/null; }
	[ "$C_DROP_FIRST" = 1 ] && in_ns "$IO_NS_PEER" nft delete table inet interop 2>/dev/null
	side_cleanup "$sd"
	# leftovers: SAs are a failure (checked above); flush so the next case starts clean
	local left
	left=$(xfrm_policies "$IO_NS_PEER")
	[ "$left" = 0 ] || cfail "charon (peer) left $left policies after its stop"
	ip -n "$IO_NS_SIDE" -batch - <<<$'xfrm state flush\nxfrm policy flush'
	ip -n "$IO_NS_PEER" -batch - <<<$'xfrm state flush\nxfrm policy flush'
	# keep both sides' configs and logs (no sockets, no private /run)
	for kv in side peer; do
		local files=() f
		for f in "$WORK/$name-$role/$kv"/* "$WORK/$name-$role/$kv"/swanctl/swanctl.conf; do
			[ -f "$f" ] && files+=("$f")
		done
		mkdir -p "$CASE_DIR/$kv"
		[ ${#files[@]} = 0 ] || cp "${files[@]}" "$CASE_DIR/$kv/"
	done
	secs=$(since_case)
	secs=${secs// /}
	printf 'end\t%s\t%s\t%s\n' "$name" "$role" "$EPOCHREALTIME" >>"$OUT/windows.tsv"
	if [ -z "$result" ]; then
		notes=$CASE_NOTES
		if [ ${#CASE_FAILS[@]} = 0 ]; then result=PASS; else
			result=FAIL
			notes=$(printf '%s; ' "${CASE_FAILS[@]}" | cut -c1-300)
		fi
	fi
	case $result in
	PASS) pass "$name ($role) in $secs s" ;;
	SKIP) skip "$name ($role): $notes" ;;
	*) fail "$name ($role): $notes" ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$role" "$result" "$secs" "$notes" >>"$SUMMARY"
}

# ------------------------------------------------------------------------------------- the cases
both() { run_case "$1" initiator "${@:2}"; run_case "$1" responder "${@:2}"; }

# phase 1: cipher x hash x group (phase 2 follows: same cipher, HMAC of the same hash, PFS = the group)
p1_case() { both "mm-$1-$2-$3" C_C1="$1" C_H1="$2" C_G1="$3" C_C2="$1" C_H2="$2" C_PFS="$3"; }
if [ "$IO_SET" = smoke ]; then
	p1_case 3des sha1 modp1024
	both qm-nopfs-tunnel C_PFS=none C_MODE=tunnel C_C2=3des C_H2=md5
	both fail-noprop-p2 C_EXPECT=noprop-p2 C_C2=3des C_H2=md5 P_ESP=aes128-sha1-modp1024
elif [ "$IO_SET" = full ]; then
	for c in 3des aes128 aes256; do
		for h in md5 sha1 sha256; do
			for g in modp1024 modp2048; do p1_case $c $h $g; done
		done
	done
else
	p1_case 3des sha1 modp1024
	p1_case aes128 md5 modp2048
	p1_case aes256 sha256 modp1024
fi
if [ "$IO_SET" != smoke ]; then
	# phase 2: PFS or not, transport or tunnel (phase 1 aes128-sha1-modp1024)
	both qm-pfs-transport C_PFS=modp1024 C_MODE=transport
	both qm-nopfs-transport C_PFS=none C_MODE=transport
	both qm-pfs-tunnel C_PFS=modp2048 C_MODE=tunnel
	both qm-nopfs-tunnel C_PFS=none C_MODE=tunnel C_C2=3des C_H2=md5
	both fail-noprop-p2 C_EXPECT=noprop-p2 C_C2=3des C_H2=md5 P_ESP=aes128-sha1-modp1024
fi
if [ "$IO_SET" != smoke ] && [ $IO_KERNEL_CASES_ONLY = 0 ]; then
	both am-3des-sha1-modp1024 C_EXCH=aggressive C_C1=3des C_H1=sha1 C_G1=modp1024
	# failures
	both fail-wrong-psk C_EXPECT=psk P_PSK=not-the-interop-psk
	both fail-noprop-p1 C_EXPECT=noprop-p1 C_C1=3des C_H1=md5 C_G1=modp2048 P_IKE=aes128-sha1-modp1024
	run_case fail-lifetime-strict responder C_EXPECT=lifetime P_REKEY=60m P_LIFE=66m
	run_case fail-pfs-required responder C_EXPECT=pfs C_PFS=modp1024 P_ESP=aes128-sha1
	run_case fail-pfs-refused initiator C_EXPECT=pfs C_PFS=modp1024 P_ESP=aes128-sha1
	# retransmission: the side's first ISAKMP packet is lost (responder role: MM2, charon resends MM1)
	both retransmit-first-packet C_DROP_FIRST=1
fi
# ESP HMAC-SHA-256 with RFC 4868's 128-bit ICV against a charon WITHOUT sha256_96, transport and tunnel: traffic must
# pass. Only where the side's kernel interface carries the ICV length (XFRM); over PF_KEY the cases are skipped.
both esp-sha256-rfc4868-transport C_RFC4868=1 C_C2=aes128 C_H2=sha256 C_PFS=modp2048
[ "$IO_SET" = smoke ] || both esp-sha256-rfc4868-tunnel C_RFC4868=1 C_C2=aes256 C_H2=sha256 C_PFS=none C_MODE=tunnel

# ------------------------------------------------------------------------------------- capture
kill -TERM "$DUMPCAP_PID" 2>/dev/null
wait "$DUMPCAP_PID" 2>/dev/null
if [ -s "$PCAP" ]; then
	io_dissect "$PCAP" "$IO_IP_SIDE" "$OUT" && pass "tshark: every ISAKMP packet of the side dissects cleanly" ||
		fail "tshark: malformed packets or expert warnings (see $OUT/tshark-problems.txt)"
	if [ -n "$IO_ESP_DECRYPTED" ]; then
		# Raccoon's -K key log: Wireshark decrypts its ISAKMP messages and the ESP traffic with it
		encrypted=$(sed -n 's/.* \([0-9]*\) encrypted, \([0-9]*\) of them decrypted.*/\1 \2/p' "$OUT/tshark-summary.txt")
		if [ -n "$encrypted" ] && [ "${encrypted% *}" = "${encrypted#* }" ] && [ "${encrypted% *}" -gt 0 ]; then
			pass "tshark: the side's -K key log decrypts all ${encrypted% *} encrypted ISAKMP packets it sent"
		else
			fail "tshark: with the side's -K key log, encrypted/decrypted ISAKMP packets = ${encrypted:-?}"
		fi
		if [ "$IO_ESP_DECRYPTED" -gt 0 ]; then pass "tshark: $(cat "$OUT/tshark-esp.txt")"; else fail "tshark: $(cat "$OUT/tshark-esp.txt")"; fi
	fi
else
	fail "no capture ($OUT/dumpcap.log)"
fi

# ------------------------------------------------------------------------------------- summary
echo
echo "interop summary (side under test: $IO_SIDE, set $IO_SET, $(awk -v a="$T_JOB" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s):"
column -t -s "$(printf '\t')" "$SUMMARY" 2>/dev/null || cat "$SUMMARY"
summary
