#!/bin/bash
# vm-boot: plain selinux enforcing noafkey:manual noafkey-selinux
# vm-warm: crypto
# vm-job-timeout: 1200
# e2e-seed.sh - the acceptance test (issue 12): the seed walkthrough (labeled-ipsec-howto.txt), played as a user
# would type it, on two "machines" in the guest: A = 10.0.0.1 and B = 10.0.0.2. Each machine is a network namespace
# (lib.sh's a and b, joined by veth) plus a mount namespace of its own /etc/racoon, /run and /tmp, so both run the
# document's commands with the document's paths: `setkey -f /tmp/setkey.ipsec`, /etc/racoon/psk.txt,
# /etc/racoon/racoon.conf, `raccoon -d -F`, `setkey -D`, `kill <pid>`.
#
# The noafkey boots run it all again on a kernel without PF_KEY (af_key blocked): raccoon and setkey over XFRM
# netlink; only the lines that name the kernel interface differ.
#
# Plain boot (no SELinux): unlabeled policies. SELinux boot (refpolicy, permissive): the document's labeled policies
# (-ctx 1 1 "system_u:object_r:unlabeled_t:s0:c0"); the SAs carry the flow's context; then the negative case: a
# would-be polmatch denial logged in permissive mode, and a real refusal in enforcing mode.
#
# Enforcing boot (issue 23): the same walkthrough with Raccoon confined, enforcing throughout. The policy module
# etc/selinux/raccoon.te is installed: in test-kernel.sh's enforcing boot the guest starts with it (built and
# installed with semodule -i on the host by scripts/vm/selinux-module-root.sh); in a guest without it (run-guest.sh
# without VM_SELINUX_ROOT) this job builds it with selinux-policy-dev and installs it with semodule -i (~4 min under
# TCG). raccoon and setkey are labeled by restorecon and started from init_t (as systemd starts them) so that they
# run in racoon_t and setkey_t; the machines' files are labeled as /etc/racoon is (restorecon). The whole
# walkthrough then runs enforcing, and the kernel log must hold no AVC denial for racoon_t or setkey_t.
#
# Artifacts in $VM_OUT/e2e-seed/: A.log, B.log (both daemons' logs), the machines' files, setkey dumps, steps.tsv.
. "$(dirname "$0")/lib.sh"

MODE=$(vm_selinux_mode)
CONFINED=0
[ "$MODE" = enforcing ] && CONFINED=1
ART=$VM_OUT/e2e-seed
# Working files live on the guest's /run (tmpfs): writable in every SELinux mode, unlike the 9p output share.
WORK=/run/e2e-seed
rm -rf "$WORK"
mkdir -p "$WORK/ns"
LABEL="system_u:object_r:unlabeled_t:s0:c0"
# The kernel interface the daemon must choose by itself: PF_KEY where af_key is loaded, XFRM in the noafkey boots.
# KERNEL_READY: its startup line; KERNEL_FLUSHED: how its log shows a SAD flush (an ERE).
if [ -e /proc/net/pfkey ]; then
	KERNEL_READY="PF_KEY: registered" KERNEL_FLUSHED="SADB_FLUSH of"
else
	KERNEL_READY="kernel interface: XFRM" KERNEL_FLUSHED="SADB_FLUSH of|FLUSHSA"
fi
# Confined, setkey_t may give policies only an SPD type or a domain type (association:setcontext): the reference
# policy's SPD type replaces the document's unlabeled_t.
SPD_TYPE=unlabeled_t
[ $CONFINED = 1 ] && SPD_TYPE=ipsec_spd_t LABEL="system_u:object_r:ipsec_spd_t:s0:c0"
SECRET=flibbertigibbet
T_JOB=$(cut -d' ' -f1 /proc/uptime)
echo "e2e-seed: SELinux mode '$MODE', guest uptime at job start ${T_JOB}s (boot + crypto warm-up)"

