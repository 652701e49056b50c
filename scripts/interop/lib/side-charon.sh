# side-charon.sh - the "side under test" played by a second charon: validates the harness itself
# (RACCOON_INTEROP_SIDE=charon). It implements the same interface as side-raccoon.sh:
#
#   side_version              one line: what runs
#   side_start DIR            write the configuration for the current case (C_* variables, see
#                             interop-strongswan.sh; C_P1LIST, if set, lists several phase-1
#                             proposals as cipher-hash-group tokens) and start in namespace $IO_NS_SIDE
#   side_stop DIR             stop it the way an administrator would (SIGTERM: DELETEs are sent)
#   side_cleanup DIR          remove what the side left in the kernel on purpose (policies)
#   side_log DIR              the path of its log
#   side_re EVENT             an extended regex for EVENT in that log (empty: not observable)
#   side_configs DIR          the configuration files of the case (copied to $VM_OUT for the docs)
#   SIDE_SHA256_TRUNC         the ICV length (bits) this side's kernel interface gives HMAC-SHA-256
#   SIDE_STRICT_LIFETIME      yes if the side refuses a longer peer lifetime (racoon's proposal_check strict)
# The side initiates on a ping (an ACQUIRE from its kernel): charon's `start_action = trap`.

SIDE_SHA256_TRUNC=128
SIDE_STRICT_LIFETIME=no

side_version() {
	echo "charon $("$CH_CHARON" --version 2>&1 | head -1 | sed 's/.*strongSwan/strongSwan/') (second instance)"
}

side_start() {
	local dir=$1 aggr=no start=none ts_l=dynamic ts_r=dynamic esp life
	[ "$C_EXCH" = aggressive ] && aggr=yes
	[ "$C_ROLE" = initiator ] && start=trap
	if [ "$C_MODE" = tunnel ]; then
		ts_l=$IO_NET_SIDE
		ts_r=$IO_NET_PEER
	fi
	esp=$(sw_esp "$C_C2" "$C_H2" "$C_PFS")
	life=$((C_LIFE2 / 60))m
	mkdir -p "$dir/swanctl"
	ch_write_strongswan_conf "$dir" "$aggr" || return 1
	{
		echo "connections {"
		ch_conn side "$IO_IP_SIDE" "$IO_IP_PEER" "$(side_p1_list | tr ' ' ',')" "$aggr" "$esp" "$C_MODE" "$ts_l" "$ts_r" \
			"$start" "$((C_LIFE2 * 5 / 6 / 60))m" "$life"
		echo "}"
		ch_secrets "$C_PSK"
	} >"$dir/swanctl/swanctl.conf"
	ch_start "$dir" "$IO_NS_SIDE" && ch_load "$dir"
}

# side_p1_list: the phase-1 proposals, "cipher-hash-group" tokens: C_P1LIST if set, else C_C1-C_H1-C_G1
side_p1_list() { echo "${C_P1LIST:-$C_C1-$C_H1-$C_G1}"; }

side_stop() { ch_stop "$1"; }
side_cleanup() { :; }
side_log() { echo "$1/charon.log"; }
side_configs() { echo "$1/strongswan.conf $1/swanctl/swanctl.conf"; }

side_re() {
	case $1 in
	p1_up) echo 'IKE_SA side\[[0-9]+\] established between' ;;
	p2_up) echo 'CHILD_SA side\{[0-9]+\} established with SPIs' ;;
	delete_sent) echo 'sending DELETE for ESP CHILD_SA with SPI' ;;
	# the side is the responder and the peer's PSK differs: MM5 does not decrypt to a valid message
	# (charon 5.9.8 logs "message parsing failed" and answers with an encrypted notify the peer cannot read)
	psk_refused) echo 'invalid HASH_V1 payload length, decryption failed|calculated HASH does not match HASH payload|message parsing failed' ;;
	# the side is the initiator: its MM5 is never answered
	psk_unanswered) echo 'sending retransmit [0-9]+ of request message ID 0' ;;
	noprop_p1_sent) echo 'no proposal found' ;;
	noprop_p2_sent) echo 'no matching proposal found, sending NO_PROPOSAL_CHOSEN' ;;
	noprop_received) echo 'received NO_PROPOSAL_CHOSEN error notify' ;;
	lifetime_refused) echo '' ;;
	pfs_refused) echo 'no matching proposal found, sending NO_PROPOSAL_CHOSEN' ;;
	retransmit) echo 'sending retransmit [0-9]+ of request' ;;
	esac
}
