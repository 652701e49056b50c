# names.sh - algorithm names of one interop case, in each program's spelling.
# A case names its algorithms with short tokens:
#   cipher  3des | aes128 | aes256            hash  md5 | sha1 | sha256
#   group   modp1024 | modp2048 | none (PFS off)
# charon (swanctl) uses these tokens as they are: "aes256-sha256-modp2048".

# rc_cipher TOKEN -> racoon.conf encryption_algorithm value
rc_cipher() {
	case $1 in
	3des) echo 3des ;;
	aes128) echo "aes 128" ;;
	aes256) echo "aes 256" ;;
	*) echo "rc_cipher: unknown cipher '$1'" >&2; return 1 ;;
	esac
}
# rc_hash TOKEN -> racoon.conf hash_algorithm (phase 1)
rc_hash() {
	case $1 in md5 | sha1 | sha256) echo "$1" ;; *) echo "rc_hash: unknown hash '$1'" >&2; return 1 ;; esac
}
# rc_auth TOKEN -> racoon.conf authentication_algorithm (phase 2)
rc_auth() {
	case $1 in md5 | sha1 | sha256) echo "hmac_$1" ;; *) echo "rc_auth: unknown hash '$1'" >&2; return 1 ;; esac
}
# xfrm_enc TOKEN -> "kernel-name key-hex-length" as `ip xfrm state` shows it
xfrm_enc() {
	case $1 in
	3des) echo "cbc(des3_ede) 48" ;;
	aes128) echo "cbc(aes) 32" ;;
	aes256) echo "cbc(aes) 64" ;;
	esac
}
# xfrm_auth TOKEN SHA256_TRUNC -> "kernel-name key-hex-length truncation-bits"
xfrm_auth() {
	case $1 in
	md5) echo "hmac(md5) 32 96" ;;
	sha1) echo "hmac(sha1) 40 96" ;;
	sha256) echo "hmac(sha256) 64 $2" ;;
	esac
}
# sw_esp CIPHER HASH GROUP -> charon esp_proposals entry
sw_esp() {
	if [ "$3" = none ]; then echo "$1-$2"; else echo "$1-$2-$3"; fi
}