# ------------------------------------------------------------------ bookkeeping
STEPS=()
# step ID DESCRIPTION CMD...: one numbered step of the walkthrough, PASS if CMD exits 0
step() {
	local id=$1 what=$2 out rc
	shift 2
	out=$("$@" 2>&1) && rc=0 || rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
	if [ $rc = 0 ]; then
		pass "$id $what"
		STEPS+=("PASS  $id  $what")
	else
		fail "$id $what (exit $rc)"
		STEPS+=("FAIL  $id  $what")
	fi
}
note() { STEPS+=("NOTE  $1  $2"); echo "NOTE: $1 $2"; }
now() { cut -d' ' -f1 /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

PID_A= PID_B=
finish() {
	[ -n "$PID_A" ] && kill "$PID_A" 2>/dev/null
	[ -n "$PID_B" ] && kill "$PID_B" 2>/dev/null
	wait 2>/dev/null
	if [ "$(vm_selinux_mode)" = enforcing ]; then
		[ $CONFINED = 1 ] && dmesg >"$WORK/logs/dmesg.txt"
		echo 0 >/sys/fs/selinux/enforce
	fi
	mkdir -p "$ART" # on the output share: not before this point in an enforcing boot
	cp -r "$WORK/logs/." "$ART/" 2>/dev/null
	for m in A B; do
		mkdir -p "$ART/machine-$m"
		cp -r "$WORK/root-$m/etc-racoon/." "$ART/machine-$m/" 2>/dev/null
		cp "$WORK/root-$m/tmp/setkey.ipsec" "$ART/machine-$m/" 2>/dev/null
	done
	printf '%s\n' "${STEPS[@]}" >"$ART/steps.tsv"
	echo "================ e2e-seed summary ($MODE) ================"
	local line
	for line in "${STEPS[@]}"; do echo "e2e-seed[$MODE]: $line"; done
	vm_netns_teardown
}
trap finish EXIT

# ------------------------------------------------------------------ the two machines
# The user's commands: raccoon, raccoonctl and setkey in /usr/local/sbin (copies of this checkout's build; the
# guest's root is an overlay, so nothing reaches the host), outside the machines' private /run and /tmp. Copies,
# not symlinks: a checkout under /tmp (a CI clone) would be hidden by the machines' private /tmp.
if [ $CONFINED = 1 ]; then
	no_denials() { # the kernel log (no auditd: audit records go to printk)
		local denials
		denials=$(dmesg | grep -E 'avc: +denied' | grep -E 'scontext=[^ ]*:(racoon_t|setkey_t):')
		[ -z "$denials" ] && return 0
		printf '%s\n' "$denials"
		return 1
	}
	if semodule -l | grep -qx raccoon; then
		# CI's enforcing boot: scripts/vm/selinux-module-root.sh built the module and ran semodule -i on the host,
		# into a copy of the policy store the guest booted with (VM_SELINUX_ROOT): an installed system.
		note C.1 "the module was built (make) and installed (semodule -i) on the host; the guest booted with it"
		step C.2 "semodule -l lists raccoon" sh -c 'semodule -l | grep -x raccoon'
	else
		# What an administrator types (docs/labeled-ipsec.md), in an enforcing guest (~4 min of semodule under TCG).
		mkdir -p "$WORK/module"
		cp "$RACCOON_ROOT"/etc/selinux/raccoon.{te,fc,if} "$WORK/module/"
		step C.1 "the policy module builds: make -f /usr/share/selinux/devel/Makefile raccoon.pp" \
			make -C "$WORK/module" -f /usr/share/selinux/devel/Makefile raccoon.pp
		vm_selinux_writable_store || fail "writable copies of the policy store"
		step C.2 "semodule -i raccoon.pp (enforcing)" semodule -i "$WORK/module/raccoon.pp"
	fi
	# The guest's root is unlabeled (docs/vm.md): label what the confined programs load or look at, as an installation
	# has it: their libraries; the Swift runtime's probes of the x86_64 directory of its RUNPATH and of the
	# toolchain's bin and libexec (its backtracer); /etc/selinux (libselinux reads its config: selinux_config_t,
	# which racoon_t is dontaudit-ed on) and /var/run; libcrypto's configuration (/usr/lib/ssl/openssl.cnf ->
	# /etc/ssl/openssl.cnf, cert_t: dontaudit-ed too, libcrypto then uses its defaults, as for racoon); setkey's
	# getprotobyname and localtime.
	vm_relabel /dev/null /dev/urandom /dev/random /etc/ld.so.cache /opt/swift/usr/lib/swift/linux/x86_64 \
		/opt/swift/usr/bin /opt/swift/usr/libexec/swift/linux/swift-backtrace /etc/selinux /var/run \
		/usr/lib/ssl/openssl.cnf /etc/nsswitch.conf /etc/protocols /etc/localtime \
		$(vm_libraries "$RACCOON_BUILD_DIR/raccoon" "$RACCOON_BUILD_DIR/setkey")
	# The programs go on a tmpfs too (an overlay file cannot be mapped by a confined domain, see vm_relabel).
	mkdir -p /usr/local/sbin && mount -t tmpfs -o mode=0755 raccoon-bin /usr/local/sbin && vm_relabel /usr/local/sbin
fi
mkdir -p /usr/local/sbin
for tool in raccoon raccoonctl setkey; do cp -f "$RACCOON_BUILD_DIR/$tool" "/usr/local/sbin/$tool"; done
export PATH=/usr/local/sbin:$PATH
if [ $CONFINED = 1 ]; then
	labeled_binaries() {
		restorecon -v /usr/local/sbin/raccoon /usr/local/sbin/setkey &&
			ls -Z /usr/local/sbin/raccoon /usr/local/sbin/setkey &&
			[ "$(stat -c %C /usr/local/sbin/raccoon | cut -d: -f3)" = racoon_exec_t ] &&
			[ "$(stat -c %C /usr/local/sbin/setkey | cut -d: -f3)" = setkey_exec_t ]
	}
	step C.3 "restorecon labels raccoon racoon_exec_t and setkey setkey_exec_t" labeled_binaries
fi
mkdir -p /etc/racoon
vm_netns_setup || { fail "namespaces"; exit 1; }
mount --bind "$WORK/ns" "$WORK/ns" && mount --make-private "$WORK/ns"
for m in A B; do
	root=$WORK/root-$m
	mkdir -p "$root/etc-racoon/certs" "$root/run" "$root/tmp"
	touch "$WORK/ns/$m"
	# A persistent mount namespace whose /etc/racoon, /tmp and /run are the machine's own (/run last: $root is
	# under /run).
	# Confined, the machines' /tmp and /run need the types a real /tmp and /run have (tmp_t, var_run_t), not the
	# guest /run's tmpfs_t: setkey_t searches /tmp, racoon_t creates /run/raccoon.pid.
	[ $CONFINED = 1 ] && chcon -t tmp_t "$root/tmp" && chcon -t var_run_t "$root/run"
	unshare --mount="$WORK/ns/$m" --propagation private \
		sh -c "mount --bind '$root/etc-racoon' /etc/racoon && mount --bind '$root/tmp' /tmp && mount --bind '$root/run' /run" ||
		{ fail "mount namespace of machine $m"; exit 1; }
done
# on MACHINE CMD...: run CMD on machine A or B (its network and mount namespaces; nsenter execs CMD)
on() {
	local m=$1 net feed
	shift
	[ "$m" = A ] && net=$VM_NS_A || net=$VM_NS_B
	if [ $CONFINED = 1 ] && [ "$1" = setkey ]; then
		# setkey started from init_t enters setkey_t. A confined domain may not use this job's descriptors: its
		# standard streams become pipes of the init_t shell (stdin only for `setkey -c`, else /dev/null).
		feed='exec </dev/null;'
		[ "$2" = -c ] && feed='exec < <(cat);'
		"${VM_AS_INIT[@]}" bash -o pipefail -c "$feed"' "$@" 2> >(cat >&2) | cat' bash \
			nsenter --net="/run/netns/$net" --mount="$WORK/ns/$m" -- "$@"
		return
	fi
	nsenter --net="/run/netns/$net" --mount="$WORK/ns/$m" -- "$@"
}
ip_of() { [ "$1" = A ] && echo "$VM_IP_A" || echo "$VM_IP_B"; }
peer_of() { [ "$1" = A ] && echo B || echo A; }
mkdir -p "$WORK/logs"
LOG_A=$WORK/logs/A.log
LOG_B=$WORK/logs/B.log
log_of() { [ "$1" = A ] && echo "$LOG_A" || echo "$LOG_B"; }
count() { grep -cF -- "$2" "$1"; }

# ------------------------------------------------------------------ 1. the policy files
# setkey_file MACHINE LABELED: /tmp/setkey.ipsec as in the document, addresses and the esp/transport//require
# requests restored; only the directions differ between A and B.
setkey_file() {
	local m=$1 labeled=$2 first=out second=in ctx=""
	[ "$m" = B ] && first=in second=out
	[ "$labeled" = 1 ] && ctx="-ctx 1 1 \"$LABEL\""
	cat <<EOF
spdadd $VM_IP_A $VM_IP_B any
	$ctx
	-P $first ipsec esp/transport//require;

spdadd $VM_IP_B $VM_IP_A any
	$ctx
	-P $second ipsec esp/transport//require;
EOF
}
LABELED=0
[ "$MODE" = off ] || LABELED=1
if [ "$MODE" = off ]; then
	# Without SELinux a labeled policy cannot be honoured; see what the kernel does with one first.
	setkey_file A 1 | on A sh -c 'cat >/tmp/setkey.ipsec'
	on A setkey -f /tmp/setkey.ipsec
	if on A setkey -DP | grep -q "security context"; then
		note 1.0 "kernel without SELinux kept the policy context; raccoon must warn (checked at startup below)"
		KERNEL_KEPT_CTX=1
	else
		note 1.0 "kernel without SELinux accepted the -ctx policies and dropped the context (setkey -DP shows none): the labeled walkthrough needs SELinux; this run uses unlabeled policies"
		KERNEL_KEPT_CTX=0
	fi
	on A setkey -FP
fi
for m in A B; do
	setkey_file $m $LABELED | on $m sh -c 'cat >/tmp/setkey.ipsec'
	# Confined, setkey_t reads configuration files of type ipsec_conf_file_t (as in /etc/racoon).
	[ $CONFINED = 1 ] && on $m chcon -t ipsec_conf_file_t /tmp/setkey.ipsec
	step 1.$m "machine $m: setkey -f /tmp/setkey.ipsec loads the policy file" on $m setkey -f /tmp/setkey.ipsec
done
policies_loaded() {
	local m=$1 dump
	dump=$(on $m setkey -DP) || return 1
	printf '%s\n' "$dump"
	[ "$(grep -c 'esp/transport//require' <<<"$dump")" -ge 2 ] || return 1
	[ $LABELED = 0 ] || grep -qF "security context: $LABEL" <<<"$dump"
}
both() { "$1" A && "$1" B; }
step 1.P "setkey -DP on both shows the policies$([ $LABELED = 1 ] && echo ' with their context')" both policies_loaded

# ------------------------------------------------------------------ 2. psk.txt and racoon.conf
for m in A B; do
	# The document's psk.txt line lost its address in the archive: it is the peer's.
	printf '%s\t%s\n' "$(ip_of "$(peer_of $m)")" "$SECRET" | on $m sh -c 'umask 077; cat >/etc/racoon/psk.txt'
	# The document's racoon.conf, verbatim (brace-less sainfo included), then the phase-1 block it leaves out.
	on $m sh -c 'cat >/etc/racoon/racoon.conf' <<'EOF'
	path include "/etc/racoon";
	path pre_shared_key "/etc/racoon/psk.txt";
	path certificate "/etc/racoon/certs";

	sainfo anonymous
        	pfs_group 2;
        	lifetime time 1 hour ;
        	encryption_algorithm 3des, aes ;
        	authentication_algorithm hmac_sha1 ;
        	compression_algorithm deflate ;

# Not in the document: its "defaults" came from an included file. Phase 1 with any peer, Main Mode, PSK.
remote anonymous {
	exchange_mode main;
	proposal { encryption_algorithm 3des; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
	proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
}
EOF
done
psk_private() { [ "$(on "$1" stat -c %a /etc/racoon/psk.txt)" = 600 ]; }
step 2.1 "psk.txt is mode 0600 on both" both psk_private
if [ $CONFINED = 1 ]; then
	relabel_etc_racoon() {
		on "$1" restorecon -R -v /etc/racoon && on "$1" ls -Z /etc/racoon/psk.txt | grep -q ipsec_key_file_t
	}
	step C.4 "restorecon -R /etc/racoon: racoon.conf ipsec_conf_file_t, psk.txt ipsec_key_file_t" both relabel_etc_racoon
fi
step 2.2 "raccoon -t accepts the document's racoon.conf (+ remote anonymous)" on A raccoon -t

# ------------------------------------------------------------------ 3. start raccoon -d -F on both
# start MACHINE: `raccoon -d -F` on the machine. nsenter itself is the background job and execs raccoon, so $! is
# raccoon's pid (a backgrounded shell function would give a subshell's).
start() {
	local net
	[ "$1" = A ] && net=$VM_NS_A || net=$VM_NS_B
	if [ $CONFINED = 1 ]; then
		# From init_t, as systemd starts it, so that it enters racoon_t; the init_t shell opens the log (racoon_t
		# may use init_t's descriptors; the file is racoon_tmp_t, standing in for the journal).
		: >"$(log_of "$1")"
		chcon -t racoon_tmp_t "$(log_of "$1")"
		"${VM_AS_INIT[@]}" sh -c 'log=$1; shift; exec "$@" </dev/null >"$log" 2>&1' sh "$(log_of "$1")" \
			nsenter --net="/run/netns/$net" --mount="$WORK/ns/$1" -- raccoon -d -F &
		return
	fi
	nsenter --net="/run/netns/$net" --mount="$WORK/ns/$1" -- raccoon -d -F >"$(log_of "$1")" 2>&1 &
}
T_START=$(now)
[ $CONFINED = 1 ] && note T.C "confinement set up (module check, relabel, labeled programs and files) and policies loaded: $(elapsed "$T_JOB" "$T_START")s after the job started"
start A
PID_A=$!
start B
PID_B=$!
started() { vm_wait_log 150 "$(log_of "$1")" "Raccoon started"; }
step 3.0 "raccoon -d -F starts on both" both started
T_READY=$(now)
head -n 25 "$LOG_A" | sed 's/^/    A: /'
first_lines() {
	local log=$1
	grep -q "starting (configuration /etc/racoon/racoon.conf)" "$log" &&
		grep -q "sainfo body is not enclosed in braces" "$log" &&
		grep -qi "$KERNEL_READY" "$log" &&
		# out, in, and the fwd policy setkey adds on Linux for each in policy (as ipsec-tools' setkey does)
		grep -q "SPD: 3 security policies ($([ $LABELED = 1 ] && echo 3 || echo 0) labeled)" "$log" &&
		grep -q "SPD: id:.* out 10.0.0" "$log" &&
		grep -q "used as isakmp port" "$log"
}
first_lines_of() { first_lines "$(log_of "$1")"; }
step 3.1 "first log lines: config (brace-less sainfo noted), kernel registration, SPD, sockets" both first_lines_of
if [ $CONFINED = 1 ]; then
	confined() { # confined MACHINE: the daemon runs in racoon_t (ps -Z)
		local pid
		[ "$1" = A ] && pid=$PID_A || pid=$PID_B
		ps -Z -p "$pid" && ps -Z -p "$pid" | grep -q ":racoon_t:"
	}
	step C.5 "raccoon entered racoon_t on both (ps -Z)" both confined
	step C.6 "no AVC denial for racoon_t or setkey_t so far" no_denials
	step 3.2 "SELinux is reported enforcing with MLS/MCS, from racoon_t (no /etc/selinux/config needed)" \
		grep -q "SELinux: SELinux enabled, enforcing, MLS/MCS on.*running as system_u:system_r:racoon_t" "$LOG_A"
elif [ $LABELED = 1 ]; then
	step 3.2 "SELinux is reported permissive with MLS/MCS" \
		grep -q "SELinux: SELinux enabled, permissive, MLS/MCS on" "$LOG_A"
else
	step 3.2 "raccoon reports SELinux disabled" grep -q "SELinux: SELinux is disabled" "$LOG_A"
fi
pid_recorded() { [ "$(on "$1" cat /run/raccoon.pid)" = "$([ "$1" = A ] && echo "$PID_A" || echo "$PID_B")" ]; }
step 3.3 "the pid file /run/raccoon.pid holds each daemon's pid" both pid_recorded
if [ $LABELED = 1 ]; then
	# A labeled SPD where libselinux cannot see SELinux: `ip netns exec` remounts /sys without selinuxfs. Raccoon
	# must say that the labeled policies cannot match (this second instance then stops: A already has port 500).
	cat >"$WORK/netns-exec.conf" <<EOF
path pre_shared_key "$WORK/root-A/etc-racoon/psk.txt";
path pidfile "$WORK/netns-exec.pid";
listen { isakmp $VM_IP_A [500]; }
remote anonymous { exchange_mode main; proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; } }
sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }
EOF
	RACCOON_ADMIN_SOCKET=$WORK/netns-exec.sock ip netns exec "$VM_NS_A" raccoon -F -f "$WORK/netns-exec.conf" \
		>"$WORK/logs/netns-exec.log" 2>&1
	step 3.4 "under 'ip netns exec' (no selinuxfs) raccoon warns that the labeled policies cannot match" \
		grep -E "3 labeled security policies are loaded but SELinux is disabled \(.*selinuxfs is not mounted" \
		"$WORK/logs/netns-exec.log"
