# ping.sh - a continuous ping through an SA lifecycle, and its verdict (the lifecycle jobs of issue 20).
# Needs lib.sh (in_ns, VM_BUSYBOX).
#
#   ping_start NS DST COUNT FILE   busybox ping every 0.2 s (COUNT pings, 1 s reply timeout) in the background;
#                                  its output goes to FILE, its pid to PING_PID
#   ping_verdict FILE COUNT        reads FILE and sets PING_SENT, PING_RECV, PING_LOST (every seq without a reply),
#                                  PING_FIRST (the first seq answered, empty if none) and PING_LATE (the seqs lost
#                                  after PING_FIRST: with the SAs up, a lifecycle event must lose none)

ping_start() {
	in_ns "$1" "$VM_BUSYBOX" ping -c "$3" -i 0.2 -W 1 "$2" >"$4" 2>&1 &
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
