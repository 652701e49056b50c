# side-raccoon.sh - the side under test is Raccoon: `raccoon -F -d -f racoon.conf` with a psk.txt of
# mode 0600 and the kernel policies loaded with the project's own `setkey -f`. Interface: see
# side-charon.sh. C_REMOTE_EXTRA, if set, is added to the remote block (e.g. dpd_delay); the log is
# written anew at each start. The Raccoon side initiates on an ACQUIRE, that is on a ping matching its policy.
#
# Raccoon's log lines follow racoon's ("ISAKMP-SA established", "IPsec-SA established"); the
# failure patterns below are deliberately broad (racoon's wording or Raccoon's engine wording).

RACCOON_BIN=${RACCOON_BIN:-$RACCOON_BUILD_DIR/raccoon}
SETKEY_BIN=${SETKEY_BIN:-$RACCOON_BUILD_DIR/setkey}
# PF_KEY has no ICV length: Linux's af_key gives HMAC-SHA-256 a 96-bit ICV (xfrm_algo.c), as racoon
# gets; charon over netlink uses RFC 4868's 128 bits unless its child says sha256_96 = yes. Raccoon uses
# PF_KEY where af_key is loaded and XFRM netlink otherwise (the noafkey boot), which carries the ICV length
# (XFRMA_ALG_AUTH_TRUNC): 128 bits, as charon.
if [ -e /proc/net/pfkey ]; then
	SIDE_KERNEL=PF_KEY SIDE_SHA256_TRUNC=96
else
	SIDE_KERNEL=XFRM SIDE_SHA256_TRUNC=128
fi
SIDE_STRICT_LIFETIME=yes

side_version() {
	local v
	v=$("$RACCOON_BIN" -V 2>&1 | head -1)
	echo "raccoon ${v:-(no -V output)} ($RACCOON_BIN; setkey $SETKEY_BIN), kernel interface $SIDE_KERNEL (auto)"
}

# rc_policy_file: setkey input for the case (transport: the IKE addresses; tunnel: the inner nets)
rc_policy_file() {
	echo "flush;"
	echo "spdflush;"
	if [ "$C_MODE" = tunnel ]; then
		echo "spdadd $IO_NET_SIDE $IO_NET_PEER any -P out ipsec esp/tunnel/$IO_IP_SIDE-$IO_IP_PEER/require;"
		echo "spdadd $IO_NET_PEER $IO_NET_SIDE any -P in ipsec esp/tunnel/$IO_IP_PEER-$IO_IP_SIDE/require;"
	else
		echo "spdadd $IO_IP_SIDE $IO_IP_PEER any -P out ipsec esp/transport//require;"
		echo "spdadd $IO_IP_PEER $IO_IP_SIDE any -P in ipsec esp/transport//require;"
	fi
}

# rc_proposals: one proposal block per phase-1 proposal (C_P1LIST or C_C1-C_H1-C_G1), in order
rc_proposals() {
	local p c h g
	for p in ${C_P1LIST:-$C_C1-$C_H1-$C_G1}; do
		IFS=- read -r c h g <<<"$p"
		printf '\tproposal {\n\t\tencryption_algorithm %s;\n\t\thash_algorithm %s;\n' "$(rc_cipher "$c")" "$(rc_hash "$h")"
		printf '\t\tauthentication_method pre_shared_key;\n\t\tdh_group %s;\n\t}\n' "$g"
	done
}

rc_conf_file() {
	local dir=$1 pfs=""
	[ "$C_PFS" != none ] && pfs="	pfs_group $C_PFS;"
	cat <<CONF
# racoon.conf for interop case $C_NAME (role $C_ROLE), written by scripts/interop/lib/side-raccoon.sh
path pre_shared_key "$dir/psk.txt";
log debug;
listen {
	isakmp $IO_IP_SIDE [500];
}
timer {
	# racoon's defaults: 5 resends, 10 s apart
	counter 5;
	interval 10 sec;
}
remote $IO_IP_PEER {
	exchange_mode $C_EXCH;
	my_identifier address;
	lifetime time 8 hour;
	proposal_check strict;
${C_REMOTE_EXTRA:-}
$(rc_proposals)
}
sainfo anonymous {
$pfs
	lifetime time $C_LIFE2 sec;
	encryption_algorithm $(rc_cipher "$C_C2");
	authentication_algorithm $(rc_auth "$C_H2");
	compression_algorithm deflate;
}
CONF
}