fi

# ------------------------------------------------------------------ 4. ping A -> B
ping_once() { on A "$VM_BUSYBOX" ping -c 1 -W 2 "$1"; }
T_PING=$(now)
if ping_once "$VM_IP_B" >/dev/null 2>&1; then
	step 4.1 "the first ping is dropped (no SA yet)" false
else
	step 4.1 "the first ping is dropped (no SA yet)" true
fi
step 4.2 "A's log: an ACQUIRE started the negotiation" grep -q "ACQUIRE (seq .*) for $VM_IP_A->$VM_IP_B" "$LOG_A"
established_both() { [ "$(count "$LOG_A" 'IPsec-SA established')" -ge "$1" ] && [ "$(count "$LOG_B" 'IPsec-SA established')" -ge "$1" ]; }
step 4.3 "IPsec-SA established on both within 90 s" vm_wait_for 90 established_both 2
T_SA=$(now)
ordered() { # Main Mode before Quick Mode in A's log
	local p1 p2
	p1=$(grep -n "ISAKMP-SA established" "$LOG_A" | head -1 | cut -d: -f1)
	p2=$(grep -n "IPsec-SA established" "$LOG_A" | head -1 | cut -d: -f1)
	[ -n "$p1" ] && [ -n "$p2" ] && [ "$p1" -lt "$p2" ]
}
step 4.4 "Main Mode completes, then Quick Mode (log order)" ordered
step 4.5 "ISAKMP-SA established names the exchange and algorithms" \
	grep -E "ISAKMP-SA established $VM_IP_A\[500\]-$VM_IP_B\[500\] spi:[0-9a-f]+:[0-9a-f]+ \(Main Mode, initiator, (3DES|AES)" "$LOG_A"
