"""An IKEv1 initiator (RFC 2409 Main Mode with pre-shared keys, then Quick Mode without PFS) whose every message
can be tampered with before it is sent. Each step builds bytes (``mmN``/``qmN``) and a separate call sends them and
waits for the answer, so a test can send a tampered message, watch what comes back, then send the correct one."""
import os
import select
import socket
import struct
import time

from . import wire
from .crypto import BLOCK, DH, Phase1Keys, aes_cbc, pad, prf
from .wire import Header, Payload

# RFC 2409 Appendix A: AES-CBC 128, SHA, pre-shared key, MODP-1024, 8 hours
PHASE1_ATTRIBUTES = [(1, 7), (14, 128), (2, 2), (3, 1), (4, 2), (11, 1), (12, 28800)]
# RFC 2407 §4.5: SA life 1 hour, transport mode, HMAC-SHA, key length 128; transform ESP_AES (12)
PHASE2_ATTRIBUTES = [(1, 1), (2, 3600), (4, 2), (5, 2), (6, 128)]


def attributes(pairs) -> bytes:
    return b"".join(wire.tv(k, v) for k, v in pairs)


def phase1_sa(attrs=None, transform_id: int = 1, protocol: int = 1, spi: bytes = b"", doi: int = 1,
              situation: int = 1, count: int | None = None, proposal_number: int = 1, transform_number: int = 1,
              transform_next: int = wire.NONE, extra_transforms: list[bytes] | None = None,
              transform_reserved: int = 0, transform_reserved2: int = 0, proposal_reserved: int = 0) -> bytes:
    t = wire.transform(transform_number, transform_id, attributes(PHASE1_ATTRIBUTES if attrs is None else attrs),
                       next_payload=transform_next, reserved=transform_reserved, reserved2=transform_reserved2)
    return wire.sa_body([wire.proposal(proposal_number, protocol, spi, [t] + (extra_transforms or []), count=count,
                                      reserved=proposal_reserved)],
                        doi=doi, situation=situation)


