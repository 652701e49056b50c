#!/bin/bash
# vm-boot: selinux plain:manual
# vm-warm: crypto
# vm-job-timeout: 900
# lifecycle-raccoon.sh - issue 20, item 4, with a second Raccoon as the peer: the SA lifecycle on the real kernel
# under a continuous ping (every 0.2 s), Raccoon in namespace a (10.0.0.1) and in namespace b (10.0.0.2). In a boot
# with SELinux (CI: the `selinux` boot) both hosts use the walkthrough's labeled policies (-ctx, unlabeled_t:s0:c0)
# and every SA must carry a context; without SELinux (VM_BOOTS=plain scripts/test-kernel.sh lifecycle-raccoon) the
# same policies without -ctx.
#
# Cases (each with freshly started daemons; CI runs all five, RACCOON_LIFECYCLE_ONLY=REGEX selects):
#   rekey-both     phase-2 lifetime 30 s on both sides, pings a->b and b->a started together (both initiate, both
#                  soft-expire at once; each re-keys or finds the peer's replacement) for RACCOON_LIFECYCLE_SECONDS
#                  (default 45)
#   phase1-rekey   ISAKMP lifetime 30 s, phase-2 lifetime 40 s, ping a->b for 60 s: phase 1 is re-negotiated
#                  (re-authenticated) on its soft expiry and the IPsec SAs re-key over the new ISAKMP SA
#   isakmp-delete  `raccoonctl delete-sa isakmp` on a while the ping runs: b drops the ISAKMP SA, both keep the
#                  IPsec SAs, the same SPIs carry the ping on
#   restart        b is killed with SIGKILL and its SAs flushed (a reboot), b starts again and sends traffic: its
#                  phase 1 carries INITIAL-CONTACT, a drops the stale SAs at once, traffic resumes
#   dpd            dpd_delay 3, dpd_retry 2, dpd_maxfail 3 on both: while b lives the SAs stay (the probes are
#                  answered), then b vanishes (SIGKILL, SAs flushed) and a declares it dead and removes its SAs
# Checks per case: no ping lost after the first reply (except where a peer is gone on purpose), same SPIs in both
# kernels, no "for unknown SPI" and no "EXPIRE ... not ours" for SAs Raccoon installed, both kernels empty after
# SIGTERM, and the case's own assertions, each with a positive control. Output: $VM_OUT/lifecycle-raccoon/<case>/.
. "$(dirname "$0")/lib.sh"
IO_LIB=$RACCOON_ROOT/scripts/interop/lib
. "$IO_LIB/charon.sh" # io_nap
. "$IO_LIB/xfrm.sh"
. "$IO_LIB/ping.sh"

RACCOONCTL=$RACCOON_BUILD_DIR/raccoonctl
SETKEY=$RACCOON_BUILD_DIR/setkey
LR_ONLY=${RACCOON_LIFECYCLE_ONLY:-}
LR_SECONDS=${RACCOON_LIFECYCLE_SECONDS:-45}
LR_LABEL="system_u:object_r:unlabeled_t:s0:c0"
WORK=/run/lifecycle-raccoon
OUT=$VM_OUT/lifecycle-raccoon
rm -rf "$WORK" "$OUT"
mkdir -p "$WORK" "$OUT"
if [ "$(vm_selinux_mode)" = off ]; then LR_LABELED=0; else LR_LABELED=1; fi
declare -A LR_PID
T_JOB=$EPOCHREALTIME
echo "lifecycle-raccoon: $("$RACCOON_BUILD_DIR/raccoon" -V 2>&1 | head -1); kernel $(uname -r); SELinux $(vm_selinux_mode); labeled=$LR_LABELED"
check "namespaces a and b" vm_netns_setup

lr_elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
lr_ctl() { RACCOON_ADMIN_SOCKET=$WORK/$1/raccoon.sock in_ns "$1" "$RACCOONCTL" "${@:2}"; }
lr_self() { if [ "$1" = a ]; then echo "$VM_IP_A"; else echo "$VM_IP_B"; fi; }
lr_peer() { if [ "$1" = a ]; then echo "$VM_IP_B"; else echo "$VM_IP_A"; fi; }