if [ $LABELED = 1 ]; then
	step 4.6 "IPsec-SA established lines name algorithms, SPIs and the flow's context (both sides)" \
		sh -c "grep -E 'IPsec-SA established: ESP/Transport .* spi=[0-9]+\(0x[0-9a-f]{8}\) \((3DES|AES128)/HMAC-SHA1, .*security context \"system_u:system_r:kernel_t:s0' $LOG_A && grep -q 'IPsec-SA established: .*security context \"system_u:system_r:kernel_t' $LOG_B"
	step 4.7 "Quick Mode carried the context attribute (responder accepted the labeled proposal)" \
		grep -E "respond new phase 2 negotiation: .*(ctx|context)" "$LOG_B"
else
	step 4.6 "IPsec-SA established lines name algorithms and SPIs (both sides)" \
		sh -c "grep -E 'IPsec-SA established: ESP/Transport .* spi=[0-9]+\(0x[0-9a-f]{8}\) \((3DES|AES128)/HMAC-SHA1' $LOG_A && grep -q 'IPsec-SA established: ESP/Transport' $LOG_B"
fi
esp_packets() { # esp_packets MACHINE: packets counted on the machine's ESP SAs
	on "$1" ip -s xfrm state | awk '/lifetime current:/ { getline; n += $1 + 0 } END { print n + 0 }'
}
before=$(esp_packets A)
step 4.8 "the second ping succeeds" vm_wait_for 20 ping_once "$VM_IP_B"
grew() { [ "$(esp_packets A)" -gt "$1" ]; }
step 4.9 "... through ESP (A's SA packet counters grew)" grew "$before"

