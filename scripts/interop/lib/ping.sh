# ping.sh - a continuous ping through an SA lifecycle, and its verdict (the lifecycle jobs of issue 20).
# Needs lib.sh (in_ns, VM_BUSYBOX, pass, fail).
#
#   ping_start NS DST COUNT FILE   busybox ping every 0.2 s in the background, COUNT pings and 5 more: busybox
#                                  waits only max(2 RTT, 1 s) for the reply to its last ping, which a busy TCG
#                                  guest can miss, so the verdict covers the first COUNT; output in FILE, pid in
#                                  PING_PID
#   ping_verdict FILE COUNT        reads FILE and sets PING_SENT, PING_RECV, PING_LOST (every seq below COUNT without
#                                  a reply), PING_FIRST (the first seq answered, empty if none) and PING_LATE (the
#                                  seqs lost after PING_FIRST: with the SAs up, a lifecycle event must lose none)
#   ping_check CASE WHAT FILE COUNT   ping_verdict, a line with the figures, and PASS if a reply came within the
#                                  first COUNT and none of them was lost after it

ping_start() {
	in_ns "$1" "$VM_BUSYBOX" ping -c $(($3 + 5)) -i 0.2 -W 1 "$2" >"$4" 2>&1 &
	PING_PID=$!
}

ping_verdict() {
	local out
	out=$(<"$1")
	PING_LOST=$(awk -F'seq=' -v n="$2" '/seq=/ { split($2, a, " "); got[a[1]] = 1 }
		END { for (i = 0; i < n; i++) if (!(i in got)) printf "%d ", i }' <<<"$out")
	PING_FIRST=$(awk -F'seq=' '/seq=/ { split($2, a, " "); print a[1]; exit }' <<<"$out")
	PING_LATE=$(awk -v f="${PING_FIRST:-0}" '{ for (i = 1; i <= NF; i++) if ($i > f) printf "%d ", $i }' <<<"$PING_LOST")
	PING_SENT=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' <<<"$out")
	PING_RECV=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' <<<"$out")
}

ping_check() {
	local lost
	ping_verdict "$3" "$4"
	read -r -a lost <<<"$PING_LOST"
	echo "  $2: $PING_SENT sent, $PING_RECV received; lost among the first $4: {$PING_LOST}; first reply: seq ${PING_FIRST:-none}"
	if [ -n "$PING_FIRST" ] && [ "$PING_FIRST" -lt "$4" ] && [ -z "$PING_LATE" ]; then
		pass "$1: $2: no ping lost once the first reply came (${#lost[@]} lost before it)"
	else
		fail "$1: $2: pings lost after the first reply (seq ${PING_FIRST:-none}): {$PING_LATE}"
	fi
}
