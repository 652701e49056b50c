#!/bin/bash
# vm-boot: plain manual
# vm-warm: crypto
# interop-ikescan.sh - ike-scan (a third-party IKEv1 prober) against the side under test as a
# responder, from namespace b (10.0.0.2) to the side in namespace a (10.0.0.1). See docs/interop.md.
#
# Side under test: RACCOON_INTEROP_SIDE=raccoon|charon (as interop-strongswan.sh).
#   1. The side accepts Main Mode with all 18 phase-1 transforms of the interop matrix (3DES,
#      AES-128, AES-256 x MD5, SHA-1, SHA-256 x MODP-1024, MODP-2048). A Main Mode probe with each
#      one alone must get "Main Mode Handshake returned" with exactly that transform chosen; a probe
#      carrying the DPD vendor ID must get the side's DPD vendor ID back.
#   2. Unsupported transforms (DES, MODP-768, a phase-1 lifetime above ours under proposal_check
#      strict) must get Notify 14, NO-PROPOSAL-CHOSEN: the choice Raccoon made over racoon's silence
#      (docs/interop.md explains why).
#   3. An Aggressive Mode probe gets no Aggressive Mode handshake while only Main Mode is configured.
#   4. With Aggressive Mode configured, the probe is answered (SA, KE, Nonce, ID, HASH_R), and
#      psk-crack finds the PSK from the returned hash: the side computed HASH_R correctly.
# The side's replies are captured and must dissect cleanly in tshark.
# Output: $VM_OUT/interop-ikescan/ (one file per probe, configs, logs, capture, tshark results).
. "$(dirname "$0")/lib.sh"
IO_LIB=$RACCOON_ROOT/scripts/interop/lib
. "$IO_LIB/charon.sh"
. "$IO_LIB/names.sh"
. "$IO_LIB/xfrm.sh"
. "$IO_LIB/dissect.sh"
IO_SIDE=${RACCOON_INTEROP_SIDE:-raccoon}
case $IO_SIDE in raccoon | charon) ;; *) fail "RACCOON_INTEROP_SIDE must be raccoon or charon"; summary; exit ;; esac
. "$IO_LIB/side-$IO_SIDE.sh"
IO_NS_SIDE=$VM_NS_A
IO_NS_PEER=$VM_NS_B
IO_IP_SIDE=$VM_IP_A
IO_IP_PEER=$VM_IP_B
IO_NET_SIDE=10.1.1.0/24
IO_NET_PEER=10.2.2.0/24
OUT=$VM_OUT/interop-ikescan
rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/interop-ikescan.XXXXXX) # sockets cannot live on the 9p share $VM_OUT
DPD_VID=afcad71368a1f1c96b8696fc77570100

[ "$IO_SIDE" = charon ] && echo "interop-ikescan: the side under test is charon (harness check); Raccoon is NOT tested"
echo "interop-ikescan: side: $(side_version); $(ike-scan --version 2>&1 | head -1)"
check "namespaces a and b" vm_netns_setup

PCAP=$OUT/ikescan.pcap
nsenter --net="/run/netns/$IO_NS_SIDE" -- dumpcap -q -i va -f "udp port 500" -w "$PCAP" >"$OUT/dumpcap.log" 2>&1 &
DUMPCAP_PID=$!
for _ in {1..50}; do [ -s "$PCAP" ] && break; io_nap 0.2; done

ALL=""
for c in 3des aes128 aes256; do
	for h in md5 sha1 sha256; do
		for g in modp1024 modp2048; do ALL="$ALL $c-$h-$g"; done
	done
done
side_case() {
	C_NAME=ikescan-$1 C_ROLE=responder C_EXCH=$1 C_P1LIST=${ALL# } C_C2=aes128 C_H2=sha1 C_PFS=none
	C_MODE=transport C_PSK=raccoon-interop-psk C_LIFE2=3600
}
# ike-scan's transform numbers (RFC 2409 appendix A): enc 5 = 3DES, 7/keylen = AES; hash 1 = MD5,
# 2 = SHA1, 4 = SHA2-256; auth 1 = PSK; group 2 = MODP-1024, 14 = MODP-2048
trans_of() {
	local c h g
	IFS=- read -r c h g <<<"$1"
	case $c in 3des) c=5 ;; aes128) c=7/128 ;; aes256) c=7/256 ;; esac
	case $h in md5) h=1 ;; sha1) h=2 ;; sha256) h=4 ;; esac
	case $g in modp1024) g=2 ;; modp2048) g=14 ;; esac
	echo "$c,$h,1,$g"
}
# the SA line ike-scan prints for the transform: Enc=3DES / Enc=AES KeyLength=128, Hash=..., Group=2:modp1024
sa_of() {
	local c h g
	IFS=- read -r c h g <<<"$1"
	case $c in 3des) c="Enc=3DES" ;; aes128) c="Enc=AES KeyLength=128" ;; aes256) c="Enc=AES KeyLength=256" ;; esac
	case $h in md5) h=MD5 ;; sha1) h=SHA1 ;; sha256) h=SHA2-256 ;; esac
	case $g in modp1024) g=2:modp1024 ;; modp2048) g=14:modp2048 ;; esac
	echo "$c Hash=$h Group=$g Auth=PSK"
}
# probe NAME ARGS...: one ike-scan run from namespace b, output in $OUT/NAME.txt
probe() {
	local name=$1
	shift
	in_ns "$IO_NS_PEER" ike-scan --sport=500 --retry=2 --timeout=2000 "$@" "$IO_IP_SIDE" >"$OUT/$name.txt" 2>&1
	sed -e '/^Starting ike-scan/d' -e '/^$/d' -e 's/^/    /' "$OUT/$name.txt"
}
has() { grep -qF -- "$2" "$OUT/$1.txt"; }
# the handshake's SA without the lifetime, attributes sorted: a responder echoes the offered transform in the
# initiator's attribute order (racoon and Raccoon) or in its own (charon); RFC 2408 §3.6 sets no order
chosen() { grep -o 'SA=([^)]*)' "$OUT/$1.txt" | head -1 | sed -e 's/^SA=(//' -e 's/ LifeType.*//' -e 's/)$//' | sorted_words; }
sorted_words() { tr ' ' '\n' | sort | paste -sd ' '; }