# ------------------------------------------------------------------ 5. setkey -D / -DP
sa_pairs() { # sa_pairs MACHINE: prints the dump; true if it holds the pair (with the context when labeled)
	local dump
	dump=$(on "$1" setkey -D) || return 1
	printf '%s\n' "$dump"
	[ "$(grep -c 'esp mode=transport' <<<"$dump")" = 2 ] || return 1
	[ $LABELED = 0 ] || [ "$(grep -c 'security context: system_u:system_r:kernel_t' <<<"$dump")" = 2 ]
}
step 5.1 "setkey -D on A shows the SA pair$([ $LABELED = 1 ] && echo ' with the flow context')" sa_pairs A
step 5.2 "setkey -D on B shows the SA pair$([ $LABELED = 1 ] && echo ' with the flow context')" sa_pairs B
on A setkey -D >"$WORK/logs/setkey-D-A.txt" 2>&1
on B setkey -D >"$WORK/logs/setkey-D-B.txt" 2>&1
on A setkey -DP >"$WORK/logs/setkey-DP-A.txt" 2>&1
on B setkey -DP >"$WORK/logs/setkey-DP-B.txt" 2>&1
step 5.3 "setkey -DP shows the policies$([ $LABELED = 1 ] && echo ' with their context')" both policies_loaded