side_start() {
	local dir=$1 i
	mkdir -p "$dir"
	[ -x "$RACCOON_BIN" ] || { echo "side_start: no raccoon binary at $RACCOON_BIN" >&2; return 1; }
	[ -x "$SETKEY_BIN" ] || { echo "side_start: no setkey binary at $SETKEY_BIN" >&2; return 1; }
	rc_conf_file "$dir" | sed '/^$/d' >"$dir/racoon.conf"
	(umask 077 && printf '%s\t%s\n' "$IO_IP_PEER" "$C_PSK" >"$dir/psk.txt")
	chmod 600 "$dir/psk.txt"
	rc_policy_file >"$dir/policy.conf"
	in_ns "$IO_NS_SIDE" "$SETKEY_BIN" -f "$dir/policy.conf" >"$dir/setkey.out" 2>&1 ||
		{
			echo "side_start: setkey -f policy.conf failed:" >&2
			cat "$dir/setkey.out" >&2
			return 1
		}
	# -K: Raccoon writes Wireshark's ikev1_decryption_table and esp_sa into the case directory; the
	# dissection (dissect.sh) decrypts the capture with them
	# the admin socket in the case directory (raccoonctl: RACCOON_ADMIN_SOCKET=DIR/raccoon.sock)
	RACCOON_ADMIN_SOCKET=$dir/raccoon.sock nsenter --net="/run/netns/$IO_NS_SIDE" -- "$RACCOON_BIN" -F -d -K "$dir" \
		-f "$dir/racoon.conf" >"$dir/raccoon.log" 2>&1 </dev/null &
	echo $! >"$dir/pid"
	# ready when UDP 500 is bound in the namespace
	for i in {1..100}; do
		[ -n "$(ip netns exec "$IO_NS_SIDE" ss -Huan 'sport = :500' 2>/dev/null)" ] && return 0
		kill -0 $! 2>/dev/null || break
		io_nap 0.2
	done
	echo "side_start: raccoon did not bind UDP 500 in $IO_NS_SIDE:" >&2
	tail -20 "$dir/raccoon.log" >&2
	side_stop "$dir"
	return 1
}

side_stop() {
	local dir=$1 pid i
	pid=$(cat "$dir/pid" 2>/dev/null) || return 0
	local cmd=""
	[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && read -r -d '' cmd <"/proc/$pid/cmdline"
	if [[ $cmd == *raccoon* ]]; then
		kill -TERM "$pid" 2>/dev/null
		for i in {1..100}; do
			kill -0 "$pid" 2>/dev/null || break
			io_nap 0.1
		done
		kill -0 "$pid" 2>/dev/null && {
			echo "side_stop: raccoon $pid ignored SIGTERM for 10 s; SIGKILL" >&2
			kill -KILL "$pid"
		}
	fi
	rm -f "$dir/pid"
}

# the policies are the administrator's (setkey), not the daemon's: remove them after the case
side_cleanup() { in_ns "$IO_NS_SIDE" "$SETKEY_BIN" -FP >/dev/null 2>&1; }
side_log() { echo "$1/raccoon.log"; }
side_configs() { echo "$1/racoon.conf $1/psk.txt $1/policy.conf"; }

side_re() {
	# the daemon's own lines, as seen on the real kernel against charon 5.9.8
	case $1 in
	p1_up) echo 'NOTIFY: ISAKMP-SA established 10\.0\.0\.1\[500\]-10\.0\.0\.2\[500\]' ;;
	p2_up) echo 'NOTIFY: IPsec-SA established: ESP/' ;;
	delete_sent) echo 'sent DELETE for PROTO_IPSEC_ESP spi=' ;;
	psk_refused) echo 'MM5 does not decrypt .*check the pre-shared key for 10\.0\.0\.2|HASH_I mismatch' ;;
	psk_unanswered) echo 'resending phase-1 message to 10\.0\.0\.2' ;;
	noprop_p1_sent) echo '\(Main Mode, responder\) failed: no acceptable proposal' ;;
	noprop_p2_sent) echo '\(Quick Mode, responder\) failed: no acceptable proposal' ;;
	noprop_received) echo 'the peer sent NO-PROPOSAL-CHOSEN|the peer refused with NO-PROPOSAL-CHOSEN' ;;
	lifetime_refused) echo 'proposal lifetime [0-9]+ s exceeds ours [0-9]+ s \(proposal_check strict\)' ;;
	pfs_refused) echo 'PFS mismatch: pfs_group [0-9]+ is required but QM1 has no KE payload' ;;
	retransmit) echo 'resending phase-1 message to 10\.0\.0\.2' ;;
	esac
}