# lr_configure NS P1LIFE P2LIFE DPD: racoon.conf, psk.txt and the policy pair (labeled in an SELinux boot) of host NS
lr_configure() {
	local ns=$1 dir=$WORK/$1 self peer dpd="" ctx=""
	self=$(lr_self "$ns")
	peer=$(lr_peer "$ns")
	mkdir -p "$dir"
	printf '%s\t%s\n' "$peer" "lifecycle-raccoon-psk" >"$dir/psk.txt"
	chmod 600 "$dir/psk.txt"
	[ "$4" -gt 0 ] && dpd="dpd_delay $4; dpd_retry 2; dpd_maxfail 3;"
	cat >"$dir/racoon.conf" <<CONF
path pre_shared_key "$dir/psk.txt";
path pidfile "$dir/raccoon.pid";
log debug;
listen { isakmp $self [500]; }
remote $peer {
	exchange_mode main;
	my_identifier address;
	lifetime time $2 sec;
	$dpd
	proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
}
sainfo anonymous {
	pfs_group 2;
	lifetime time $3 sec;
	encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;
}
CONF
	[ $LR_LABELED = 1 ] && ctx="-ctx 1 1 \"$LR_LABEL\""
	cat >"$dir/policy.conf" <<SPD
flush;
spdflush;
spdadd $self $peer any $ctx -P out ipsec esp/transport//require;
spdadd $peer $self any $ctx -P in ipsec esp/transport//require;
SPD
	in_ns "$ns" "$SETKEY" -f "$dir/policy.conf"
}

# lr_start NS LOGNAME: raccoon -F -d in NS (admin socket in its directory); its pid in LR_PID[NS]
lr_start() {
	vm_start_raccoon "$1" "$WORK/$1" "$WORK/$1/$2"
	local rc=$?
	LR_PID[$1]=$VM_RACCOON_PID
	return $rc
}
# lr_stop NS [SIGNAL]: SIGTERM (Raccoon deletes its SAs and tells the peer) or SIGKILL, and wait for the exit
lr_stop() {
	local pid=${LR_PID[$1]:-} i
	[ -n "$pid" ] || return 0
	kill "-${2:-TERM}" "$pid" 2>/dev/null
	for i in {1..100}; do
		kill -0 "$pid" 2>/dev/null || break
		io_nap 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	LR_PID[$1]=""
}

# lr_same_spis: both kernels hold the same keyed SPIs (LR_SPIS_A, LR_SPIS_B)
lr_same_spis() {
	xfrm_same_spis a b
	local rc=$?
	LR_SPIS_A=$XFRM_SPIS_1 LR_SPIS_B=$XFRM_SPIS_2
	return $rc
}

# lr_same_check CASE: PASS if both kernels hold the same SPIs
lr_same_check() {
	if lr_same_spis; then pass "$1: both kernels hold the same SPIs {$LR_SPIS_A}"; else
		fail "$1: the kernels differ: a {$LR_SPIS_A} b {$LR_SPIS_B}"
	fi
}

# lr_at_least CASE NS REGEX MIN WHAT: PASS if NS's logs have at least MIN lines matching REGEX
lr_at_least() {
	local n
	n=$(lr_count "$2" "$3")
	if [ "$n" -ge "$4" ]; then pass "$1: $5 ($n in $2's log)"; else fail "$1: $5: $n lines in $2's log, expected at least $4"; fi
}

