#!/bin/bash
# vm-boot: plain selinux
# SELinuxPolicy's LibSELinuxChecker against a real kernel, through the selinux-probe executable.
# SELinux boot (Debian refpolicy, permissive): libselinux reports enabled + MLS/MCS; polmatch from
# kernel_t (unconfined) to ipsec_spd_t and unlabeled_t is allowed; invalid contexts are reported
# as such; a pair the policy denies is allowed in permissive mode but the AVC denial reaches the
# Swift log handler; under `ip netns exec` the hidden selinuxfs is diagnosed; without a readable
# /etc/selinux/config (a confined daemon) SELinux is still enabled and polmatch still asks the policy;
# security_check_context reports a context the policy lacks. Plain boot: the
# kernel runs without SELinux and every labeled policy fails to match.
. "$(dirname "$0")/lib.sh"

PROBE=$RACCOON_BUILD_DIR/selinux-probe
KERNEL_T=system_u:system_r:kernel_t:s0
SPD_T=system_u:object_r:ipsec_spd_t:s0
UNLABELED_T=system_u:object_r:unlabeled_t:s0

if [ ! -x "$PROBE" ]; then
	fail "no $PROBE (run swift build first)"
	summary
	exit
fi

# probe_expect DESCRIPTION EXIT PATTERN... -- ARGS: run the probe, want exit EXIT and every
# PATTERN (grep -E) in its output
probe_expect() {
	local what=$1 want=$2 out rc p ok=1
	shift 2
	local patterns=()
	while [ "$1" != -- ]; do
		patterns+=("$1")
		shift
	done
	shift
	out=$("$@" 2>&1) && rc=0 || rc=$?
	printf '%s\n' "$out" | sed 's/^/    /'
	[ "$rc" = "$want" ] || { ok=0; echo "    (exit $rc, wanted $want)"; }
	for p in "${patterns[@]}"; do
		grep -Eq -- "$p" <<<"$out" || { ok=0; echo "    (missing: $p)"; }
	done
	if [ $ok = 1 ]; then pass "$what"; else fail "$what"; fi
}

mode=$(vm_selinux_mode)
echo "SELinux mode: $mode"
if [ "$mode" = off ]; then
	probe_expect "status: disabled, kernel without SELinux" 0 '^enabled=0$' '^availability=not-in-kernel$' -- \
		"$PROBE" status
	probe_expect "polmatch refused: SELinux disabled" 2 '^decision=selinux-disabled$' \
		'SELinux is disabled: labeled policy cannot match' -- "$PROBE" polmatch "$KERNEL_T" "$SPD_T"
	summary
	exit
fi

probe_expect "status: enabled, MLS/MCS, $mode, refpolicy 'default'" 0 '^enabled=1$' '^availability=enabled$' \
	'^mls=1$' "^enforcing=$([ "$mode" = enforcing ] && echo 1 || echo 0)$" '^policy_type=default$' \
	'^policy_version=[0-9]+$' -- "$PROBE" status
probe_expect "polmatch kernel_t -> ipsec_spd_t allowed" 0 '^decision=allowed$' -- \
	"$PROBE" polmatch "$KERNEL_T" "$SPD_T"
probe_expect "polmatch kernel_t -> unlabeled_t allowed" 0 '^decision=allowed$' -- \
	"$PROBE" polmatch "$KERNEL_T" "$UNLABELED_T"
probe_expect "unknown type in the subject: invalid context" 4 '^decision=invalid-context$' \
	'invalid subject context "system_u:system_r:no_such_domain_t:s0": not a valid context in the loaded policy' -- \
	"$PROBE" polmatch system_u:system_r:no_such_domain_t:s0 "$SPD_T"
probe_expect "malformed object: invalid context" 4 '^decision=invalid-context$' 'invalid object context' -- \
	"$PROBE" polmatch "$KERNEL_T" "not a context"
# ipsec_spd_t is a type for SPD entries, not a domain: the policy grants it no polmatch.
if [ "$mode" = enforcing ]; then
	probe_expect "polmatch ipsec_spd_t -> unlabeled_t denied, with subject/object/class/permission" 1 \
		'^decision=denied$' "denied: association:polmatch from $SPD_T to $UNLABELED_T" -- \
		"$PROBE" polmatch "$SPD_T" "$UNLABELED_T"
else
	probe_expect "polmatch ipsec_spd_t -> unlabeled_t: allowed (permissive), AVC denial logged through Swift" 0 \
		'^decision=allowed$' '^log avc: avc: +denied +\{ polmatch \}.*tclass=association.*permissive=1' -- \
		"$PROBE" polmatch "$SPD_T" "$UNLABELED_T"
fi

# A confined daemon (racoon_t) may not read /etc/selinux/config, so libselinux's is_selinux_enabled() says 0 there;
# the kernel decides. Hide the file in a private mount namespace: still enabled, and polmatch still asks the policy.
no_config() { unshare --mount sh -c 'mount -t tmpfs none /etc/selinux && "$@"' sh "$@"; }
probe_expect "without /etc/selinux/config: still enabled (the kernel decides)" 0 '^enabled=1$' '^availability=enabled$' \
	'^mls=1$' -- no_config "$PROBE" status
if [ "$mode" = enforcing ]; then
	probe_expect "without /etc/selinux/config: polmatch still denied by the policy" 1 '^decision=denied$' -- \
		no_config "$PROBE" polmatch "$SPD_T" "$UNLABELED_T"
else
	probe_expect "without /etc/selinux/config: polmatch still asks the policy (AVC permissive=1 logged)" 0 \
		'^decision=allowed$' '^log avc: avc: +denied +\{ polmatch \}.*permissive=1' -- \
		no_config "$PROBE" polmatch "$SPD_T" "$UNLABELED_T"
fi
probe_expect "validate: a context the policy knows" 0 '^validation=valid$' -- "$PROBE" validate "$SPD_T"
probe_expect "validate: a type the policy lacks, with what to check" 4 \
	'invalid context "system_u:object_r:ipsec_spd_tt:s0": not a valid context in the loaded policy; check' -- \
	"$PROBE" validate system_u:object_r:ipsec_spd_tt:s0
probe_expect "process context reported" 0 '^process_context=[a-z_]+:[a-z_]+:[a-z_]+:s0' -- "$PROBE" status

vm_netns_setup || fail "netns setup"
probe_expect "inside nsenter --net: still enabled" 0 '^enabled=1$' -- in_ns "$VM_NS_A" "$PROBE" status
probe_expect "inside ip netns exec: hidden selinuxfs diagnosed" 0 '^enabled=0$' \
	'^availability=selinuxfs-not-mounted$' -- ip netns exec "$VM_NS_A" "$PROBE" status
probe_expect "inside ip netns exec: polmatch refused, saying why" 2 '^decision=selinux-disabled$' \
	'selinuxfs is not mounted in this mount namespace' -- \
	ip netns exec "$VM_NS_A" "$PROBE" polmatch "$KERNEL_T" "$SPD_T"
vm_netns_teardown
summary
