# lib.sh - helpers for guest jobs (source it: `. "$(dirname "$0")/lib.sh"`).
#
# A job is a bash script in scripts/vm/guest/ run as root inside the qemu guest by
# scripts/test-kernel.sh (or alone with scripts/vm/run-guest.sh). Header comments:
#   # vm-boot: plain selinux     which boots run the job (plain, selinux = permissive, enforcing)
#   # vm-warm: crypto            the boot's runner calls vm_warm_crypto once before the jobs
#
# Provides:
#   RACCOON_ROOT, RACCOON_BUILD_DIR   the checkout and its build products (.build/debug)
#   VM_OUT                            output directory shared with the host (set by run-guest.sh)
#   vm_netns_setup / vm_netns_teardown   namespaces a (10.0.0.1) and b (10.0.0.2) joined by veth
#   in_ns NS CMD...                   run CMD in namespace NS through nsenter (see below)
#   vm_ping NS DST [COUNT]            ping from a namespace (busybox ping; the host has none)
#   vm_warm_crypto                    pay the slow first use of af_key and the ESP transforms once
#   vm_selinux_mode                   prints off, permissive or enforcing
#   vm_wait_for SECONDS CMD...        retry CMD every 0.5 s until it succeeds or SECONDS pass
#   vm_wait_log SECONDS FILE TEXT     wait until FILE contains the fixed string TEXT
#   pass / fail / skip / check / summary   result bookkeeping; summary's exit status is the verdict
#   vm_labeled_host DIR NS SELF PEER CONTEXT   racoon.conf + psk.txt in DIR, one labeled policy pair in NS
#   vm_start_raccoon NS DIR LOG       raccoon -F -d in NS; its pid in VM_RACCOON_PID
#   vm_selinux_writable_store         tmpfs copies of /var/lib/selinux and /etc/selinux, so semodule can write
#   vm_relabel PATH...                restorecon PATH, its symlink target and every directory above them
#   vm_libraries BINARY...            the shared libraries BINARY loads (ldd), one path a line
#   VM_AS_INIT=(...)                  command prefix: run the rest as init_t (as systemd would start it)
#
# Why nsenter and not `ip netns exec`: ip netns exec unshares the mount namespace and mounts a
# fresh sysfs on /sys, on which selinuxfs is not mounted, so libselinux inside it reports SELinux
# as disabled. nsenter --net only changes the network namespace.

RACCOON_ROOT=${RACCOON_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
RACCOON_BUILD_DIR=${RACCOON_BUILD_DIR:-$RACCOON_ROOT/.build/debug}
VM_OUT=${VM_OUT:-/tmp}
VM_NS_A=${VM_NS_A:-a}
VM_NS_B=${VM_NS_B:-b}
VM_IP_A=${VM_IP_A:-10.0.0.1}
VM_IP_B=${VM_IP_B:-10.0.0.2}
VM_BUSYBOX=${VM_BUSYBOX:-/vm/bin/busybox}
VM_PYTHON=${VM_PYTHON:-/usr/bin/python3}
export RACCOON_ROOT RACCOON_BUILD_DIR VM_OUT

_vm_pass=0
_vm_fail=0
_vm_skip=0

pass() {
	_vm_pass=$((_vm_pass + 1))
	echo "PASS: $*"
}
fail() {
	_vm_fail=$((_vm_fail + 1))
	echo "FAIL: $*"
}
skip() {
	_vm_skip=$((_vm_skip + 1))
	echo "SKIP: $*"
}
# check DESCRIPTION CMD...: run CMD (output shown indented), PASS if it exits 0
check() {
	local what=$1 out rc
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
	if [ $rc = 0 ]; then pass "$what"; else fail "$what (exit $rc)"; fi
}
# summary: print the counts; returns 1 if anything failed or nothing was checked
summary() {
	echo "RESULT: pass=$_vm_pass fail=$_vm_fail skip=$_vm_skip"
	[ $_vm_fail = 0 ] && [ $((_vm_pass + _vm_skip)) -gt 0 ]
}

in_ns() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" -- "$@"
}

vm_netns_teardown() {
	ip netns del "$VM_NS_A" 2>/dev/null
	ip netns del "$VM_NS_B" 2>/dev/null
	return 0
}
# vm_netns_setup: (re)create namespaces a and b, veth va (in a) <-> vb (in b), /24 addresses
vm_netns_setup() {
	vm_netns_teardown
	ip netns add "$VM_NS_A" && ip netns add "$VM_NS_B" &&
		ip link add va netns "$VM_NS_A" type veth peer name vb netns "$VM_NS_B" &&
		ip -n "$VM_NS_A" addr add "$VM_IP_A/24" dev va &&
		ip -n "$VM_NS_B" addr add "$VM_IP_B/24" dev vb &&
		ip -n "$VM_NS_A" link set lo up && ip -n "$VM_NS_B" link set lo up &&
		ip -n "$VM_NS_A" link set va up && ip -n "$VM_NS_B" link set vb up
}