# ---------------------------------------------------------------------------- Main Mode only
side_case main
SD=$WORK/side-main
if ! side_start "$SD"; then
	fail "side under test did not start (Main Mode only)"
else
	for t in $ALL; do
		probe "mm-$t" -M --trans="$(trans_of "$t")"
		if has "mm-$t" "Main Mode Handshake returned" && [ "$(chosen "mm-$t")" = "$(sa_of "$t" | sorted_words)" ]; then
			pass "Main Mode $t: handshake, chosen $(sa_of "$t")"
		else
			fail "Main Mode $t: want a handshake choosing '$(sa_of "$t")', got '$(chosen "mm-$t")'"
		fi
	done
	probe mm-dpd-vid -M --trans="$(trans_of 3des-sha1-modp1024)" --vendor=$DPD_VID
	check "Main Mode with the DPD vendor ID: handshake and the side's DPD vendor ID" \
		sh -c "grep -q 'Main Mode Handshake returned' '$OUT/mm-dpd-vid.txt' && grep -q 'VID=$DPD_VID' '$OUT/mm-dpd-vid.txt'"
	probe mm-default -M
	check "Main Mode, ike-scan's default 8 transforms: handshake" has mm-default "Main Mode Handshake returned"
	# unsupported: NO-PROPOSAL-CHOSEN (Notify 14)
	probe mm-des -M --trans=1,2,1,2
	check "DES-SHA1-MODP1024 (unsupported): NO-PROPOSAL-CHOSEN" has mm-des "NO-PROPOSAL-CHOSEN"
	probe mm-modp768 -M --trans=5,2,1,1
	check "3DES-SHA1-MODP768 (not configured): NO-PROPOSAL-CHOSEN" has mm-modp768 "NO-PROPOSAL-CHOSEN"
	if [ "$SIDE_STRICT_LIFETIME" = yes ]; then
		probe mm-lifetime -M --lifetime=86400 --trans=5,2,1,2 # ike-scan applies --lifetime to the --trans options after it
		check "lifetime 86400 s > 8 h under proposal_check strict: NO-PROPOSAL-CHOSEN" has mm-lifetime "NO-PROPOSAL-CHOSEN"
	else
		skip "lifetime above ours: the side has no proposal_check strict"
	fi
	probe am-not-configured -A --trans=5,2,1,2 --idtype=1 --id=0x0a000002
	if has am-not-configured "Aggressive Mode Handshake returned"; then
		fail "Aggressive Mode answered although only Main Mode is configured"
	else
		pass "Aggressive Mode not configured: no handshake ($(grep -oE 'Notify message [0-9]+ \([A-Z-]+\)' "$OUT/am-not-configured.txt" | head -1 || true))"
	fi
	side_stop "$SD"
	check "side (Main Mode) left no SA" test "$(xfrm_count "$IO_NS_SIDE")" = 0
	side_cleanup "$SD"
fi

# ---------------------------------------------------------------------------- Aggressive Mode configured
side_case aggressive
C_P1LIST="3des-sha1-modp1024 aes128-sha1-modp1024"
SD=$WORK/side-aggressive
if ! side_start "$SD"; then
	fail "side under test did not start (Aggressive Mode)"
else
	probe am-3des-sha1 -A --trans=5,2,1,2 --idtype=1 --id=0x0a000002 --pskcrack="$OUT/am-3des-sha1.psk"
	check "Aggressive Mode configured: handshake" has am-3des-sha1 "Aggressive Mode Handshake returned"
	check "Aggressive Mode: the side's ID is ID_IPV4_ADDR $IO_IP_SIDE" has am-3des-sha1 "ID(Type=ID_IPV4_ADDR, Value=$IO_IP_SIDE)"
	printf '%s\n' "$C_PSK" >"$OUT/dict.txt"
	if [ -s "$OUT/am-3des-sha1.psk" ]; then
		psk-crack -d "$OUT/dict.txt" "$OUT/am-3des-sha1.psk" >"$OUT/psk-crack.txt" 2>&1
		sed 's/^/    /' "$OUT/psk-crack.txt"
		check "psk-crack finds the PSK from the side's HASH_R" grep -q "key \"$C_PSK\" matches" "$OUT/psk-crack.txt"
	else
		fail "ike-scan wrote no --pskcrack data"
	fi
	side_stop "$SD"
	side_cleanup "$SD"
fi

for d in "$WORK"/side-*; do
	mkdir -p "$OUT/${d##*/}"
	find "$d" -maxdepth 1 -type f -exec cp {} "$OUT/${d##*/}/" \;
done
kill -TERM "$DUMPCAP_PID" 2>/dev/null
wait "$DUMPCAP_PID" 2>/dev/null
if [ -s "$PCAP" ]; then
	if io_dissect "$PCAP" "$IO_IP_SIDE" "$OUT"; then pass "tshark: the side's replies dissect cleanly"; else
		fail "tshark: malformed packets or expert warnings (see $OUT/tshark-problems.txt)"
	fi
else
	fail "no capture ($OUT/dumpcap.log)"
fi
summary