# ------------------------------------------------------------------ 8a. raccoonctl show-sa on a live pair
show_isakmp() { on A raccoonctl show-sa isakmp | tee /dev/stderr | grep -F "$VM_IP_B[500]" | grep -q established; }
show_esp() {
	local out
	out=$(on A raccoonctl show-sa esp) || return 1
	printf '%s\n' "$out"
	[ "$(grep -c 'esp mode=transport' <<<"$out")" = 2 ] || return 1
	[ $LABELED = 0 ] || grep -q "security context: \"system_u:system_r:kernel_t" <<<"$out"
}
step 8.1 "raccoonctl show-sa isakmp on A lists the ISAKMP-SA with B" show_isakmp
step 8.2 "raccoonctl show-sa esp on A lists both SAs$([ $LABELED = 1 ] && echo ' with the context')" show_esp

# ------------------------------------------------------------------ 6. setkey -F
p1_before=$(count "$LOG_A" "ISAKMP-SA established")
qm_before=$(count "$LOG_A" "initiate new phase 2 negotiation")
p1_initiated=$(count "$LOG_A" "initiate new phase 1 negotiation")
del_b=$(count "$LOG_B" "IPsec-SA deleted")
step 6.1 "setkey -F on A" on A setkey -F
step 6.2 "A's raccoon sees the flush and sends DELETEs" vm_wait_for 10 grep -qE "$KERNEL_FLUSHED" "$LOG_A"
no_sa() { ! on "$1" setkey -D | grep -q 'esp mode'; }
deletes_after() { vm_wait_for 15 no_sa B && [ "$(count "$LOG_B" "$1")" -gt "$2" ]; }
step 6.3 "B receives them and drops its SAs" deletes_after "IPsec-SA deleted" "$del_b"
ping_once "$VM_IP_B" >/dev/null 2>&1
step 6.4 "the next ping renegotiates" vm_wait_for 90 established_both 4
quick_mode_only() {
	[ "$(count "$LOG_A" "ISAKMP-SA established")" = "$p1_before" ] &&
		[ "$(count "$LOG_A" "initiate new phase 2 negotiation")" = $((qm_before + 1)) ] &&
		[ "$(count "$LOG_A" "initiate new phase 1 negotiation")" = "$p1_initiated" ]
}
step 6.5 "... with a Quick Mode only: phase 1 reused (no new phase 1, one more Quick Mode)" quick_mode_only
step 6.6 "a ping succeeds again" vm_wait_for 20 ping_once "$VM_IP_B"

