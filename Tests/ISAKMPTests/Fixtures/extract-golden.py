#!/usr/bin/env python3
"""Regenerate the golden ISAKMP fixtures from the lab's strongSwan captures.

Usage: extract-golden.py CAPTURES_DIR [FIXTURES_DIR] [CORPUS_DIR]

For every CAPTURES_DIR/<capture>/exchange.pcap, each UDP datagram on port 500 or 4500 is written as
FIXTURES_DIR/golden/<capture>-<NN>-<label>.hex (one line of lowercase hex) and, if CORPUS_DIR is
given, as a binary seed file for the ISAKMP fuzzer. On port 4500 the 4-byte non-ESP marker
(RFC 3948 §2.2) is stripped, so every file holds exactly one ISAKMP message. Labels name the message
inside its exchange: MM1..MM6, AM1..AM3, QM1..QM3 (per message ID) and INFO.
Needs tshark (the captures are pcapng).
"""
import os
import subprocess
import sys

captures = sys.argv[1]
fixtures = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
corpus = sys.argv[3] if len(sys.argv) > 3 else None
out = os.path.join(fixtures, "golden")
os.makedirs(out, exist_ok=True)
names = {2: "MM", 4: "AM", 32: "QM", 5: "INFO"}

for capture in sorted(os.listdir(captures)):
    pcap = os.path.join(captures, capture, "exchange.pcap")
    if not os.path.isfile(pcap):
        continue
    rows = subprocess.run(
        ["tshark", "-r", pcap, "-Y", "udp.port == 500 || udp.port == 4500", "-T", "fields",
         "-e", "udp.srcport", "-e", "udp.dstport", "-e", "udp.payload"],
        check=True, capture_output=True, text=True).stdout.splitlines()
    counters = {}
    for index, row in enumerate(rows, start=1):
        sport, dport, payload = row.split("\t")
        data = bytes.fromhex(payload)
        if "4500" in (sport, dport):
            if data[:4] != b"\0\0\0\0":
                continue  # an ESP packet, not IKE
            data = data[4:]
        exchange = data[18]
        msgid = data[20:24]
        prefix = names.get(exchange, "X%d" % exchange)
        if prefix == "INFO":
            label = "INFO"
        else:
            key = (prefix, msgid)
            counters[key] = counters.get(key, 0) + 1
            label = "%s%d" % (prefix, counters[key])
        if data[19] & 1:
            label += "-encrypted"
        name = "%s-%02d-%s" % (capture, index, label)
        with open(os.path.join(out, name + ".hex"), "w") as f:
            f.write(data.hex() + "\n")
        if corpus:
            os.makedirs(corpus, exist_ok=True)
            with open(os.path.join(corpus, "golden-" + name), "wb") as f:
                f.write(data)