# vm_ping NS DST [COUNT]: COUNT pings, 1 s apart, each waiting up to 2 s
vm_ping() {
	in_ns "$1" "$VM_BUSYBOX" ping -c "${3:-1}" -W 2 "$2"
}

vm_selinux_mode() {
	if [ ! -r /sys/fs/selinux/enforce ]; then
		echo off
	elif [ "$(cat /sys/fs/selinux/enforce)" = 1 ]; then
		echo enforcing
	else
		echo permissive
	fi
}

# vm_pfkey_register: one SADB_REGISTER (ESP) on a PF_KEY socket; prints the reply's errno.
# The first one after boot makes af_key probe every algorithm the crypto API knows.
vm_pfkey_register() {
	"$VM_PYTHON" - <<'PY'
import os, socket, struct
# RFC 2367 §2.1 struct sadb_msg: version, type, errno, satype, len (64-bit words), reserved, seq, pid
HDR = "=BBBBHHII"
PF_KEY, PF_KEY_V2, SADB_REGISTER, SADB_SATYPE_ESP = 15, 2, 7, 3
s = socket.socket(PF_KEY, socket.SOCK_RAW, PF_KEY_V2)
s.settimeout(120)
pid = os.getpid()
s.send(struct.pack(HDR, PF_KEY_V2, SADB_REGISTER, 0, SADB_SATYPE_ESP, 2, 0, 1, pid))
while True:
    msg = s.recv(65536)
    if len(msg) < 16:
        continue
    _, mtype, err, _, _, _, _, mpid = struct.unpack_from(HDR, msg)
    if mtype == SADB_REGISTER and mpid == pid:
        print("SADB_REGISTER reply errno=%d length=%d" % (err, len(msg)))
        raise SystemExit(1 if err else 0)
PY
}

# vm_warm_crypto: load af_key and do the first SADB_REGISTER, then add and delete one ESP SA per
# common transform in a scratch namespace, so that module loading and crypto self-tests are done
# before timing-sensitive tests. Idempotent within a boot.
vm_warm_crypto() {
	[ -e /run/vm-warm-crypto.done ] && return 0
	local t0 rc=0 spi=4096 enc auth
	t0=$(date +%s.%N)
	if [[ " ${VM_JOB_BLOCK_MODULES:-} " == *" af_key "* ]]; then
		modprobe -a esp4 xfrm_user authenc echainiv || rc=1 # a boot without PF_KEY (test-kernel.sh noafkey)
	else
		modprobe -a af_key esp4 xfrm_user authenc echainiv || rc=1
		vm_pfkey_register >/dev/null || { echo "vm_warm_crypto: SADB_REGISTER failed"; rc=1; }
	fi
	ip netns add vm-warm || return 1
	for enc in "cbc(des3_ede) 0x$(printf '11%.0s' {1..24})" "cbc(aes) 0x$(printf '22%.0s' {1..16})"; do
		for auth in "hmac(md5) 0x$(printf '33%.0s' {1..16})" "hmac(sha1) 0x$(printf '44%.0s' {1..20})" \
			"hmac(sha256) 0x$(printf '55%.0s' {1..32})"; do
			spi=$((spi + 1))
			# shellcheck disable=SC2086 # enc and auth are "name key" pairs
			if ip -n vm-warm xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi $spi mode transport \
				enc $enc auth-trunc $auth 96; then
				ip -n vm-warm xfrm state delete src 192.0.2.1 dst 192.0.2.2 proto esp spi $spi
			else
				echo "vm_warm_crypto: ESP ${enc%% *} + ${auth%% *} failed"
				rc=1
			fi
		done
	done
	ip netns del vm-warm
	echo "vm_warm_crypto: $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $t0 }") s"
	[ $rc = 0 ] && touch /run/vm-warm-crypto.done
	return $rc
}

# vm_wait_for SECONDS CMD...: retry CMD every 0.5 s until it exits 0 (returns 0) or SECONDS pass (returns 1)
vm_wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.5
	done
}
# vm_wait_log SECONDS FILE TEXT: wait until FILE contains the fixed string TEXT
vm_wait_log() {
	vm_wait_for "$1" grep -qF -- "$3" "$2"
}

