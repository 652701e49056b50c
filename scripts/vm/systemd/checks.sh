# checks.sh - the cases of the systemd guests, sourced by test-systemd.sh (which defines g, check, pass, fail,
# wait_ready, $OUT, $SELINUX_MODE). A is 10.0.0.1, B is 10.0.0.2; both run the package's racoon.conf and psk.txt
# unchanged and the walkthrough's labeled policies (guest/raccoon-vm-setup.sh), SELinux enforcing with Raccoon's
# policy module: systemd starts raccoon in racoon_t and setkey in setkey_t. Each check runs a small script in one
# guest, as an administrator's shell would (unconfined_t, guest/raccoon-vm-agent.service).

# Shared guest-side helpers, prepended to the scripts that need them.
LIB='
set -o pipefail
# esp_packets SRC DST: packets counted by the ESP SAs from SRC to DST ("  64(bytes), 1(packets)"), summed
esp_packets() { ip -s xfrm state list src "$1" dst "$2" proto esp | awk "/lifetime current:/ { getline; n += \$2 } END { print n + 0 }"; }
# ping_until DST SECONDS: one ping a second until one is answered
ping_until() { local i; for i in $(seq 1 "$2"); do ping -n -c 1 -W 1 "$1" >/dev/null 2>&1 && return 0; sleep 1; done; return 1; }
# journal_priority TEXT: the syslog priority of the last raccoon.service journal entry containing TEXT
journal_priority() { journalctl -u raccoon -o json --output-fields=PRIORITY,MESSAGE -g "$1" | tail -1 | sed -n "s/.*\"PRIORITY\":\"\([0-9]\)\".*/\1/p"; }
main_pid() { systemctl show -p MainPID --value raccoon; }
# confined_main_pid: the main process of raccoon.service runs in racoon_t
confined_main_pid() { local c; c=$(ps -o label= -p "$(main_pid)"); echo "raccoon (pid $(main_pid)): $c"; case $c in *:racoon_t:*) ;; *) return 1 ;; esac; }
'

# ------------------------------------------------------------------ 1. self-contained binaries
check "A: no Swift toolchain on the guest, the package's binaries link only system libraries and run" a '
test ! -e /opt/swift || { echo "/opt/swift exists"; exit 1; }
for b in raccoon raccoonctl setkey; do
	echo "$b: $(ldd /usr/sbin/$b | awk "{ print \$1 }" | tr "\n" " ")"
	! ldd /usr/sbin/$b | grep -e "not found" -e swift || exit 1
done
/usr/sbin/raccoon -V | head -1 && /usr/sbin/setkey -V && /usr/sbin/raccoonctl -h | head -1
dpkg-query -W -f="\${Package} \${Version} \${Status}\n" raccoon | grep "install ok installed"'

# ------------------------------------------------------------------ 2. boot order, policies, READY=1
for guest in a b; do
	check "$guest: setkey.service loaded the walkthrough's two labeled policies (+ the fwd setkey adds), then raccoon.service became active, confined in racoon_t" $guest "$LIB"'
echo "SELinux: $(getenforce)"
systemctl is-active setkey.service raccoon.service || exit 1
confined_main_pid || exit 1
setkey -DP | grep -c "security context: system_u:object_r:ipsec_spd_t:s0:c0" | grep -qx 3 || { setkey -DP; exit 1; }
s=$(systemctl show -p ActiveEnterTimestampMonotonic --value setkey.service)
r=$(systemctl show -p ExecMainStartTimestampMonotonic --value raccoon.service)
echo "setkey active at ${s} us, raccoon started at ${r} us (monotonic)"
[ "$s" -lt "$r" ]'
done
check "A: raccoon.service is Type=notify and became active only after the daemon's startup was complete (READY=1)" a '
systemctl show -p Type -p NotifyAccess -p Result raccoon.service
[ "$(systemctl show -p Type --value raccoon.service)" = notify ] || exit 1
last=$(journalctl -b -u raccoon -o json --output-fields=MESSAGE -g "used as isakmp port" | head -1 | sed -n "s/.*\"__MONOTONIC_TIMESTAMP\":\"\([0-9]*\)\".*/\1/p")
active=$(systemctl show -p ActiveEnterTimestampMonotonic --value raccoon.service)
echo "last startup line (isakmp socket) logged at ${last} us, service active at ${active} us"
[ -n "$last" ] && [ "$last" -lt "$active" ]'

