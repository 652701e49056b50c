"""ISAKMP wire format (RFC 2408 §3), written from the RFC for this suite: building with every field overridable,
and a lenient parser for what the daemon sends back."""
import struct
from dataclasses import dataclass, field

# RFC 2408 §3.1 payload types
NONE, SA, P, T, KE, ID, CERT, CR, HASH, SIG, NONCE, N, D, VID = range(14)
# RFC 2408 §3.1 exchange types; RFC 2409 §5.5 Quick Mode
IDENTITY_PROTECTION, INFORMATIONAL, QUICK = 2, 5, 32
# RFC 2408 §3.1 flags
FLAG_E, FLAG_C, FLAG_A = 1, 2, 4
HEADER_LENGTH = 28

# RFC 2408 §3.14.1 notify message types (the ones this suite names)
NOTIFY_NAMES = {
    1: "INVALID-PAYLOAD-TYPE", 2: "DOI-NOT-SUPPORTED", 3: "SITUATION-NOT-SUPPORTED", 4: "INVALID-COOKIE",
    5: "INVALID-MAJOR-VERSION", 6: "INVALID-MINOR-VERSION", 7: "INVALID-EXCHANGE-TYPE", 8: "INVALID-FLAGS",
    9: "INVALID-MESSAGE-ID", 10: "INVALID-PROTOCOL-ID", 11: "INVALID-SPI", 12: "INVALID-TRANSFORM-ID",
    13: "ATTRIBUTES-NOT-SUPPORTED", 14: "NO-PROPOSAL-CHOSEN", 15: "BAD-PROPOSAL-SYNTAX", 16: "PAYLOAD-MALFORMED",
    17: "INVALID-KEY-INFORMATION", 18: "INVALID-ID-INFORMATION", 23: "INVALID-HASH-INFORMATION",
    24: "AUTHENTICATION-FAILED", 30: "UNEQUAL-PAYLOAD-LENGTHS", 24578: "INITIAL-CONTACT",
    24576: "RESPONDER-LIFETIME",
}


@dataclass
class Payload:
    """One payload: its type and body, plus the tampering a test may apply to its generic header."""
    type: int
    body: bytes
    reserved: int = 0            # the generic header's RESERVED octet
    length_delta: int = 0        # added to the true Payload Length
    next_override: int | None = None  # replaces the Next Payload the chain would write


@dataclass
class Header:
    icookie: bytes
    rcookie: bytes = bytes(8)
    next_payload: int | None = None   # None: the first payload's type
    version: int = 0x10
    exchange: int = IDENTITY_PROTECTION
    flags: int = 0
    message_id: int = 0
    length_delta: int = 0             # added to the true Length


def chain(payloads: list[Payload]) -> bytes:
    """The payloads with their generic headers (RFC 2408 §3.2)."""
    out = b""
    for index, p in enumerate(payloads):
        nxt = payloads[index + 1].type if index + 1 < len(payloads) else NONE
        if p.next_override is not None:
            nxt = p.next_override
        out += struct.pack("!BBH", nxt, p.reserved, (4 + len(p.body) + p.length_delta) & 0xFFFF) + p.body
    return out


def header_bytes(h: Header, first: int, body_length: int) -> bytes:
    nxt = first if h.next_payload is None else h.next_payload
    return (h.icookie + h.rcookie + struct.pack("!BBBBII", nxt, h.version, h.exchange, h.flags, h.message_id,
                                                (HEADER_LENGTH + body_length + h.length_delta) & 0xFFFFFFFF))


def message(h: Header, payloads: list[Payload]) -> bytes:
    body = chain(payloads)
    return header_bytes(h, payloads[0].type if payloads else NONE, len(body)) + body


@dataclass
class Parsed:
    icookie: bytes
    rcookie: bytes
    next_payload: int
    exchange: int
    flags: int
    message_id: int
    body: bytes                      # after the header (ciphertext if E)
    payloads: list[tuple[int, bytes]] = field(default_factory=list)  # (type, body) once parsed

    def find(self, kind: int) -> list[bytes]:
        return [b for t, b in self.payloads if t == kind]


def parse_header(datagram: bytes) -> Parsed | None:
    if len(datagram) < HEADER_LENGTH:
        return None
    nxt, _, exchange, flags, mid, length = struct.unpack("!BBBBII", datagram[16:28])
    return Parsed(datagram[:8], datagram[8:16], nxt, exchange, flags, mid, datagram[28:length])


def parse_chain(first: int, body: bytes) -> list[tuple[int, bytes]]:
    """The (type, body) list of a chain; stops at NONE or at a malformed generic header (padding follows)."""
    out, offset, kind = [], 0, first
    while kind != NONE and offset + 4 <= len(body):
        nxt, _, length = struct.unpack("!BBH", body[offset:offset + 4])
        if length < 4 or offset + length > len(body):
            break
        out.append((kind, body[offset + 4:offset + length]))
        offset += length
        kind = nxt
    return out


def notify_type(body: bytes) -> int:
    """The Notify Message Type of a Notification payload body (RFC 2408 §3.14)."""
    return struct.unpack("!H", body[6:8])[0] if len(body) >= 8 else -1


# RFC 2408 §3.3 data attributes: TV when the AF bit is set
def tv(kind: int, value: int) -> bytes:
    return struct.pack("!HH", 0x8000 | kind, value)


def transform(number: int, transform_id: int, attributes: bytes, next_payload: int = NONE, reserved: int = 0,
              reserved2: int = 0) -> bytes:
    """RFC 2408 §3.6 Transform payload, generic header included."""
    return struct.pack("!BBHBBH", next_payload, reserved, 8 + len(attributes), number, transform_id,
                       reserved2) + attributes


def proposal(number: int, protocol: int, spi: bytes, transforms: list[bytes], count: int | None = None,
             next_payload: int = NONE, reserved: int = 0) -> bytes:
    """RFC 2408 §3.5 Proposal payload, generic header included."""
    inner = b"".join(transforms)
    n = len(transforms) if count is None else count
    return struct.pack("!BBHBBBB", next_payload, reserved, 8 + len(spi) + len(inner), number, protocol, len(spi),
                       n) + spi + inner


def sa_body(proposals: list[bytes], doi: int = 1, situation: int = 1) -> bytes:
    """RFC 2408 §3.4 SA payload body (IPsec DOI, SIT_IDENTITY_ONLY)."""
    return struct.pack("!II", doi, situation) + b"".join(proposals)