# ------------------------------------------------------------------ 8b. SIGHUP on a live pair
reloaded() { kill -HUP "$PID_A" && vm_wait_log 10 "$LOG_A" "configuration reloaded from /etc/racoon/racoon.conf"; }
step 8.3 "SIGHUP: A reloads its configuration" reloaded
kept() { sa_pairs A >/dev/null && ping_once "$VM_IP_B"; }
step 8.4 "... and keeps its SAs (SA pair still there, a ping passes)" kept

# ------------------------------------------------------------------ 7. setkey -FP
esp_before=$(esp_packets A)
flush_policies() { on "$1" setkey -FP; }
step 7.1 "setkey -FP on both" both flush_policies
mirror_empty() { on A raccoonctl show-status | grep -q "security policies: 0"; }
step 7.2 "A's SPD mirror empties (raccoonctl show-status: 0 policies)" vm_wait_for 10 mirror_empty
unprotected() { ping_once "$VM_IP_B" && [ "$(esp_packets A)" = "$esp_before" ]; }
step 7.3 "a ping now goes out unprotected (it succeeds; ESP counters unchanged)" unprotected
# Restore the policies for the rest (the SA pair from step 6 is still installed and is used again).
on A setkey -f /tmp/setkey.ipsec
on B setkey -f /tmp/setkey.ipsec