# ------------------------------------------------------------------ 3. ESP between the guests
check "A: a ping to B negotiates and goes through ESP (labeled SA, packet counter moves)" a "$LIB"'
ping_until 10.0.0.2 60 || { journalctl -u raccoon --no-pager | tail -20; exit 1; }
# Labeled: the SA carries the context of the flow that triggered it, the pinging shell (unconfined_t).
ip xfrm state list src 10.0.0.1 dst 10.0.0.2 proto esp | grep "security context" | sort -u | grep ":unconfined_t:" || { ip xfrm state; exit 1; }
before=$(esp_packets 10.0.0.1 10.0.0.2)
ping -n -c 5 -i 0.3 10.0.0.2 >/dev/null || exit 1
after=$(esp_packets 10.0.0.1 10.0.0.2)
echo "ESP packets A->B: $before before 5 pings, $after after"
[ $((after - before)) -ge 5 ]' 150
check "A: raccoonctl -f /etc/racoon/racoon.conf --json show-sa esp lists the labeled SAs (socket found from the config)" a '
out=$(raccoonctl -f /etc/racoon/racoon.conf --json show-sa esp) && echo "$out" | grep -E "\"(ok|securityContext)\"" && echo "$out" | grep -qE "\"ok\" ?: ?true" && echo "$out" | grep -q securityContext'
check "B: its journal says the SAs were established" b '
journalctl -u raccoon --no-pager | grep -e "ISAKMP-SA established" -e "IPsec-SA established" | tail -3 | grep -q "IPsec-SA established"'

# ------------------------------------------------------------------ 4. reload, good and broken; priorities
check "A: systemctl reload re-reads racoon.conf (same process, 'configuration reloaded', its warning at priority 4)" a "$LIB"'
cp /etc/racoon/racoon.conf /root/racoon.conf.orig
printf "timer { natt_keepalive 20 sec; }\n" >>/etc/racoon/racoon.conf
pid=$(main_pid)
systemctl reload raccoon || exit 1
for i in $(seq 1 30); do journalctl -u raccoon -g "configuration reloaded" -q | grep -q . && break; sleep 1; done
journalctl -u raccoon -g "configuration reloaded" -q | tail -1 | grep . || exit 1
[ "$(main_pid)" = "$pid" ] && systemctl is-active raccoon || exit 1
p=$(journal_priority natt_keepalive); echo "natt_keepalive warning: PRIORITY=$p"; [ "$p" = 4 ]'
check "A: a broken racoon.conf is refused on reload (priority 3), the service stays active with the old one" a "$LIB"'
printf "remote {\n" >>/etc/racoon/racoon.conf
pid=$(main_pid)
systemctl reload raccoon
for i in $(seq 1 30); do journalctl -u raccoon -g "config reload failed" -q | grep -q . && break; sleep 1; done
journalctl -u raccoon -g "config reload failed" -q | tail -1 | grep . || exit 1
p=$(journal_priority "config reload failed"); echo "reload failure: PRIORITY=$p"
cp /root/racoon.conf.orig /etc/racoon/racoon.conf
[ "$p" = 3 ] && [ "$(main_pid)" = "$pid" ] && systemctl is-active raccoon && ping_until 10.0.0.2 20'
check "A: journalctl -u raccoon keeps the daemon's priorities (ISAKMP-SA established at 5, starting at 6)" a "$LIB"'
e=$(journal_priority "ISAKMP-SA established"); s=$(journal_priority " starting ")
echo "ISAKMP-SA established: PRIORITY=$e; starting: PRIORITY=$s"
journalctl -u raccoon -p warning --no-pager -q | tail -5
[ "$e" = 5 ] && [ "$s" = 6 ]'