class Peer:
    """A UDP socket on SOURCE:500 talking to the daemon at TARGET:500; remembers everything it received."""

    def __init__(self, source: str, target: str, port: int = 500) -> None:
        self.target = (target, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((source, port))

    def close(self) -> None:
        self.sock.close()

    def send(self, datagram: bytes) -> None:
        self.sock.sendto(datagram, self.target)

    def receive(self, timeout: float, until=None) -> list[bytes]:
        """Datagrams received within `timeout` s; returns early once `until(datagram)` is true for one."""
        got, deadline = [], time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return got
            ready, _, _ = select.select([self.sock], [], [], left)
            if not ready:
                return got
            data, _ = self.sock.recvfrom(65535)
            got.append(data)
            if until is not None and until(data):
                return got


class Exchange:
    """One Main Mode (and its Quick Modes) from a Peer, with cookie `icookie`."""

    def __init__(self, peer: Peer, psk: bytes, source: str) -> None:
        self.peer, self.psk, self.source = peer, psk, source
        self.icookie = os.urandom(8)
        self.rcookie = bytes(8)
        self.dh = DH()
        self.ni = os.urandom(16)
        self.sa_i = b""
        self.keys: Phase1Keys | None = None
        self.mm5_iv = b""
        self.last = b""          # the last datagram received for this exchange

    # ---------------------------------------------------------------- receiving

    def ours(self, datagram: bytes) -> bool:
        return datagram[:8] == self.icookie

    def wait(self, exchange: int, timeout: float = 3.0, message_id: int | None = None) -> wire.Parsed | None:
        """The next message of `exchange` for our cookies (and message ID), or None; notifies are collected."""
        def match(d):
            h = wire.parse_header(d)
            return (h is not None and self.ours(d) and h.exchange == exchange
                    and (message_id is None or h.message_id == message_id))
        for d in self.peer.receive(timeout, match):
            if match(d):
                self.last = d
                return wire.parse_header(d)
        return None

    def observe(self, timeout: float = 0.4) -> list[wire.Parsed]:
        """Everything the daemon sent us within `timeout` (notifies decrypted when we hold the keys)."""
        out = []
        for d in self.peer.receive(timeout):
            h = wire.parse_header(d)
            if h is None or not self.ours(d):
                continue
            if h.flags & wire.FLAG_E and self.keys is not None and h.exchange == wire.INFORMATIONAL:
                h.payloads = wire.parse_chain(h.next_payload, self.decrypt(h.body, self.keys.phase2_iv(h.message_id)))
            elif not h.flags & wire.FLAG_E:
                h.payloads = wire.parse_chain(h.next_payload, h.body)
            out.append(h)
        return out

    def header(self, exchange: int = wire.IDENTITY_PROTECTION, **fields) -> Header:
        return Header(self.icookie, self.rcookie, exchange=exchange, **fields)

    # ---------------------------------------------------------------- Main Mode

    def mm1(self, sa: bytes | None = None, extra: list[Payload] | None = None, header: dict | None = None,
            sa_payload: dict | None = None) -> bytes:
        self.sa_i = phase1_sa() if sa is None else sa
        return wire.message(self.header(**(header or {})),
                            [Payload(wire.SA, self.sa_i, **(sa_payload or {}))] + (extra or []))

    def take_mm2(self, m: wire.Parsed) -> bool:
        m.payloads = wire.parse_chain(m.next_payload, m.body)
        if not m.find(wire.SA):
            return False
        self.rcookie = m.rcookie
        self.mm2_sa = m.find(wire.SA)[0]
        return True

    def mm3(self, ke: bytes | None = None, nonce: bytes | None = None, extra: list[Payload] | None = None,
            header: dict | None = None, drop: tuple = ()) -> bytes:
        payloads = [Payload(wire.KE, self.dh.public if ke is None else ke),
                    Payload(wire.NONCE, self.ni if nonce is None else nonce)] + (extra or [])
        return wire.message(self.header(**(header or {})), [p for p in payloads if p.type not in drop])

    def take_mm4(self, m: wire.Parsed) -> bool:
        m.payloads = wire.parse_chain(m.next_payload, m.body)
        ke, nonce = m.find(wire.KE), m.find(wire.NONCE)
        if len(ke) != 1 or len(nonce) != 1:
            return False
        self.gxr, self.nr = ke[0], nonce[0]
        gxy = self.dh.shared(self.gxr)
        self.keys = Phase1Keys(self.psk, self.ni, self.nr, gxy, self.dh.public, self.gxr, self.icookie, self.rcookie)
        return True

    def id_body(self) -> bytes:
        """ID_IPV4_ADDR (RFC 2407 §4.6.2.1), protocol 0, port 0."""
        return struct.pack("!BBH", 1, 0, 0) + socket.inet_aton(self.source)

    def hash_i(self, keys: Phase1Keys, id_body: bytes) -> bytes:
        return prf(keys.skeyid, self.dh.public + self.gxr + self.icookie + self.rcookie + self.sa_i + id_body)

    def mm5(self, psk: bytes | None = None, corrupt_hash: bool = False, extra: list[Payload] | None = None,
            header: dict | None = None, encrypt: bool = True, truncate: int = 0) -> bytes:
        keys = self.keys
        if psk is not None:   # the same exchange keyed with another secret
            keys = Phase1Keys(psk, self.ni, self.nr, self.dh.shared(self.gxr), self.dh.public, self.gxr,
                              self.icookie, self.rcookie)
        idb = self.id_body()
        digest = bytearray(self.hash_i(keys, idb))
        if corrupt_hash:
            digest[0] ^= 0x01
        payloads = [Payload(wire.ID, idb), Payload(wire.HASH, bytes(digest))] + (extra or [])
        plaintext = wire.chain(payloads)
        fields = dict(header or {})
        if not encrypt:
            return wire.message(self.header(**fields), payloads)
        ciphertext = aes_cbc(keys.key, keys.iv, pad(plaintext), True)
        if truncate:
            ciphertext = ciphertext[:-truncate]
        fields.setdefault("flags", wire.FLAG_E)
        h = self.header(**fields)
        return wire.header_bytes(h, wire.ID, len(ciphertext)) + ciphertext

    def take_mm6(self, m: wire.Parsed, mm5: bytes) -> bool:
        """Verifies HASH_R; the phase-1 IV becomes the last block of MM6 (RFC 2409 Appendix B)."""
        iv = mm5[-BLOCK:]
        plain = self.decrypt(m.body, iv)
        m.payloads = wire.parse_chain(m.next_payload, plain)
        ids, hashes = m.find(wire.ID), m.find(wire.HASH)
        if len(ids) != 1 or len(hashes) != 1:
            return False
        expected = prf(self.keys.skeyid, self.gxr + self.dh.public + self.rcookie + self.icookie + self.sa_i + ids[0])
        if hashes[0] != expected:
            return False
        self.keys.iv = m.body[-BLOCK:]
        return True

    def decrypt(self, body: bytes, iv: bytes) -> bytes:
        if len(body) == 0 or len(body) % BLOCK:
            return b""
        return aes_cbc(self.keys.key, iv, body, False)

    def request(self, datagram: bytes, exchange: int, timeout: float, sends: int, message_id=None):
        """Sends `datagram` up to `sends` times, `timeout` s apart, until an answer of `exchange` arrives."""
        for _ in range(sends):
            self.peer.send(datagram)
            m = self.wait(exchange, timeout, message_id=message_id)
            if m is not None:
                return m
        return None

    def main_mode(self, timeout: float = 3.0, sends: int = 1) -> str | None:
        """A whole correct Main Mode, each message sent up to `sends` times; None on success, else what failed."""
        m = self.request(self.mm1(), wire.IDENTITY_PROTECTION, timeout, sends)
        if m is None or not self.take_mm2(m):
            return "no MM2"
        return self.main_mode_from_mm3(timeout, sends)

    def main_mode_from_mm3(self, timeout: float = 3.0, sends: int = 1) -> str | None:
        """The rest of a Main Mode once MM2 is taken."""
        m = self.request(self.mm3(), wire.IDENTITY_PROTECTION, timeout, sends)
        if m is None or not self.take_mm4(m):
            return "no MM4"
        mm5 = self.mm5()
        m = self.request(mm5, wire.IDENTITY_PROTECTION, timeout, sends)
        if m is None or not self.take_mm6(m, mm5):
            return "no valid MM6"
        return None

    # ---------------------------------------------------------------- Quick Mode and Informational

    def encrypt_phase2(self, message_id: int, iv: bytes, payloads: list[Payload], exchange: int,
                       hash_input_prefix: bytes = b"", corrupt_hash: bool = False, truncate: int = 0,
                       hash_covers: int | None = None) -> tuple[bytes, bytes]:
        """HDR*, HASH, payloads...; HASH = prf(SKEYID_a, [prefix |] M-ID | payloads[:hash_covers]). Returns the
        datagram and its last ciphertext block."""
        covered = wire.chain(payloads if hash_covers is None else payloads[:hash_covers])
        if hash_covers is not None:   # RFC 2409 §5.7: only the payload(s) that follow, with their own chain fields
            covered = wire.chain(payloads)[:len(covered)]
        digest = bytearray(prf(self.keys.a, hash_input_prefix + message_id.to_bytes(4, "big") + covered))
        if corrupt_hash:
            digest[-1] ^= 0x80
        plaintext = wire.chain([Payload(wire.HASH, bytes(digest))] + payloads)
        ciphertext = aes_cbc(self.keys.key, iv, pad(plaintext), True)
        if truncate:
            ciphertext = ciphertext[:-truncate]
        h = self.header(exchange, flags=wire.FLAG_E, message_id=message_id)
        return wire.header_bytes(h, wire.HASH, len(ciphertext)) + ciphertext, ciphertext[-BLOCK:]

    def qm_sa(self, spi: bytes, attrs=None, transform_id: int = 12, protocol: int = 3) -> bytes:
        t = wire.transform(1, transform_id, attributes(PHASE2_ATTRIBUTES if attrs is None else attrs))
        return wire.sa_body([wire.proposal(1, protocol, spi, [t])])

    def qm1(self, message_id: int, spi: bytes, **tamper) -> tuple[bytes, bytes]:
        self.qm_ni = os.urandom(16)
        self.qm_spi = spi
        sa = tamper.pop("sa", None) or self.qm_sa(spi)
        payloads = tamper.pop("payloads", None) or [Payload(wire.SA, sa), Payload(wire.NONCE, self.qm_ni)]
        return self.encrypt_phase2(message_id, self.keys.phase2_iv(message_id), payloads, wire.QUICK, **tamper)

    def take_qm2(self, m: wire.Parsed, iv: bytes) -> bool:
        """Verifies HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr ...) (RFC 2409 §5.5)."""
        plain = self.decrypt(m.body, iv)
        m.payloads = wire.parse_chain(m.next_payload, plain)
        if not m.payloads or m.payloads[0][0] != wire.HASH:
            return False
        hash_end = 4 + len(m.payloads[0][1])
        rest_end = hash_end + sum(4 + len(b) for _, b in m.payloads[1:])
        expected = prf(self.keys.a, m.message_id.to_bytes(4, "big") + self.qm_ni + plain[hash_end:rest_end])
        nonces = m.find(wire.NONCE)
        if m.payloads[0][1] != expected or len(nonces) != 1:
            return False
        self.qm_nr = nonces[0]
        self.qm_iv = m.body[-BLOCK:]
        return True

    def qm3(self, message_id: int, corrupt_hash: bool = False) -> bytes:
        """HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)."""
        digest = bytearray(prf(self.keys.a, b"\x00" + message_id.to_bytes(4, "big") + self.qm_ni + self.qm_nr))
        if corrupt_hash:
            digest[0] ^= 0x01
        plaintext = wire.chain([Payload(wire.HASH, bytes(digest))])
        ciphertext = aes_cbc(self.keys.key, self.qm_iv, pad(plaintext), True)
        h = self.header(wire.QUICK, flags=wire.FLAG_E, message_id=message_id)
        return wire.header_bytes(h, wire.HASH, len(ciphertext)) + ciphertext

    def quick_mode(self, spi: bytes, timeout: float = 3.0, sends: int = 1) -> str | None:
        mid = struct.unpack("!I", os.urandom(4))[0] | 1
        qm1, iv = self.qm1(mid, spi)
        m = self.request(qm1, wire.QUICK, timeout, sends, message_id=mid)
        if m is None or not self.take_qm2(m, iv):
            return "no valid QM2"
        self.peer.send(self.qm3(mid))
        return None

    def informational(self, payload: Payload, corrupt_hash: bool = False) -> bytes:
        """HDR*, HASH(1), N/D with HASH(1) = prf(SKEYID_a, M-ID | N/D) (RFC 2409 §5.7)."""
        mid = struct.unpack("!I", os.urandom(4))[0] | 1
        datagram, _ = self.encrypt_phase2(mid, self.keys.phase2_iv(mid), [payload], wire.INFORMATIONAL,
                                          corrupt_hash=corrupt_hash)
        return datagram
