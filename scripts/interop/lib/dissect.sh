# dissect.sh - tshark's verdict on every ISAKMP packet one side sent.
#
# io_dissect PCAP SIDE_IP OUTDIR
#   OUTDIR/windows.tsv (optional) maps capture times to cases ("start|end NAME ROLE EPOCH"); each case
#   directory OUTDIR/cases/NAME-ROLE/peer/charon.log (charon at log level 4) gives the phase-1
#   encryption keys ("encryption key Ka"), which are paired with the initiator cookies seen in that
#   case's time window, so that tshark decrypts Main Mode 5/6, Quick Mode and Informational messages
#   (Wireshark's `ikev1_decryption_table`, in a private configuration directory). Cases with a file
#   `no-decrypt` are left encrypted (wrong PSK: the two sides hold different keys).
#   When the side wrote its own tables (Raccoon's -K: cases/*/side/ikev1_decryption_table and esp_sa),
#   those are used instead, for every case, and ESP is decrypted too: OUTDIR/tshark-esp.txt counts the
#   ESP packets and those whose decrypted payload tshark dissects as ICMP (IO_ESP_DECRYPTED holds the
#   count afterwards).
#   Writes OUTDIR/tshark-side.V.txt (full dissection of the side's ISAKMP packets),
#   OUTDIR/tshark-problems.txt (malformed packets and expert infos of severity warning or error, with
#   the case each came from) and OUTDIR/tshark-summary.txt. Returns 1 if there is any problem, or
#   if tshark found no ISAKMP packet from SIDE_IP.
io_dissect() {
	local pcap=$1 side=$2 out=$3 cfg
	cfg=$(mktemp -d)
	tshark -n -r "$pcap" -Y isakmp -T fields -e frame.time_epoch -e isakmp.ispi -E occurrence=f \
		>"$out/tshark-cookies.txt" 2>"$out/tshark.stderr"
	IO_ESP_DECRYPTED=""
	if compgen -G "$out/cases/*/side/ikev1_decryption_table" >/dev/null; then
		cat "$out"/cases/*/side/ikev1_decryption_table >"$cfg/ikev1_decryption_table"
		cat "$out"/cases/*/side/esp_sa >"$cfg/esp_sa" 2>/dev/null
		echo "$(wc -l <"$cfg/ikev1_decryption_table") IKE SAs and $(wc -l <"$cfg/esp_sa") ESP SAs from the side's own key log (-K)" \
			>"$out/tshark-keys.txt"
		local esp_all esp_icmp
		esp_all=$(tshark -n -r "$pcap" -Y esp 2>>"$out/tshark.stderr" | wc -l)
		esp_icmp=$(WIRESHARK_CONFIG_DIR=$cfg tshark -n -r "$pcap" -o esp.enable_encryption_decode:TRUE \
			-Y "esp && icmp" 2>>"$out/tshark.stderr" | wc -l)
		echo "ESP: $esp_all packets, $esp_icmp decrypted to ICMP with the side's esp_sa" >"$out/tshark-esp.txt"
		IO_ESP_DECRYPTED=$esp_icmp
	else
	"${VM_PYTHON:-/usr/bin/python3}" - "$out" "$cfg/ikev1_decryption_table" <<'PY'
import glob, os, re, sys
out, table = sys.argv[1], sys.argv[2]
windows = {}
try:
    for line in open(os.path.join(out, "windows.tsv")):
        kind, name, role, t = line.split("\t")
        windows.setdefault(name + "-" + role, {})[kind] = float(t)
except FileNotFoundError:
    pass
cookies = []  # (time, cookie) in capture order
for line in open(os.path.join(out, "tshark-cookies.txt")):
    parts = line.split()
    if len(parts) == 2:
        cookies.append((float(parts[0]), parts[1].replace(":", "")))

def keys_in(log):
    lines = open(log, errors="replace").read().splitlines()
    keys = []
    for i, l in enumerate(lines):
        if "encryption key Ka =>" in l:
            hexs = []
            for m in lines[i + 1:i + 6]:
                mm = re.search(r"\s+\d+: ((?:[0-9A-F]{2} ){1,16})", m + " ")
                if not mm:
                    break
                hexs.append(mm.group(1).replace(" ", ""))
            keys.append("".join(hexs).lower())
    return keys

rows, notes = [], []
for case, w in sorted(windows.items()):
    if "start" not in w or "end" not in w:
        continue
    d = os.path.join(out, "cases", case)
    if os.path.exists(os.path.join(d, "no-decrypt")):
        notes.append("%s: not decrypted (the sides hold different keys)" % case)
        continue
    seen = []
    for t, c in cookies:
        if w["start"] <= t <= w["end"] and c not in seen and c != "0" * 16:
            seen.append(c)
    log = os.path.join(d, "peer", "charon.log")
    keys = keys_in(log) if os.path.exists(log) else []
    if seen and len(seen) == len(keys):
        rows += list(zip(seen, keys))
    elif seen:
        notes.append("%s: %d cookies, %d keys: not decrypted" % (case, len(seen), len(keys)))
with open(table, "w") as f:
    for c, k in rows:
        f.write('%s,%s\n' % (c, k))  # UAT byte fields are bare hex
with open(os.path.join(out, "tshark-keys.txt"), "w") as f:
    f.write("%d IKE SAs with keys for decryption\n" % len(rows))
    for n in notes:
        f.write(n + "\n")
PY
	fi
	WIRESHARK_CONFIG_DIR=$cfg tshark -n -r "$pcap" -V -Y "ip.src == $side && isakmp" \
		>"$out/tshark-side.V.txt" 2>>"$out/tshark.stderr"
	# retransmissions (the same bytes again): Wireshark decrypts a resent encrypted message with the IV that
	# follows the first copy, so its first block is garbage; such frames are listed, not counted as problems
	tshark -n -r "$pcap" -Y "ip.src == $side && isakmp" -T fields -e frame.number -e udp.payload \
		2>>"$out/tshark.stderr" | awk 'seen[$2]++ { print $1 }' >"$out/tshark-retransmissions.txt"
	rm -rf "$cfg"
	"${VM_PYTHON:-/usr/bin/python3}" - "$out" <<'PY'
import os, re, sys
out = sys.argv[1]
windows = []
try:
    starts = {}
    for line in open(os.path.join(out, "windows.tsv")):
        kind, name, role, t = line.rstrip("\n").split("\t")
        key = name + "/" + role
        if kind == "start":
            starts[key] = float(t)
        elif key in starts:
            windows.append((starts[key], float(t), key))
except FileNotFoundError:
    pass
def case_of(t):
    for a, b, k in windows:
        if a <= t <= b:
            return k
    return "-"
text = open(os.path.join(out, "tshark-side.V.txt"), errors="replace").read()
frames = re.split(r"(?m)^(?=Frame \d+:)", text)
frames = [f for f in frames if f.startswith("Frame ")]
try:
    resent = set(open(os.path.join(out, "tshark-retransmissions.txt")).read().split())
except FileNotFoundError:
    resent = set()
problems, infos, encrypted, decrypted = [], [], 0, 0
for f in frames:
    num = re.match(r"Frame (\d+)", f).group(1)
    if num in resent and re.search(r"1 = Encryption: Encrypted", f):
        infos.append("frame %s: a retransmitted encrypted message (Wireshark uses the next IV); not checked" % num)
        continue
    m = re.search(r"Epoch Time: ([0-9.]+)", f)
    case = case_of(float(m.group(1))) if m else "-"
    exch = re.search(r"Exchange type: ([^\n]+)", f)
    where = "frame %s (%s, %s)" % (num, case, exch.group(1).strip() if exch else "?")
    if re.search(r"1 = Encryption: Encrypted", f):
        encrypted += 1
        if re.search(r"Encrypted Data \(\d+ bytes\)\n\s+Payload: ", f):
            decrypted += 1
    if "Malformed Packet" in f:
        problems.append(where + ": Malformed Packet")
    for e in re.findall(r"\[Expert Info \((\w+)/(\w+)\): ([^\]\n]*)\]", f):
        line = "%s: expert %s/%s: %s" % (where, e[0], e[1], e[2])
        (problems if e[0] in ("Warning", "Warn", "Error") or e[1] == "Malformed" else infos).append(line)
with open(os.path.join(out, "tshark-problems.txt"), "w") as fp:
    fp.write("\n".join(problems) + ("\n" if problems else ""))
summary = "%d ISAKMP packets from the side; %d encrypted, %d of them decrypted; %d problems; %d notes/chats" % (
    len(frames), encrypted, decrypted, len(problems), len(infos))
with open(os.path.join(out, "tshark-summary.txt"), "w") as fp:
    fp.write(summary + "\n")
    fp.write("".join(l + "\n" for l in infos))
print("tshark: " + summary)
for p in problems[:40]:
    print("tshark: PROBLEM " + p)
for i in infos[:10]:
    print("tshark: note " + i)
sys.exit(1 if problems or not frames else 0)
PY
}