# ------------------------------------------------------------------ 5. stop: only Raccoon's SAs go, the peer is told
check "A: systemctl stop deletes the SAs Raccoon installed (a manual SA stays) and exits 0" a '
setkey -c <<<"add 10.0.0.1 10.0.0.9 esp 0x1000 -E aes-cbc 0x00112233445566778899aabbccddeeff -A hmac-sha1 0x00112233445566778899aabbccddeeff00112233;" || exit 1
systemctl stop raccoon
systemctl show -p Result -p ExecMainStatus raccoon
[ "$(systemctl show -p ExecMainStatus --value raccoon)" = 0 ] && [ "$(systemctl show -p Result --value raccoon)" = success ] || exit 1
ip xfrm state | grep "^src"
[ "$(ip xfrm state | grep -c "^src")" = 1 ] && ip xfrm state | grep -q "spi 0x00001000"
rc=$?; setkey -c <<<"delete 10.0.0.1 10.0.0.9 esp 0x1000;"; exit $rc'
check "B: told by A's DELETEs, it dropped the SAs with A" b '
for i in $(seq 1 20); do [ "$(ip xfrm state | grep -c "^src")" = 0 ] && break; sleep 1; done
journalctl -u raccoon --no-pager | grep -e "deleted" | tail -3
[ "$(ip xfrm state | grep -c "^src")" = 0 ]'
check "A: systemctl start brings it back and the ping negotiates again" a "$LIB"'
systemctl start raccoon && systemctl is-active raccoon && ping_until 10.0.0.2 60' 120

# ------------------------------------------------------------------ 6. kill -9: Restart=on-failure, INITIAL-CONTACT
# B's journal position now: its first phase 1 with A already carried an INITIAL-CONTACT, so only later lines count.
cursor_b=$(g b 'journalctl -u raccoon -n 0 --show-cursor -q | sed -n "s/^-- cursor: //p"')
check "A: kill -9 of the main process: systemd restarts raccoon (new pid, NRestarts=1, racoon_t again)" a "$LIB"'
pid=$(main_pid); kill -9 "$pid"
for i in $(seq 1 40); do n=$(main_pid); [ "$n" != 0 ] && [ "$n" != "$pid" ] && systemctl is-active -q raccoon && break; sleep 1; done
systemctl show -p MainPID -p NRestarts -p Result raccoon
[ "$(main_pid)" != "$pid" ] && [ "$(systemctl show -p NRestarts --value raccoon)" -ge 1 ] && systemctl is-active raccoon && confined_main_pid' 90
check "A: the restarted daemon starts phase 1 with B (raccoonctl vpn-connect, as the next ACQUIRE would)" a '
raccoonctl vpn-connect 10.0.0.2 && sleep 3 && raccoonctl show-sa isakmp'
check "B: it received INITIAL-CONTACT from A, purged the old SAs, and its ping to A negotiates new ones" b "$LIB"'
journalctl -u raccoon --no-pager --after-cursor="'"$cursor_b"'" | grep "received INITIAL-CONTACT from 10.0.0.1" || exit 1
ping_until 10.0.0.1 60' 120
check "A: traffic to B flows again (the new outbound SA is the newest)" a "$LIB"'
ping_until 10.0.0.2 30'

# ------------------------------------------------------------------ 7. reboot of B: A notices, traffic resumes
cursor=$(g a 'journalctl -u raccoon -n 0 --show-cursor -q | sed -n "s/^-- cursor: //p"')
old_boot=$(cat "$SHARE/b/ready")
g b 'systemd-run --on-active=2 --timer-property=AccuracySec=100ms systemctl reboot' >/dev/null
if rebooted=$(wait_ready b "$old_boot" 600); then
	pass "B rebooted (systemd up again after ${rebooted} s)"
	check "B after its reboot: policies loaded, raccoon active, a ping to A negotiates (A untouched)" b "$LIB"'
systemctl is-active setkey raccoon && confined_main_pid && ping_until 10.0.0.1 90' 150
	check "A: noticed B's reboot (INITIAL-CONTACT purged the old SAs) with nobody touching it" a "
journalctl -u raccoon --no-pager --after-cursor='$cursor' | grep -e 'INITIAL-CONTACT' -e 'established'
journalctl -u raccoon --no-pager --after-cursor='$cursor' | grep -q 'received INITIAL-CONTACT from 10.0.0.2'"
else
	fail "B rebooted (see $OUT/b.console.log)"
