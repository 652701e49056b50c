#!/usr/bin/env python3
"""Extracts a real IKEv1 exchange between two strongSwan charons into a JSON fixture for IKECryptoTests.

Input: a directory written by the lab's capture-exchange.sh with `--loglevel 4` (exchange.pcap, initiator.log,
responder.log). At that level charon logs its key schedule (shared secret, SKEYID*, Ka, initial IV, HASH_I/R,
Hash(1)/(2), the informational Hash, PFS DH secret, ESP keys) and, for every encrypted message it receives,
the ciphertext and the decrypted plaintext. The wire bytes come from the pcap (via tshark).

    python3 extract_charon_capture.py CAPTURE_DIR NAME PSK > charon-NAME.json

The fixture holds only what the tests need; the logs and the pcap are not copied.
"""
import json
import re
import subprocess
import sys

DUMP_LINE = re.compile(r"^\S+ \d+\[\w+\] (?:<[^>]*> )?\s*\d+: ((?:[0-9A-F]{2} )+)")
HEADER = re.compile(r"^\S+ \d+\[(\w+)\] (?:<[^>]*> )?(.*?) => (\d+) bytes @")


def dumps(path):
    """Every labelled hex dump in a charon log, in order: (subsystem, label, bytes)."""
    lines = open(path, errors="replace").read().splitlines()
    out = []
    i = 0
    while i < len(lines):
        m = HEADER.match(lines[i])
        if not m:
            i += 1
            continue
        want = int(m.group(3))
        data = b""
        j = i + 1
        while len(data) < want and j < len(lines):
            d = DUMP_LINE.match(lines[j] + " ")
            if not d:
                break
            data += bytes.fromhex(d.group(1).replace(" ", ""))
            j += 1
        if len(data) == want:
            out.append((m.group(1), m.group(2).strip(), data))
        i = j if j > i + 1 else i + 1
    return out


def first(entries, label):
    for _, l, data in entries:
        if l == label:
            return data
    raise KeyError(label)


def payloads(first_type, body):
    """(type, payload body) along a generic-header payload chain."""
    out = []
    t = first_type
    off = 0
    while t != 0:
        nxt, _, length = body[off], body[off + 1], int.from_bytes(body[off + 2:off + 4], "big")
        out.append((t, body[off + 4:off + length]))
        t = nxt
        off += length
    return out, off


def main():
    directory, name, psk = sys.argv[1:4]
    fields = subprocess.run(
        ["tshark", "-r", f"{directory}/exchange.pcap", "-T", "fields", "-e", "ip.src", "-e", "udp.payload"],
        check=True, capture_output=True, text=True).stdout.split("\n")
    messages = []
    for line in fields:
        if not line.strip():
            continue
        src, payload = line.split("\t")
        raw = bytes.fromhex(payload.replace(":", ""))
        messages.append({"from_initiator": src == "10.99.0.1", "bytes": raw})

    init = dumps(f"{directory}/initiator.log")
    resp = dumps(f"{directory}/responder.log")
    # Plaintexts of received encrypted messages: "encrypted => …" followed by "plain => …" (ENC subsystem).
    received = {}
    for entries in (init, resp):
        for k in range(len(entries) - 1):
            (s1, l1, d1), (s2, l2, d2) = entries[k], entries[k + 1]
            if s1 == "ENC" and l1 == "encrypted" and l2 == "plain" and len(d1) == len(d2):
                received[d1] = d2

    mm1, mm3, mm4 = messages[0]["bytes"], messages[2]["bytes"], messages[3]["bytes"]
    chain1, _ = payloads(mm1[16], mm1[28:])
    chain3, _ = payloads(mm3[16], mm3[28:])
    chain4, _ = payloads(mm4[16], mm4[28:])
    fixture = {
        "name": name,
        "source": "strongSwan 5.9.8 charon <-> charon, lab capture-exchange.sh --loglevel 4 (kernel netlink)",
        "psk": psk.encode().hex(),
        "cky_i": mm1[0:8].hex(),
        "cky_r": messages[1]["bytes"][8:16].hex(),
        "sai_b": next(b for t, b in chain1 if t == 1).hex(),
        "gxi": next(b for t, b in chain3 if t == 4).hex(),
        "ni": next(b for t, b in chain3 if t == 10).hex(),
        "gxr": next(b for t, b in chain4 if t == 4).hex(),
        "nr": next(b for t, b in chain4 if t == 10).hex(),
        "logged": {
            "gxy": first(init, "shared Diffie Hellman secret").hex(),
            "skeyid": first(init, "SKEYID").hex(),
            "skeyid_d": first(init, "SKEYID_d").hex(),
            "skeyid_a": first(init, "SKEYID_a").hex(),
            "skeyid_e": first(init, "SKEYID_e").hex(),
            "ka": first(init, "encryption key Ka").hex(),
            "initial_iv": first(init, "initial IV").hex(),
            "hash_i": first(init, "HASH_I").hex(),
            "hash_r": first(init, "HASH_R").hex(),
            "qm_hash1": first(init, "Hash(1)").hex(),
            "qm_hash2": first(init, "Hash(2)").hex(),
            "info_hash": first(init, "Hash").hex(),
            "pfs_gxy": first(init, "DH secret").hex(),
            "esp_enc_initiator": first(init, "encryption initiator key").hex(),
            "esp_enc_responder": first(init, "encryption responder key").hex(),
            "esp_integ_initiator": first(init, "integrity initiator key").hex(),
            "esp_integ_responder": first(init, "integrity responder key").hex(),
        },
        "messages": [],
    }
    for m in messages:
        raw = m["bytes"]
        entry = {"from_initiator": m["from_initiator"], "bytes": raw.hex()}
        if raw[19] & 1:  # encrypted
            body = raw[28:int.from_bytes(raw[24:28], "big")]
            if body not in received:
                raise SystemExit(f"no logged plaintext for an encrypted message of {len(body)} bytes")
            entry["logged_plaintext"] = received[body].hex()
        fixture["messages"].append(entry)
    json.dump(fixture, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