# ------------------------------------------------------------------ labeled hosts
# vm_labeled_host DIR NS SELF PEER CONTEXT: DIR/racoon.conf (Main Mode, PSK, AES/SHA1, sainfo anonymous), DIR/psk.txt
# with the peer's key, and in NS one policy pair SELF <-> PEER labeled CONTEXT (ESP transport, require)
vm_labeled_host() {
	local dir=$1 ns=$2 self=$3 peer=$4 context=$5
	mkdir -p "$dir" || return 1
	printf '%s %s\n' "$peer" "0x0123456789abcdef0123456789abcdef" >"$dir/psk.txt"
	chmod 600 "$dir/psk.txt"
	cat >"$dir/racoon.conf" <<CONF
path pre_shared_key "$dir/psk.txt";
path pidfile "$dir/raccoon.pid";
listen { isakmp $self [500]; }
remote $peer {
	exchange_mode main;
	proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
}
sainfo anonymous {
	encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;
}
CONF
	in_ns "$ns" "$RACCOON_BUILD_DIR/setkey" -c <<SPD
flush; spdflush;
spdadd $self $peer any -ctx 1 1 "$context" -P out ipsec esp/transport//require;
spdadd $peer $self any -ctx 1 1 "$context" -P in ipsec esp/transport//require;
SPD
}

# vm_start_raccoon NS DIR LOG: `raccoon -F -d -f DIR/racoon.conf` in NS through nsenter (selinuxfs stays visible),
# admin socket DIR/raccoon.sock, output in LOG; sets VM_RACCOON_PID. Returns 1 if it does not start within 120 s.
vm_start_raccoon() {
	RACCOON_ADMIN_SOCKET=$2/raccoon.sock nsenter --net="/run/netns/$1" -- \
		"$RACCOON_BUILD_DIR/raccoon" -F -d -f "$2/racoon.conf" >"$3" 2>&1 &
	VM_RACCOON_PID=$!
	vm_wait_log 120 "$3" "Raccoon started"
}

# ------------------------------------------------------------------ confined domains in an enforcing guest
# The guest's root is the host's, over 9p without SELinux labels: the loaded policy sees it as unlabeled_t, which
# only unconfined domains (kernel_t, init_t) may use, and no new file can be created in an unlabeled directory in
# enforcing mode. A confined domain needs its executables, libraries and the directories above them labeled as a
# real installation would have them.

# vm_selinux_writable_store: semodule writes the policy store (/var/lib/selinux) and the binary policy and
# file_contexts (/etc/selinux): bind tmpfs copies (labeled by the tmpfs) over them. Idempotent within a boot.
vm_selinux_writable_store() {
	local d
	for d in /var/lib/selinux /etc/selinux; do
		mountpoint -q "$d" && continue
		# not cp -a: the copies must not keep the (unlabeled) context, which a tmpfs would refuse
		mkdir -p "/run/vm-store$d" && cp -r --preserve=mode,ownership,timestamps,links "$d/." "/run/vm-store$d/" &&
			mount --bind "/run/vm-store$d" "$d" || return 1
	done
}

# vm_relabel PATH...: give each PATH, the file a symlink resolves to, and every directory above both the labels of
# the loaded policy's file_contexts (restorecon). Regular files are first replaced by copies on a tmpfs, bind-mounted
# over them: a confined domain cannot map an overlay file (the mapping is of the upper file, opened with the
# credentials of whoever mounted the overlay, kernel_t, and "fd use" on kernel_t is denied), and an unlabeled lower
# file cannot even be copied up in enforcing mode. The directories are copied up (permissive meanwhile), as an
# installation's relabel does before enforcing (Debian's selinux-activate relabels at boot).
vm_relabel() {
	local p q mode list=(/)
	for p in "$@"; do
		for q in "$p" "$(realpath -m "$p")"; do
			while [ -n "$q" ] && [ "$q" != / ]; do
				list+=("$q")
				q=$(dirname "$q")
			done
		done
	done
	mode=$(cat /sys/fs/selinux/enforce)
	echo 0 >/sys/fs/selinux/enforce
	for p in $(printf '%s\n' "${list[@]}" | sort -u); do
		[ -f "$p" ] && [ ! -L "$p" ] && ! mountpoint -q "$p" || continue
		mkdir -p "/run/vm-labeled$(dirname "$p")" && cp "$p" "/run/vm-labeled$p" && mount --bind "/run/vm-labeled$p" "$p"
	done
	printf '%s\n' "${list[@]}" | sort -u | xargs -d '\n' sh -c 'restorecon -F "$@"; exit 0' sh
	echo "$mode" >/sys/fs/selinux/enforce
}

# vm_libraries BINARY...: the shared libraries (and the loader) the binaries load, one path a line
vm_libraries() {
	ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u
}

# VM_AS_INIT: a command prefix that moves into init_t (kernel_t may dyntransition there) and execs the rest, so
# that executables labeled for a daemon domain enter it the way systemd starts them (racoon_exec_t -> racoon_t,
# setkey_exec_t -> setkey_t). Python exits nothing after the setcon but the exec.
# shellcheck disable=SC2034 # used by the jobs
VM_AS_INIT=("$VM_PYTHON" -c '
import os, sys
user, role, _, level = open("/proc/self/attr/current").read().rstrip("\0\n").split(":", 3)
open("/proc/self/attr/current", "w").write("%s:%s:init_t:%s" % (user, role, level))
os.execvp(sys.argv[1], sys.argv[1:])')