fi

# ------------------------------------------------------------------ 8. SELinux: setkey_t, no denials
# setkey.service is a oneshot, so its setkey processes are seen while they run: a restart (setkey -F, -FP, -n,
# -f) at the end, when nothing depends on B's SAs any more. /proc is scanned with shell builtins only (ps takes
# longer under TCG than a setkey run).
check "B: systemctl restart setkey: setkey.service's setkey runs in setkey_t and reloads the labeled policies" b '
: >/root/setkey-seen
# up to three restarts, until a setkey process has been seen
for attempt in 1 2 3; do
	systemctl restart setkey & r=$!
	while kill -0 $r 2>/dev/null; do
		for p in /proc/[0-9]*; do
			# attr/current ends with a NUL, not a newline: read up to it
			{ read -r c <"$p/comm" && [ "$c" = setkey ] && read -r -d "" l <"$p/attr/current" && echo "${p#/proc/} $l" >>/root/setkey-seen; } 2>/dev/null
		done
	done
	wait $r || exit 1
	[ -s /root/setkey-seen ] && break
done
echo "restarts: $attempt"
sort -u -k2 /root/setkey-seen | grep . || { echo "setkey not seen running"; exit 1; }
grep -q ":setkey_t:" /root/setkey-seen && ! grep -v ":setkey_t:" /root/setkey-seen | grep -q . &&
	setkey -DP | grep -c "security context: system_u:object_r:ipsec_spd_t:s0:c0" | grep -qx 3' 120
# The kernel's AVC records (no auditd: the journal has them from the kernel log), every boot of the guest.
for guest in a b; do
	check "$guest: SELinux $SELINUX_MODE all along; no AVC denial for racoon_t or setkey_t in the journal (every boot)" $guest '
# semodule (semanage_t) may not write to the share: its output goes through a pipe, its errors to /dev/null
mode=$(getenforce); module=$(semodule -l 2>/dev/null </dev/null | grep -x raccoon)
echo "SELinux: $mode; Raccoon'"'"'s module: ${module:-not installed}"
# each record once: the kernel log and the audit transport both carry it, with other prefixes
journalctl --no-pager -o cat | grep -E "avc: +denied" | sed "s/.*avc: *denied/denied/; s/ pid=[0-9]*//; s/ ino=[0-9]*//" | sort -u >/root/denials.txt
echo "AVC denials in the journal: $(wc -l </root/denials.txt) distinct, $(grep -c -e racoon_t -e setkey_t /root/denials.txt) for racoon_t or setkey_t"
cat /root/denials.txt
[ "$(echo "$mode" | tr A-Z a-z)" = '"$SELINUX_MODE"' ] && [ -n "$module" ] && ! grep -q -e racoon_t -e setkey_t /root/denials.txt' 120
done

# ------------------------------------------------------------------ 9. figures: hardening score, startup time
g a 'systemd-analyze security --no-pager raccoon.service' >"$OUT/systemd-analyze-security.txt" 2>&1
score=$(grep -o 'Overall exposure level for raccoon.service: .*' "$OUT/systemd-analyze-security.txt")
if [ -n "$score" ]; then pass "systemd-analyze security: $score"; else fail "systemd-analyze security ran"; fi
for guest in a b; do
	g $guest 'journalctl -u raccoon -b -o short-monotonic --no-pager' >"$OUT/$guest.raccoon-journal.txt" 2>&1
	g $guest 'journalctl -b -o short-monotonic --no-pager' >"$OUT/$guest.journal.txt" 2>&1
done
# The daemon's startup at boot: its "starting" line to the PF_KEY registration line (first boot of A).
# short-monotonic lines start with "[   67.968445] ".
startup=$(sed 's/^\[ *\([0-9.]*\)\]/\1/' "$OUT/a.raccoon-journal.txt" | awk '/ starting \(configuration/ && !s { s = $1 } /PF_KEY: registered/ && s && !r { r = $1 } END { if (s && r) printf "%.2f", r - s }')
say "figure: raccoon startup in guest A (journal, 'starting' to 'PF_KEY: registered'): ${startup:-?} s"
