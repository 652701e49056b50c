# xfrm.sh - what the kernel of a namespace holds, as interop checks need it.
# Needs io_nap from charon.sh.

# xfrm_sas NS: one line per ESP SA with a real SPI (larval ACQUIRE states, SPI 0, are left out;
# newer iproute2 prints "spi 0x...(decimal)": the decimal is dropped):
#   src dst spi mode enc-name enc-key auth-name auth-key trunc-bits packets
xfrm_sas() {
	ip -n "$1" -s xfrm state 2>/dev/null | awk '
		function out() {
			if (spi != "" && spi != "0x00000000")
				print src, dst, spi, mode, en, ek, an, ak, at, pk
			spi = ""; mode = en = ek = an = ak = at = "-"; pk = 0
		}
		/^src / { out(); src = $2; dst = $4; next }
		$1 == "proto" && $2 == "esp" { spi = $4; sub(/\(.*/, "", spi); for (i = 5; i < NF; i++) if ($i == "mode") mode = $(i + 1) }
		$1 == "auth-trunc" { an = $2; ak = $3; at = $NF }  # "auth-trunc NAME KEY [(N bits)] TRUNC"
		$1 == "auth" { an = $2; ak = $3; at = "full" }
		$1 == "enc" { en = $2; ek = $3 }
		/\(packets\)/ { for (i = 1; i <= NF; i++) if ($i ~ /\(packets\)/) { p = $i; sub(/\(packets\).*/, "", p); pk = p } }
		END { out() }'
}

# io_lines TEXT: number of non-empty lines (no process)
io_lines() {
	local n=0 l
	while IFS= read -r l; do [ -n "$l" ] && n=$((n + 1)); done <<<"$1"
	echo $n
}

# xfrm_count NS: number of ESP SAs with a real SPI
xfrm_count() { io_lines "$(xfrm_sas "$1")"; }

# xfrm_keyed_count NS: SAs that carry keys (not the larval states left by an SPI allocation,
# SADB_GETSPI / XFRM_MSG_ALLOCSPI, which the kernel drops after the sysctl net.core.xfrm_acq_expires, 30 s)
xfrm_keyed_count() { xfrm_sas "$1" | awk '$5 != "-" { n++ } END { print n + 0 }'; }

# xfrm_keyed_spis NS: the SPIs of the keyed SAs, sorted, on one line
xfrm_keyed_spis() { xfrm_sas "$1" | awk '$5 != "-" { print $3 }' | sort | tr '\n' ' '; }

# xfrm_same_spis NS1 NS2: both hold the same keyed SPIs, not none (polled for 10 s: a DELETE may be on its way);
# the last sets seen are in XFRM_SPIS_1 and XFRM_SPIS_2
xfrm_same_spis() {
	local n
	for ((n = 0; n < 20; n++)); do
		XFRM_SPIS_1=$(xfrm_keyed_spis "$1")
		XFRM_SPIS_2=$(xfrm_keyed_spis "$2")
		[ -n "$XFRM_SPIS_1" ] && [ "$XFRM_SPIS_1" = "$XFRM_SPIS_2" ] && return 0
		io_nap 0.5
	done
	return 1
}

# xfrm_larval NS: the SPIs of larval states, space-separated
xfrm_larval() { xfrm_sas "$1" | awk '$5 == "-" { printf "%s%s", sep, $3; sep = " " }'; }

# xfrm_policies NS: number of policies (socket policies are not listed by `ip xfrm policy`)
xfrm_policies() { ip -n "$1" xfrm policy 2>/dev/null | grep -c '^src '; }

# xfrm_wait_count NS N TIMEOUT_S: wait until NS holds exactly N SAs
xfrm_wait_count() {
	local ns=$1 n=$2 t=$3 i
	for ((i = 0; i < t * 2; i++)); do
		[ "$(xfrm_count "$ns")" = "$n" ] && return 0
		io_nap 0.5
	done
	return 1
}
