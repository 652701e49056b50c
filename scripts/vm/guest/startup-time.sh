#!/bin/bash
# vm-boot: manual plain
# vm-warm: crypto
# startup-time.sh - issue 18: raccoon's startup in the busybox guest, the toolchain-linked release build against the
# self-contained one (swift build -c release --static-swift-stdlib), in the same boot, alternating. Both binaries
# are read over the guest's 9p root, as the CI guests read .build/debug. Measured per run: exec to the "starting"
# line, and "starting" to "PF_KEY: registered" (the figure of docs/daemon.md), each line stamped when it arrives
# on the pipe. Then /opt/swift is hidden under an empty tmpfs: the self-contained raccoon, raccoonctl and setkey
# must still run, the toolchain-linked raccoon must not (proof that the hiding works).
# Binaries: RACCOON_STARTUP_DYNAMIC and RACCOON_STARTUP_STATIC (directories; defaults out/startup/dynamic and
# out/startup/static, filled by scripts/vm/startup-compare.sh). RACCOON_STARTUP_RUNS rounds (default 2).
# Results: $VM_OUT/startup-time/runs.tsv.
. "$(dirname "$0")/lib.sh"
DYNAMIC=${RACCOON_STARTUP_DYNAMIC:-$RACCOON_ROOT/out/startup/dynamic}
STATIC=${RACCOON_STARTUP_STATIC:-$RACCOON_ROOT/out/startup/static}
RUNS=${RACCOON_STARTUP_RUNS:-2}
ART=$VM_OUT/startup-time
WORK=$(mktemp -d /run/startup-time.XXXXXX)
mkdir -p "$ART"
cleanup() {
	umount /opt/swift 2>/dev/null
	cp "$WORK"/*.log "$ART/" 2>/dev/null
	vm_netns_teardown
	rm -rf "$WORK"
}
trap cleanup EXIT
vm_netns_setup || { fail "namespaces"; summary; exit; }
printf '10.0.0.2 startup-test-secret\n' >"$WORK/psk.txt"
chmod 600 "$WORK/psk.txt"
cat >"$WORK/racoon.conf" <<CONF
path pre_shared_key "$WORK/psk.txt";
path pidfile "$WORK/raccoon.pid";
listen { isakmp 10.0.0.1 [500]; adminsock disabled; }
remote anonymous {
	exchange_mode main;
	proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
}
sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }
CONF

# measure KIND BINARY ROUND: one start in namespace a, stopped once PF_KEY is registered; appends to runs.tsv
measure() {
	local kind=$1 binary=$2 round=$3 log=$WORK/$1-$3.log t0 pid
	t0=$(date +%s.%N)
	in_ns a "$binary" -F -f "$WORK/racoon.conf" 2>&1 | while IFS= read -r line; do
		printf '%s %s\n' "$(date +%s.%N)" "$line"
	done >"$log" &
	for _ in $(seq 1 1200); do grep -q "PF_KEY: registered" "$log" && break; sleep 0.1; done
	pid=$(cat "$WORK/raccoon.pid" 2>/dev/null)
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait
	awk -v t0="$t0" -v kind="$kind" -v round="$round" '
		/ starting \(configuration/ && !s { s = $1 }
		/PF_KEY: registered/ && !r { r = $1 }
		END { if (s && r) printf "%s\t%s\t%.2f\t%.2f\n", kind, round, s - t0, r - s; else printf "%s\t%s\tfailed\tfailed\n", kind, round }
	' "$log" | tee -a "$ART/runs.tsv"
}
printf 'binary\tround\texec_to_starting_s\tstarting_to_pfkey_registered_s\n' >"$ART/runs.tsv"
for round in $(seq 1 "$RUNS"); do
	measure dynamic "$DYNAMIC/raccoon" "$round"
	measure static "$STATIC/raccoon" "$round"
done
check "every run reached the PF_KEY registration" bash -c "! grep -q failed '$ART/runs.tsv'"

mkdir -p /opt/swift
mount -t tmpfs -o size=1m tmpfs /opt/swift
check "the toolchain is hidden: /opt/swift is empty" test -z "$(ls -A /opt/swift)"
check "hidden toolchain: the toolchain-linked raccoon cannot start" bash -c "! '$DYNAMIC/raccoon' -V >/dev/null 2>&1"
check "hidden toolchain: self-contained raccoon -V runs" "$STATIC/raccoon" -V
check "hidden toolchain: self-contained setkey -V runs" "$STATIC/setkey" -V
check "hidden toolchain: self-contained raccoonctl -h runs" bash -c "'$STATIC/raccoonctl' -h >/dev/null"
measure static-hidden "$STATIC/raccoon" 1
check "hidden toolchain: self-contained raccoon starts and registers with PF_KEY" \
	bash -c "tail -1 '$ART/runs.tsv' | grep -v failed"
summary