# lr_labeled CASE: in a labeled run every keyed SA in both kernels carries a security context (larval and acquire
# states may carry one too; they are not counted)
lr_labeled() {
	[ $LR_LABELED = 1 ] || return 0
	local ns counts
	for ns in a b; do
		counts=$(ip -n "$ns" xfrm state | awk '
			function out() { if (keyed) { n++; if (ctx) c++ } keyed = ctx = 0 }
			/^src / { out() }
			$1 == "enc" { keyed = 1 }
			/security context/ { ctx = 1 }
			END { out(); print c + 0, n + 0 }')
		if [ "${counts#* }" -gt 0 ] && [ "${counts% *}" = "${counts#* }" ]; then
			pass "$1: all ${counts#* } keyed SAs in $ns carry a security context"
		else
			fail "$1: ${counts% *} of ${counts#* } keyed SAs in $ns carry a security context"
		fi
	done
}

# lr_begin CASE P1LIFE P2LIFE DPD: select, configure and start both daemons (returns 1 to skip the case)
lr_begin() {
	LR_CASE=$1
	if [ -n "$LR_ONLY" ]; then
		[[ $1 =~ $LR_ONLY ]] || return 1
	fi
	echo "=== case $1: ISAKMP lifetime $2 s, phase-2 lifetime $3 s, dpd_delay $4; labeled=$LR_LABELED"
	LR_T0=$EPOCHREALTIME
	rm -rf "${WORK:?}/a" "${WORK:?}/b"
	# both daemons start together: under TCG each start takes 10-20 s, most of it af_key's SADB_REGISTER
	if lr_configure a "$2" "$3" "$4" && lr_configure b "$2" "$3" "$4"; then
		lr_start a a.log &
		lr_start b b.log
		if vm_wait_log 60 "$WORK/a/a.log" "Raccoon started" && vm_wait_log 60 "$WORK/b/b.log" "Raccoon started"; then
			LR_PID[a]=$(cat "$WORK/a/raccoon.pid")
			echo "  both daemons started in $(lr_elapsed "$LR_T0") s"
			return 0
		fi
	fi
	fail "$1: configuration or start of the daemons"
	lr_end
	return 1
}

# lr_end: SIGTERM both daemons; neither kernel keeps an SA; no SA was lost track of; artifacts; clean kernels
lr_end() {
	local c=$LR_CASE n logs
	lr_stop a
	lr_stop b
	if xfrm_wait_count a 0 10 && xfrm_wait_count b 0 10; then
		pass "$c: after both daemons' stop neither kernel holds an SA (each deleted every SA it had installed)"
	else
		fail "$c: SAs left after the stop: a {$(xfrm_keyed_spis a)} b {$(xfrm_keyed_spis b)}"
	fi
	# until each daemon's SIGTERM: then it deletes every SA it holds and forgets them, and a kernel EXPIRE that
	# crossed that DELETE is "not ours" about an SA it has just deleted itself (the empty kernels above cover it)
	logs=$(awk '/caught signal SIGTERM/ { nextfile } { print }' "$WORK"/a/*.log "$WORK"/b/*.log 2>/dev/null)
	n=$(grep -cE 'for unknown PROTO_IPSEC_ESP SPI|EXPIRE for .*not ours' <<<"$logs")
	if [ "$n" = 0 ]; then pass "$c: every SA tracked (no 'unknown SPI', no 'not ours' in either log before the stop)"; else
		fail "$c: SAs lost track of ($n lines): $(grep -E 'for unknown PROTO_IPSEC_ESP SPI|EXPIRE for .*not ours' <<<"$logs" | head -4 | tr '\n' ';')"
	fi
	mkdir -p "$OUT/$c"
	cp -r "$WORK/a" "$OUT/$c/a" 2>/dev/null
	cp -r "$WORK/b" "$OUT/$c/b" 2>/dev/null
	rm -f "$OUT/$c"/*/psk.txt "$OUT/$c"/*/raccoon.sock
	ip -n a -batch - <<<$'xfrm state flush\nxfrm policy flush'
	ip -n b -batch - <<<$'xfrm state flush\nxfrm policy flush'
	echo "  case $c: $(lr_elapsed "$LR_T0") s"
}

# lr_count NS TEXT: lines of NS's current log matching the extended regex TEXT
lr_count() { cat "$WORK/$1"/*.log | grep -cE "$2"; }

# ------------------------------------------------------------------ the cases
case_rekey_both() {
	lr_begin rekey-both 600 30 0 || return 0
	local n=$((LR_SECONDS * 5)) pa
	ping_start a "$VM_IP_B" $n "$WORK/a/ping.txt"
	pa=$PING_PID
	ping_start b "$VM_IP_A" $n "$WORK/b/ping.txt"
	wait "$pa" "$PING_PID"
	ping_check rekey-both "ping a->b" "$WORK/a/ping.txt" $n
	ping_check rekey-both "ping b->a" "$WORK/b/ping.txt" $n
	# Two pings started together usually give two pairs, one initiated by each side, and each side re-keys its own;
	# when one side's negotiation wins, one pair: its initiator soft-expires first and re-keys, the other finds the
	# replacement ("not re-keying, the peer replaced it"). Either way each side must act on its soft expiry.
	echo "  a: $(lr_count a 'IPsec-SA established') SAs established, $(lr_count a 'soft-expired.*: re-keying') re-keys, $(lr_count a 'the peer replaced it') replaced by b; b: $(lr_count b 'IPsec-SA established'), $(lr_count b 'soft-expired.*: re-keying'), $(lr_count b 'the peer replaced it')"
	lr_at_least rekey-both a 'soft-expired .*(: re-keying|the peer replaced it)' 1 "a acted on its soft expiry"
	lr_at_least rekey-both b 'soft-expired .*(: re-keying|the peer replaced it)' 1 "b acted on its soft expiry"
	lr_at_least rekey-both a 'IPsec-SA expired' 1 "old SAs reached their hard lifetime during the run"
	lr_same_check rekey-both
	lr_labeled rekey-both
	lr_end
}

case_phase1_rekey() {
	lr_begin phase1-rekey 30 40 0 || return 0
	local n=300
	ping_start a "$VM_IP_B" $n "$WORK/a/ping.txt"
	wait "$PING_PID"
	ping_check phase1-rekey "ping a->b" "$WORK/a/ping.txt" $n
	echo "  a: $(lr_count a 'ISAKMP-SA established') ISAKMP SAs, $(lr_count a 'IPsec-SA established') IPsec SAs established; b: $(lr_count b 'ISAKMP-SA established'), $(lr_count b 'IPsec-SA established')"
	lr_at_least phase1-rekey a 'ISAKMP-SA established' 2 "phase 1 was negotiated again (re-authenticated) on a"
	lr_at_least phase1-rekey b 'ISAKMP-SA established' 2 "phase 1 was negotiated again (re-authenticated) on b"
	# Both ends give the ISAKMP SA the same lifetime: whichever hard expiry fires first deletes it and tells the
	# other end, which then logs "the peer deleted it" (seen both ways).
	lr_at_least phase1-rekey a 'ISAKMP-SA deleted .*(lifetime expired|the peer deleted it)' 1 \
		"the old ISAKMP SA was deleted on a (its expiry, or b's DELETE at b's expiry)"
	local expired=$(($(lr_count a 'ISAKMP-SA deleted .*lifetime expired') + $(lr_count b 'ISAKMP-SA deleted .*lifetime expired')))
	if [ $expired -ge 1 ]; then pass "phase1-rekey: an ISAKMP SA expired on its lifetime ($expired in a's and b's logs)"
	else fail "phase1-rekey: no ISAKMP SA expired on its lifetime in a's or b's log"; fi
	lr_at_least phase1-rekey a 'IPsec-SA established' 4 "the IPsec SAs re-keyed (over a new ISAKMP SA)"
	lr_same_check phase1-rekey
	lr_labeled phase1-rekey
	lr_end
}

# lr_esp_packets NS: the sum of the packet counters of NS's keyed SAs
lr_esp_packets() { xfrm_sas "$1" | awk '$5 != "-" { n += $10 } END { print n + 0 }'; }
# lr_isakmp_up NS: raccoonctl lists an established ISAKMP SA with the peer
lr_isakmp_up() { lr_ctl "$1" show-sa isakmp | grep -F "$(lr_peer "$1")[500]" | grep -q established; }

case_isakmp_delete() {
	lr_begin isakmp-delete 600 600 0 || return 0
	local n=100 spis_a spis_b pk_a pk_b
	ping_start a "$VM_IP_B" $n "$WORK/a/ping.txt"
	vm_wait_for 30 lr_same_spis
	# positive control: both hold the ISAKMP SA and the pair before the DELETE
	if lr_isakmp_up a && lr_isakmp_up b && lr_same_spis; then pass "isakmp-delete: both list the ISAKMP SA and hold the pair {$LR_SPIS_A}"; else
		fail "isakmp-delete: no ISAKMP SA or no common pair before the DELETE"
	fi
	spis_a=$LR_SPIS_A spis_b=$LR_SPIS_B
	io_nap 2
	pk_a=$(lr_esp_packets a) pk_b=$(lr_esp_packets b)
	check "isakmp-delete: raccoonctl delete-sa isakmp on a" lr_ctl a delete-sa isakmp inet "$VM_IP_A" "$VM_IP_B"
	if vm_wait_log 10 "$WORK/b/b.log" "(the peer deleted it)"; then pass "isakmp-delete: b received the ISAKMP DELETE and dropped the ISAKMP SA"; else
		fail "isakmp-delete: b did not log the ISAKMP DELETE"
	fi
	if ! lr_isakmp_up a && ! lr_isakmp_up b; then pass "isakmp-delete: neither lists an ISAKMP SA any more"; else
		fail "isakmp-delete: an ISAKMP SA is still listed"
	fi
	wait "$PING_PID"
	ping_check isakmp-delete "ping a->b" "$WORK/a/ping.txt" $n
	if lr_same_spis && [ "$LR_SPIS_A" = "$spis_a" ] && [ "$LR_SPIS_B" = "$spis_b" ]; then
		pass "isakmp-delete: both kernels still hold the same pair {$LR_SPIS_A}"
	else
		fail "isakmp-delete: the IPsec SAs changed: before a {$spis_a} b {$spis_b}, after a {$LR_SPIS_A} b {$LR_SPIS_B}"
	fi
	if [ "$(lr_esp_packets a)" -gt "$pk_a" ] && [ "$(lr_esp_packets b)" -gt "$pk_b" ]; then
		pass "isakmp-delete: the pings after the DELETE went through those SAs (packets $pk_a -> $(lr_esp_packets a) on a)"
	else
		fail "isakmp-delete: the SAs' packet counters did not grow"
	fi
	if [ "$(lr_count a 'sent DELETE for PROTO_IPSEC_ESP')" = 0 ] && [ "$(lr_count b 'sent DELETE for PROTO_IPSEC_ESP')" = 0 ]; then
		pass "isakmp-delete: no IPsec DELETE was sent"
	else
		fail "isakmp-delete: an IPsec DELETE was sent"
	fi
	lr_labeled isakmp-delete
	lr_end
}

# lr_holds_any NS SPIS: NS still holds one of the SPIs
lr_holds_any() {
	local now s
	now=" $(xfrm_keyed_spis "$1") "
	for s in $2; do [[ $now == *" $s "* ]] && return 0; done
	return 1
}

case_restart() {
	lr_begin restart 600 600 0 || return 0
	local n=50 stale t_restart t_ic m=100 pa i
	ping_start a "$VM_IP_B" $n "$WORK/a/ping-before.txt"
	wait "$PING_PID"
	ping_check restart "ping a->b before the restart" "$WORK/a/ping-before.txt" $n
	lr_same_spis
	stale=$LR_SPIS_A
	lr_stop b KILL
	ip -n b xfrm state flush
	# positive control: the SIGKILL itself removed nothing at a
	if [ -n "$stale" ] && [ "$(xfrm_keyed_spis a)" = "$stale" ]; then pass "restart: after b's SIGKILL and flush a still holds the old pair {$stale}"; else
		fail "restart: a's SAs changed at b's SIGKILL: before {$stale}, now {$(xfrm_keyed_spis a)}"
	fi
	t_restart=$EPOCHREALTIME
	lr_start b b-restarted.log || fail "restart: b started again"
	echo "  b restarted in $(lr_elapsed "$t_restart") s (af_key's SADB_REGISTER under TCG)"
	t_restart=$EPOCHREALTIME
	# traffic both ways: b's own first packet makes it negotiate (a still sends on the stale pair)
	ping_start a "$VM_IP_B" $m "$WORK/a/ping-after.txt"
	pa=$PING_PID
	ping_start b "$VM_IP_A" $m "$WORK/b/ping-after.txt"
	if vm_wait_log 30 "$WORK/a/a.log" "received INITIAL-CONTACT from $VM_IP_B"; then
		t_ic=$(lr_elapsed "$t_restart")
		pass "restart: b's new phase 1 carried INITIAL-CONTACT (a logged it ${t_ic} s after b was up)"
	else
		fail "restart: a logged no INITIAL-CONTACT"
	fi
	for ((i = 0; i < 4; i++)); do lr_holds_any a "$stale" || break; io_nap 0.5; done
	if ! lr_holds_any a "$stale"; then
		pass "restart: a dropped the stale pair at once"
	else
		fail "restart: a still holds stale SAs {$(xfrm_keyed_spis a)} (stale {$stale})"
	fi
	wait "$pa" "$PING_PID"
	ping_check restart "ping a->b after the restart" "$WORK/a/ping-after.txt" $m
	echo "  traffic a->b resumed at seq ${PING_FIRST:-none} of the ping started with b's restart (0.2 s a seq)"
	ping_check restart "ping b->a after the restart" "$WORK/b/ping-after.txt" $m
	lr_same_check restart
	lr_labeled restart
	lr_end
}

case_dpd() {
	lr_begin dpd 600 600 3 || return 0
	local n=50 spis t_kill t_dead
	ping_start a "$VM_IP_B" $n "$WORK/a/ping.txt"
	wait "$PING_PID"
	ping_check dpd "ping a->b" "$WORK/a/ping.txt" $n
	lr_same_spis
	spis=$LR_SPIS_A
	# positive control: a live peer answers every probe, longer than dead detection would take (3 + 2 x 3 s)
	io_nap 12
	if [ "$(lr_count a 'seems to be dead')" = 0 ] && [ "$(lr_count b 'seems to be dead')" = 0 ] && [ "$(xfrm_keyed_spis a)" = "$spis" ]; then
		pass "dpd: while b lives (12 s, probes every 3 s) nobody is declared dead and the pair {$spis} stays"
	else
		fail "dpd: a live peer was declared dead or the SAs changed"
	fi
	t_kill=$EPOCHREALTIME
	lr_stop b KILL
	ip -n b xfrm state flush
	if vm_wait_log 30 "$WORK/a/a.log" "DPD: remote $VM_IP_B[500] seems to be dead"; then
		t_dead=$(lr_elapsed "$t_kill")
		pass "dpd: a declared b dead ${t_dead} s after it vanished"
	else
		fail "dpd: a did not declare b dead within 30 s"
	fi
	if xfrm_wait_count a 0 5; then pass "dpd: a removed its SAs with b"; else fail "dpd: a still holds {$(xfrm_keyed_spis a)}"; fi
	if ! lr_isakmp_up a; then pass "dpd: a lists no ISAKMP SA with b"; else fail "dpd: a still lists an ISAKMP SA with b"; fi
	lr_end
}

case_rekey_both
case_isakmp_delete
case_restart
case_dpd
case_phase1_rekey
vm_netns_teardown
echo "lifecycle-raccoon: job $(lr_elapsed "$T_JOB") s"
summary