# ------------------------------------------------------------------ 9. the negative case (labeled run)
if [ $LABELED = 1 ]; then
	PROBE=$RACCOON_BUILD_DIR/selinux-probe
	FLOW=system_u:system_r:kernel_t:s0
	# A type the flow's domain has no polmatch on (the refpolicy grants kernel_t polmatch on ipsec_spd_t,
	# unlabeled_t and kernel_t only): the first candidate whose check logs an AVC denial.
	DENIED=
	# Confined: a domain type (setkey_t may label policies with domain types, kernel_t may not polmatch them).
	candidates="object_r:etc_t object_r:bin_t object_r:var_t object_r:tmp_t"
	[ $CONFINED = 1 ] && candidates="system_r:racoon_t system_r:setkey_t"
	for type in $candidates; do
		if "$PROBE" polmatch "$FLOW" "system_u:$type:s0" 2>&1 | grep -q "avc:  *denied"; then
			DENIED=system_u:$type:s0
			break
		fi
	done
	if [ -z "$DENIED" ]; then
		step 9.0 "found a context the flow's domain may not polmatch" false
	else
		note 9.0 "negative case: B's policies are relabeled \"$DENIED\" (kernel_t has no association:polmatch on it); A keeps system_u:object_r:$SPD_TYPE:s0"
		relabel() { # relabel MACHINE CONTEXT: the machine's policies with another context
			local m=$1 ctx=$2 first=out second=in
			[ "$m" = B ] && first=in second=out
			on "$m" setkey -c <<EOF
spdflush;
spdadd $VM_IP_A $VM_IP_B any -ctx 1 1 "$ctx" -P $first ipsec esp/transport//require;
spdadd $VM_IP_B $VM_IP_A any -ctx 1 1 "$ctx" -P $second ipsec esp/transport//require;
EOF
		}
		# Fresh state: no SAs anywhere, phase 1 kept.
		on A raccoonctl flush-sa ipsec >/dev/null
		vm_wait_for 10 no_sa B
		relabel A "system_u:object_r:$SPD_TYPE:s0"
		relabel B "$DENIED"
		if [ $CONFINED = 0 ]; then
			# 9.1 permissive: libselinux allows but logs the would-be denial; the SAs are negotiated.
			established_b_before=$(count "$LOG_B" "IPsec-SA established")
			ping_once "$VM_IP_B" >/dev/null 2>&1
			would_be_denied() {
				grep -q "avc: .*denied.*polmatch.*permissive=1" "$LOG_B" &&
					[ "$(count "$LOG_B" "IPsec-SA established")" -ge $((established_b_before + 2)) ]
			}
			step 9.1 "permissive: B logs the would-be polmatch denial (AVC, permissive=1) and still negotiates" \
				vm_wait_for 90 would_be_denied
			on A raccoonctl flush-sa ipsec >/dev/null
			vm_wait_for 10 no_sa B
		fi
		# 9.2 enforcing: the same proposal is refused. The window is short and writes only to /run.
		npc_before=$(count "$LOG_A" "NO-PROPOSAL-CHOSEN")
		refused_before=$(count "$LOG_B" "failed")
		[ $CONFINED = 1 ] || echo 1 >/sys/fs/selinux/enforce
		on A "$VM_BUSYBOX" ping -c 1 -W 2 "$VM_IP_B" >/dev/null 2>&1
		npc() { [ "$(count "$LOG_A" "NO-PROPOSAL-CHOSEN")" -gt "$npc_before" ]; }
		vm_wait_for 60 npc
		sa_after=$(on B setkey -D 2>&1; on A setkey -D 2>&1)
		[ $CONFINED = 1 ] || echo 0 >/sys/fs/selinux/enforce
		refused() { [ "$(count "$LOG_B" "failed")" -gt "$refused_before" ] && tail -n 30 "$LOG_B" | grep -E "polmatch .*denied"; }
		step 9.2 "enforcing: B refuses with a clear log line (polmatch denied)" refused
		step 9.3 "enforcing: A gets NO-PROPOSAL-CHOSEN" npc
		# Over PF_KEY Raccoon refuses the kernel's ACQUIRE (SADB_ACQUIRE with an errno), which takes its larval
		# state out of the dump. XFRM has no such message (ACQUIRE only goes from the kernel to the key manager):
		# the larval state (spi 0, no keys) stays listed until net.core.xfrm_acq_expires; no keyed SA may exist.
		nothing_installed() {
			printf '%s\n' "$sa_after"
			if [ -e /proc/net/pfkey ]; then ! grep -q 'esp mode' <<<"$sa_after"; else ! grep -qE 'state=(mature|dying)' <<<"$sa_after"; fi
		}
		step 9.4 "enforcing: no SA exists on either machine$([ -e /proc/net/pfkey ] || echo ' (the ACQUIRE'"'"'s larval state aside)')" nothing_installed
		# Back to the walkthrough's policies.
		on A setkey -f /tmp/setkey.ipsec
		on B setkey -f /tmp/setkey.ipsec
	fi
fi

# ------------------------------------------------------------------ 8c. SIGTERM on a live pair
ping_once "$VM_IP_B" >/dev/null 2>&1
vm_wait_for 60 ping_once "$VM_IP_B" >/dev/null 2>&1
step 8.5 "a live pair before SIGTERM" sa_pairs A
del_b=$(count "$LOG_B" "deleted")
T_TERM=$(now)
# stop PID: SIGTERM, then its exit status; a daemon still running after 60 s is killed (status 137)
stop() {
	local watchdog rc
	kill "$1"
	(sleep 60 && kill -KILL "$1" 2>/dev/null) &
	watchdog=$!
	wait "$1" && rc=0 || rc=$?
	kill "$watchdog" 2>/dev/null
	return $rc
}
stop "$PID_A" && rc=0 || rc=$?
PID_A=
step 8.6 "kill <raccoon's pid> (SIGTERM): raccoon on A exits 0" test "$rc" = 0
step 8.7 "... after deleting its SAs on A" no_sa A
step 8.8 "... and sending DELETEs: B drops its SAs" deletes_after "deleted" "$del_b"
step 8.9 "... and removing /run/raccoon.pid" test ! -e "$WORK/root-A/run/raccoon.pid"
stop "$PID_B"
PID_B=

# ------------------------------------------------------------------ confined: no AVC denial for the daemon's domains
if [ $CONFINED = 1 ]; then
	step C.7 "the whole walkthrough ran enforcing with no AVC denial for racoon_t or setkey_t" no_denials
fi

# ------------------------------------------------------------------ timings
note T "guest uptime at job start ${T_JOB}s; raccoon start -> both ready $(elapsed "$T_START" "$T_READY")s; first ping -> IPsec-SA established on both $(elapsed "$T_PING" "$T_SA")s"
grep -h "SA established\|ACQUIRE\|initiate new\|respond new" "$LOG_A" | head -8 | sed 's/^/    A: /'
summary
