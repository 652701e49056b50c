"""The conformance cases. Each negative case sends one tampered message and checks that the daemon neither answers
it as if it were valid nor sends a notify other than the ones the RFC names for it (silence is always allowed:
RFC 2408 §5 makes every notify a MAY, and racoon is silent in phase 1); then a positive control shows that the
same peer still negotiates, so a harness that sends nothing, or garbage, cannot pass. The clause each case proves
is in docs/conformance.md."""
import os
import socket
import struct
import time
from dataclasses import dataclass
from typing import Callable

from . import wire
from .crypto import MODP1024
from .initiator import PHASE1_ATTRIBUTES, Exchange, attributes, phase1_sa
from .wire import Payload

SILENCE = 0.4   # seconds a refused message is given to draw an answer
INITIAL_CONTACT = 24578


class Failure(Exception):
    pass


@dataclass
class Case:
    id: str
    run: Callable


ALL: list[Case] = []


def case(identifier: str):
    def register(function):
        ALL.append(Case(identifier, function))
        return function
    return register


def names(types) -> str:
    return ", ".join(wire.NOTIFY_NAMES.get(t, str(t)) for t in types)


def refused(x: Exchange, datagram: bytes, allowed=(), exchange: int = wire.IDENTITY_PROTECTION,
            message_id: int | None = None) -> str:
    """Sends `datagram`; the daemon must not answer with a message of `exchange` (and `message_id`), and any
    notify must be one of `allowed`. Returns what it did."""
    x.peer.send(datagram)
    # INITIAL-CONTACT (RFC 2407 §4.6.3.3) follows every new ISAKMP SA on its own: a status, not an answer
    seen = [m for m in x.observe(SILENCE) if not initial_contact(m)]
    answers = [m for m in seen if m.exchange == exchange and (message_id is None or m.message_id == message_id)]
    if answers:
        raise Failure(f"answered the tampered message (exchange {answers[0].exchange}, "
                      f"payloads {[t for t, _ in answers[0].payloads]})")
    notifies = [wire.notify_type(b) for m in seen for b in m.find(wire.N)]
    unexpected = [n for n in notifies if n not in allowed]
    if unexpected:
        raise Failure(f"sent {names(unexpected)}; allowed: silence or {names(allowed) or 'nothing'}")
    return f"notify {names(notifies)}" if notifies else "silent"


def initial_contact(m: wire.Parsed) -> bool:
    kinds = [wire.notify_type(b) for b in m.find(wire.N)]
    return m.exchange == wire.INFORMATIONAL and kinds == [INITIAL_CONTACT]


def control_main_mode(context, peer_and_source) -> None:
    """The positive control of a phase-1 case: a whole correct Main Mode from the same peer."""
    problem = context.exchange(peer_and_source).main_mode()
    if problem:
        raise Failure(f"positive control failed: {problem}")


def mm1_case(identifier: str, build: Callable[[Exchange], bytes], allowed=()):
    """A tampered first message, then a correct Main Mode from the same address."""
    @case(identifier)
    def run(context):
        peer = context.peer()
        x = context.exchange(peer)
        outcome = refused(x, build(x), allowed)
        control_main_mode(context, peer)
        return f"{outcome}; control completed Main Mode"
    return run


def accepted_mm1_case(identifier: str, build: Callable[[Exchange], bytes], why: str):
    """A documented leniency: the daemon answers this MM1 and the Main Mode completes."""
    @case(identifier)
    def run(context):
        x = context.exchange()
        x.peer.send(build(x))
        m = x.wait(wire.IDENTITY_PROTECTION)
        if m is None or not x.take_mm2(m):
            raise Failure(f"expected an MM2 ({why})")
        x.peer.send(x.mm3())
        m = x.wait(wire.IDENTITY_PROTECTION)
        if m is None or not x.take_mm4(m):
            raise Failure("no MM4")
        mm5 = x.mm5()
        x.peer.send(mm5)
        m = x.wait(wire.IDENTITY_PROTECTION)
        if m is None or not x.take_mm6(m, mm5):
            raise Failure("no valid MM6")
        return f"accepted: {why}"
    return run


def established_esp(context, spi: bytes, timeout: float = 3.0) -> bool:
    wanted = spi.hex()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wanted in context.ctl("show-sa", "esp").replace("0x", "").lower():
            return True
        time.sleep(0.1)
    return False


# ------------------------------------------------------------------ the positive path

@case("positive.main-quick")
def positive(context):
    x = context.exchange()
    problem = x.main_mode()
    if problem:
        raise Failure(problem)
    if x.mm2_sa != x.sa_i:
        raise Failure("MM2's SA is not our one-transform offer unmodified (RFC 2409 §5)")
    isakmp = context.ctl("show-sa", "isakmp")
    if x.source not in isakmp or x.icookie.hex() not in isakmp:
        raise Failure(f"raccoonctl show-sa isakmp does not list {x.source} {x.icookie.hex()}: {isakmp.strip()}")
    spi = os.urandom(4)
    problem = x.quick_mode(spi)
    if problem:
        raise Failure(problem)
    if not established_esp(context, spi):
        raise Failure(f"raccoonctl show-sa esp does not list SPI {spi.hex()}")
    if f"IPsec-SA established" not in context.log():
        raise Failure("no 'IPsec-SA established' in the daemon's log")
    return f"ISAKMP-SA {x.icookie.hex()}:{x.rcookie.hex()} and ESP SPI {spi.hex()} established"


# ------------------------------------------------------------------ ISAKMP header (RFC 2408 §3.1, §5.1, §5.2)

mm1_case("header.major-version-2", lambda x: x.mm1(header={"version": 0x20}), {5})
mm1_case("header.exchange-type-unassigned", lambda x: x.mm1(header={"exchange": 33}), {7})
mm1_case("header.exchange-type-reserved", lambda x: x.mm1(header={"exchange": 7}), {7})
mm1_case("header.exchange-type-none", lambda x: x.mm1(header={"exchange": 0}), {7})
mm1_case("header.flags-undefined-bit", lambda x: x.mm1(header={"flags": 0x08}), {8})
mm1_case("header.flags-encryption", lambda x: x.mm1(header={"flags": wire.FLAG_E}), {8})
mm1_case("header.flags-commit-msgid-0", lambda x: x.mm1(header={"flags": wire.FLAG_C}), {8})
mm1_case("header.message-id-nonzero", lambda x: x.mm1(header={"message_id": 0x01020304}), {9})
mm1_case("header.length-shorter", lambda x: x.mm1(header={"length_delta": -4}), {30})
mm1_case("header.length-longer", lambda x: x.mm1(header={"length_delta": 4}), {30})
mm1_case("header.length-below-28", lambda x: x.mm1(header={"length_delta": -200}), {30})
mm1_case("header.datagram-truncated", lambda x: x.mm1()[:20])
mm1_case("header.initiator-cookie-zero", lambda x: bytes(8) + x.mm1()[8:], {4})
mm1_case("header.responder-cookie-unknown", lambda x: x.mm1()[:8] + os.urandom(8) + x.mm1()[16:], {4})
accepted_mm1_case("header.minor-version-1", lambda x: x.mm1(header={"version": 0x11}),
                  "minor version kept, as racoon does (docs/conformance.md, deviation D1)")

# ------------------------------------------------------------------ payload chain (RFC 2408 §3.2, §5.1, §5.3)

mm1_case("chain.first-payload-unassigned-200", lambda x: x.mm1(header={"next_payload": 200}), {1})
mm1_case("chain.next-payload-unassigned-200",
         lambda x: x.mm1(extra=[Payload(200, b"\x00" * 8)]), {1})
mm1_case("chain.next-payload-unassigned-33",
         lambda x: x.mm1(extra=[Payload(33, b"\x00" * 8)]), {1})
mm1_case("chain.next-payload-private-use-140",
         lambda x: x.mm1(extra=[Payload(140, b"\x00" * 8)]), {1})
mm1_case("chain.next-payload-private-use-255",
         lambda x: x.mm1(extra=[Payload(255, b"\x00" * 8)]), {1})
mm1_case("chain.proposal-at-top-level", lambda x: x.mm1(extra=[Payload(wire.P, b"\x00" * 8)]), {1})
mm1_case("chain.transform-at-top-level", lambda x: x.mm1(extra=[Payload(wire.T, b"\x00" * 8)]), {1})
mm1_case("chain.last-next-payload-dangling",
         lambda x: x.mm1(sa_payload={"next_override": wire.VID}), {16})
mm1_case("chain.payload-length-below-4", lambda x: x.mm1(sa_payload={"length_delta": -200}), {16})
mm1_case("chain.payload-length-past-end", lambda x: x.mm1(sa_payload={"length_delta": 8}), {16})
mm1_case("chain.payload-length-short-by-4", lambda x: x.mm1(sa_payload={"length_delta": -4}), {15, 16})
mm1_case("chain.trailing-bytes", lambda x: (lambda m: m[:24] + struct.pack("!I", len(m) + 4) + m[28:] + bytes(4))(
    x.mm1()), {16})
mm1_case("chain.sa-not-first", lambda x: wire.message(
    x.header(), [Payload(wire.VID, os.urandom(16)), Payload(wire.SA, phase1_sa())]), {1, 16})
mm1_case("chain.two-sa-payloads", lambda x: x.mm1(extra=[Payload(wire.SA, phase1_sa())]), {15, 16})
mm1_case("chain.reserved-nonzero", lambda x: x.mm1(sa_payload={"reserved": 1}), {15, 16})
mm1_case("sa.proposal-reserved-nonzero", lambda x: x.mm1(sa=phase1_sa(proposal_reserved=0x80)), {15, 16})
mm1_case("sa.transform-reserved-nonzero", lambda x: x.mm1(sa=phase1_sa(transform_reserved=1)), {15, 16})

# ------------------------------------------------------------------ SA, proposal, transform (RFC 2408 §5.4-§5.6)

mm1_case("sa.doi-isakmp-0", lambda x: x.mm1(sa=phase1_sa(doi=0)), {2})
mm1_case("sa.doi-unassigned-2", lambda x: x.mm1(sa=phase1_sa(doi=2)), {2})
mm1_case("sa.situation-secrecy", lambda x: x.mm1(sa=phase1_sa(situation=2)), {3})
mm1_case("sa.situation-zero", lambda x: x.mm1(sa=phase1_sa(situation=0)), {3})
mm1_case("sa.no-proposal", lambda x: x.mm1(sa=struct.pack("!II", 1, 1)), {15, 16})
mm1_case("sa.proposal-protocol-esp", lambda x: x.mm1(sa=phase1_sa(protocol=3)), {10, 14})
mm1_case("sa.proposal-protocol-unassigned", lambda x: x.mm1(sa=phase1_sa(protocol=77)), {10, 14})
mm1_case("sa.proposal-spi-size-4", lambda x: x.mm1(sa=phase1_sa(spi=os.urandom(4))), {11, 15})
mm1_case("sa.proposal-count-too-high", lambda x: x.mm1(sa=phase1_sa(count=2)), {15, 16})
mm1_case("sa.proposal-count-zero", lambda x: x.mm1(sa=phase1_sa(count=0)), {15, 16})
mm1_case("sa.proposal-two", lambda x: x.mm1(sa=wire.sa_body([
    wire.proposal(1, 1, b"", [wire.transform(1, 1, attributes(PHASE1_ATTRIBUTES))], next_payload=wire.P),
    wire.proposal(2, 1, b"", [wire.transform(1, 1, attributes(PHASE1_ATTRIBUTES))])])), {15, 16})
mm1_case("sa.proposal-next-not-proposal", lambda x: x.mm1(sa=wire.sa_body([
    wire.proposal(1, 1, b"", [wire.transform(1, 1, attributes(PHASE1_ATTRIBUTES))], next_payload=wire.T)])), {15})
mm1_case("sa.transform-id-unassigned", lambda x: x.mm1(sa=phase1_sa(transform_id=9)), {12, 14})
mm1_case("sa.transform-numbers-repeated", lambda x: x.mm1(sa=phase1_sa(
    attrs=[(1, 5)] + [a for a in PHASE1_ATTRIBUTES if a[0] not in (1, 14)], transform_next=wire.T,
    extra_transforms=[wire.transform(1, 1, attributes(PHASE1_ATTRIBUTES))])), {15})
mm1_case("sa.transform-next-not-transform", lambda x: x.mm1(sa=phase1_sa(transform_next=wire.KE)), {15})
mm1_case("sa.transform-length-past-proposal", lambda x: x.mm1(sa=(lambda b: b[:8 + 8 + 2] + struct.pack(
    "!H", struct.unpack("!H", b[18:20])[0] + 4) + b[20:])(phase1_sa())), {15, 16})
mm1_case("sa.attribute-unknown-basic", lambda x: x.mm1(sa=phase1_sa(attrs=PHASE1_ATTRIBUTES + [(16000, 1)])),
         {13, 14})
mm1_case("sa.attribute-duplicate", lambda x: x.mm1(sa=phase1_sa(attrs=PHASE1_ATTRIBUTES + [(1, 5)])), {13, 14, 15})
mm1_case("sa.attribute-group-missing",
         lambda x: x.mm1(sa=phase1_sa(attrs=[a for a in PHASE1_ATTRIBUTES if a[0] != 4])), {13, 14})
mm1_case("sa.attribute-truncated", lambda x: x.mm1(sa=phase1_sa(
    attrs=PHASE1_ATTRIBUTES) [:-2]), {15, 16})
mm1_case("sa.auth-method-rsa-signature",
         lambda x: x.mm1(sa=phase1_sa(attrs=[(3, 3) if a[0] == 3 else a for a in PHASE1_ATTRIBUTES])), {14})
mm1_case("sa.unacceptable-cipher",
         lambda x: x.mm1(sa=phase1_sa(attrs=[(1, 5)] + [a for a in PHASE1_ATTRIBUTES if a[0] not in (1, 14)])), {14})
accepted_mm1_case("sa.transform-reserved2-nonzero", lambda x: x.mm1(sa=phase1_sa(transform_reserved2=0x1234)),
                  "RESERVED2 ignored on receipt (deviation D2)")

# ------------------------------------------------------------------ Main Mode 3 and 5 (RFC 2409 §5, §5.4)


def after_mm2(context) -> Exchange:
    x = context.exchange()
    x.peer.send(x.mm1())
    m = x.wait(wire.IDENTITY_PROTECTION)
    if m is None or not x.take_mm2(m):
        raise Failure("setup: no MM2")
    return x


def after_mm4(context) -> Exchange:
    x = after_mm2(context)
    x.peer.send(x.mm3())
    m = x.wait(wire.IDENTITY_PROTECTION)
    if m is None or not x.take_mm4(m):
        raise Failure("setup: no MM4")
    return x


def finish_mm5(x: Exchange, what: str) -> None:
    mm5 = x.mm5()
    x.peer.send(mm5)
    m = x.wait(wire.IDENTITY_PROTECTION)
    if m is None or not x.take_mm6(m, mm5):
        raise Failure(f"positive control failed: {what}")


def mm3_case(identifier: str, build: Callable[[Exchange], bytes], allowed=()):
    """A tampered MM3 ends the negotiation, a correct Main Mode from the same address then completes."""
    @case(identifier)
    def run(context):
        x = after_mm2(context)
        outcome = refused(x, build(x), allowed)
        control_main_mode(context, (x.peer, x.source))
        return f"{outcome}; control completed Main Mode"
    return run


mm3_case("mm3.ke-short", lambda x: x.mm3(ke=x.dh.public[:64]), {17, 16})
mm3_case("mm3.ke-long", lambda x: x.mm3(ke=x.dh.public + bytes(8)), {17, 16})
mm3_case("mm3.ke-one", lambda x: x.mm3(ke=(1).to_bytes(128, "big")), {17})
mm3_case("mm3.ke-p-minus-1", lambda x: x.mm3(ke=(MODP1024 - 1).to_bytes(128, "big")), {17})
mm3_case("mm3.no-nonce", lambda x: x.mm3(drop=(wire.NONCE,)), {16})
mm3_case("mm3.no-ke", lambda x: x.mm3(drop=(wire.KE,)), {16, 17})
mm3_case("mm3.nonce-too-short", lambda x: x.mm3(nonce=os.urandom(4)), {16})
mm3_case("mm3.nonce-too-long", lambda x: x.mm3(nonce=os.urandom(257)), {16})
mm3_case("mm3.next-payload-unassigned-200", lambda x: x.mm3(extra=[Payload(200, bytes(4))]), {1})


@case("mm3.wrong-responder-cookie")
def mm3_wrong_cookie(context):
    x = after_mm2(context)
    good = x.rcookie
    x.rcookie = os.urandom(8)
    outcome = refused(x, x.mm3(), {4})
    x.rcookie = good
    x.peer.send(x.mm3())
    m = x.wait(wire.IDENTITY_PROTECTION)
    if m is None or not x.take_mm4(m):
        raise Failure("positive control failed: the correct MM3 got no MM4")
    return f"{outcome}; control: the correct MM3 got MM4"


def same_answer_twice(x: Exchange, datagram: bytes, what: str, exchange: int = wire.IDENTITY_PROTECTION,
                      message_id: int | None = None) -> wire.Parsed:
    """Sends `datagram` twice: the second must get the first's answer again (racoon's retransmission cache), not
    a new negotiation."""
    x.peer.send(datagram)
    first = x.wait(exchange, message_id=message_id)
    x.peer.send(datagram)
    again = x.wait(exchange, message_id=message_id)
    if first is None or again is None or (first.rcookie, first.body) != (again.rcookie, again.body):
        raise Failure(f"the repeated {what} did not get the same answer again")
    return again


@case("mm1.retransmission")
def mm1_retransmission(context):
    x = context.exchange()
    if not x.take_mm2(same_answer_twice(x, x.mm1(), "MM1")):
        raise Failure("MM2 without SA")
    problem = x.main_mode_from_mm3()
    if problem:
        raise Failure(f"after the retransmission: {problem}")
    return "the same MM2 again; Main Mode then completed"


@case("mm3.retransmission")
def mm3_retransmission(context):
    x = after_mm2(context)
    if not x.take_mm4(same_answer_twice(x, x.mm3(), "MM3")):
        raise Failure("MM4 without KE/nonce")
    finish_mm5(x, "no MM6 after the retransmission")
    return "the same MM4 again; Main Mode then completed"


@case("mm5.retransmission")
def mm5_retransmission(context):
    x = after_mm4(context)
    mm5 = x.mm5()
    if not x.take_mm6(same_answer_twice(x, mm5, "MM5"), mm5):
        raise Failure("MM6 failed verification")
    control_quick_mode(context, x)
    return "the same MM6 again; Quick Mode then completed over the ISAKMP SA"


def mm5_case(identifier: str, build: Callable[[Exchange], bytes], allowed=()):
    """A tampered MM5 draws no MM6; the negotiation survives it (racoon keeps the handle), so the correct MM5
    then completes the same exchange."""
    @case(identifier)
    def run(context):
        x = after_mm4(context)
        outcome = refused(x, build(x), allowed)
        finish_mm5(x, "the correct MM5 got no valid MM6")
        return f"{outcome}; control: the correct MM5 completed the same exchange"
    return run


mm5_case("mm5.wrong-psk", lambda x: x.mm5(psk=b"not-the-secret"), {23, 24, 16})
mm5_case("mm5.hash-corrupted", lambda x: x.mm5(corrupt_hash=True), {23, 24})
# A ciphertext that does not decrypt is what a wrong pre-shared key looks like to the responder (deviation D4)
mm5_case("mm5.ciphertext-truncated", lambda x: x.mm5(truncate=5), {16, 24})
mm5_case("mm5.ciphertext-one-block-short", lambda x: x.mm5(truncate=16), {16, 23, 24})
mm5_case("mm5.not-encrypted", lambda x: x.mm5(encrypt=False), {16})
mm5_case("mm5.next-payload-unassigned-200", lambda x: x.mm5(extra=[Payload(200, bytes(4))]), {1, 24})
mm5_case("mm5.wrong-responder-cookie",
         lambda x: (lambda m: m[:8] + os.urandom(8) + m[16:])(x.mm5()), {4})


# ------------------------------------------------------------------ Quick Mode (RFC 2409 §5.5) and Informational

def established(context) -> Exchange:
    x = context.exchange()
    problem = x.main_mode()
    if problem:
        raise Failure(f"setup: {problem}")
    return x


def control_quick_mode(context, x: Exchange) -> None:
    spi = os.urandom(4)
    problem = x.quick_mode(spi)
    if problem or not established_esp(context, spi):
        raise Failure(f"positive control failed: {problem or 'SPI ' + spi.hex() + ' not established'}")


def qm1_case(identifier: str, build, allowed=()):
    """A tampered QM1 draws no QM2; a correct Quick Mode over the same ISAKMP SA then completes."""
    @case(identifier)
    def run(context):
        x = established(context)
        mid = struct.unpack("!I", os.urandom(4))[0] | 1
        datagram = build(x, mid)
        outcome = refused(x, datagram, allowed, exchange=wire.QUICK, message_id=None)
        control_quick_mode(context, x)
        return f"{outcome}; control completed Quick Mode"
    return run


qm1_case("qm1.hash-corrupted", lambda x, mid: x.qm1(mid, os.urandom(4), corrupt_hash=True)[0], {23})
qm1_case("qm1.message-id-zero", lambda x, mid: x.qm1(0, os.urandom(4))[0], {9})
qm1_case("qm1.not-encrypted", lambda x, mid: (lambda d: d[:19] + bytes([0]) + d[20:])(x.qm1(mid, os.urandom(4))[0]),
         {16})
qm1_case("qm1.ciphertext-truncated", lambda x, mid: x.qm1(mid, os.urandom(4), truncate=3)[0], {16})
qm1_case("qm1.no-nonce", lambda x, mid: x.qm1(mid, os.urandom(4), payloads=[
    Payload(wire.SA, x.qm_sa(os.urandom(4)))])[0], {16})
qm1_case("qm1.sa-not-after-hash", lambda x, mid: x.qm1(mid, os.urandom(4), payloads=[
    Payload(wire.NONCE, os.urandom(16)), Payload(wire.SA, x.qm_sa(os.urandom(4)))])[0], {16})
qm1_case("qm1.next-payload-unassigned-200", lambda x, mid: x.qm1(mid, os.urandom(4), payloads=[
    Payload(wire.SA, x.qm_sa(os.urandom(4))), Payload(wire.NONCE, os.urandom(16)), Payload(200, bytes(4))])[0], {1})
qm1_case("qm1.spi-size-3", lambda x, mid: x.qm1(mid, b"\x01\x02\x03", sa=x.qm_sa(b"\x01\x02\x03"))[0], {11, 15})
qm1_case("qm1.transform-id-unassigned", lambda x, mid: x.qm1(
    mid, os.urandom(4), sa=x.qm_sa(os.urandom(4), transform_id=250))[0], {12, 14})
qm1_case("qm1.unknown-cookies", lambda x, mid: (lambda d: d[:8] + os.urandom(8) + d[16:])(
    x.qm1(mid, os.urandom(4))[0]), {4})


def quick_mode_offer(context) -> tuple[Exchange, int, bytes, bytes, bytes]:
    """An ISAKMP SA and a QM1 for it: the exchange, message ID, our SPI, the datagram and the IV after it."""
    x = established(context)
    mid = struct.unpack("!I", os.urandom(4))[0] | 1
    spi = os.urandom(4)
    qm1, iv = x.qm1(mid, spi)
    return x, mid, spi, qm1, iv


@case("qm1.retransmission")
def qm1_retransmission(context):
    x, mid, spi, qm1, iv = quick_mode_offer(context)
    if not x.take_qm2(same_answer_twice(x, qm1, "QM1", wire.QUICK, mid), iv):
        raise Failure("QM2 failed verification")
    x.peer.send(x.qm3(mid))
    if not established_esp(context, spi):
        raise Failure(f"SPI {spi.hex()} not established after the retransmission")
    return "the same QM2 again; Quick Mode then completed"


@case("qm3.hash-corrupted")
def qm3_bad_hash(context):
    x, mid, spi, qm1, iv = quick_mode_offer(context)
    x.peer.send(qm1)
    m = x.wait(wire.QUICK, message_id=mid)
    if m is None or not x.take_qm2(m, iv):
        raise Failure("setup: no valid QM2")
    outcome = refused(x, x.qm3(mid, corrupt_hash=True), {23}, exchange=wire.QUICK, message_id=mid)
    if established_esp(context, spi, timeout=0.5):
        raise Failure("the SA was installed after a QM3 with a corrupted HASH(3)")
    x.peer.send(x.qm3(mid))
    if not established_esp(context, spi):
        raise Failure("positive control failed: the correct QM3 did not establish the SA")
    return f"{outcome}, no SA; control: the correct QM3 established SPI {spi.hex()}"


def with_esp_sa(context) -> tuple[Exchange, bytes]:
    x = established(context)
    spi = os.urandom(4)
    problem = x.quick_mode(spi)
    if problem or not established_esp(context, spi):
        raise Failure(f"setup: {problem or 'no SA'}")
    return x, spi


def esp_delete(spi: bytes, doi: int = 1, protocol: int = 3) -> Payload:
    """RFC 2408 §3.15: DOI, protocol, SPI size 4, one SPI."""
    return Payload(wire.D, struct.pack("!IBBH", doi, protocol, 4, 1) + spi)


def survives_then_correct_delete_removes(context, x: Exchange, spi: bytes, what: str) -> None:
    time.sleep(SILENCE)
    if not established_esp(context, spi, timeout=0.1):
        raise Failure(f"{what} removed the SA")
    x.peer.send(x.informational(esp_delete(spi)))
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and established_esp(context, spi, timeout=0.1):
        time.sleep(0.1)
    if established_esp(context, spi, timeout=0.1):
        raise Failure("positive control failed: the correct DELETE did not remove the SA")


@case("info.delete-forged")
def delete_forged(context):
    """A DELETE with a corrupted HASH(1), and one sent in clear after phase 1 (inventory §6.5, CVE-2007-1841),
    remove nothing."""
    x, spi = with_esp_sa(context)
    x.peer.send(x.informational(esp_delete(spi), corrupt_hash=True))
    x.peer.send(wire.message(x.header(wire.INFORMATIONAL, message_id=0x01020305), [esp_delete(spi)]))
    survives_then_correct_delete_removes(context, x, spi, "a forged DELETE")
    return "the SA survived a DELETE with a bad HASH and an unencrypted one; control: the correct DELETE removed it"

@case("mm5.id-type-unassigned")
def mm5_bad_id(context):
    x = after_mm4(context)
    x.id_body = lambda: struct.pack("!BBH", 99, 0, 0) + bytes(4)
    outcome = refused(x, x.mm5(), {18, 24})
    control_main_mode(context, (x.peer, x.source))
    return f"{outcome}; control completed Main Mode"


@case("mm5.certificate-payloads-ignored")
def mm5_certificate(context):
    """RFC 2408 §5.9, §5.10: Raccoon authenticates with pre-shared keys only; CERT and CR take no part in it and
    are ignored (deviation D6), so the exchange completes."""
    x = after_mm2(context)
    x.peer.send(x.mm3(extra=[Payload(wire.CR, b"\x04")]))
    m = x.wait(wire.IDENTITY_PROTECTION)
    if m is None or not x.take_mm4(m):
        raise Failure("an MM3 with a CR payload got no MM4")
    finish = x.mm5(extra=[Payload(wire.CERT, b"\x04" + os.urandom(32))])
    x.peer.send(finish)
    m = x.wait(wire.IDENTITY_PROTECTION)
    if m is None or not x.take_mm6(m, finish):
        raise Failure("an MM5 with a CERT payload got no valid MM6")
    return "accepted: CR in MM3 and CERT in MM5 ignored"


@case("info.notify-invalid")
def notify_invalid(context):
    """RFC 2408 §5.14: a Notification with an unsupported DOI, or of an unknown type, is discarded or logged, and
    never answered with another notify; the ISAKMP SA stays usable."""
    x = established(context)
    bad_doi = Payload(wire.N, struct.pack("!IBBH", 77, 3, 0, 24578))
    unknown_error = Payload(wire.N, struct.pack("!IBBH", 1, 1, 0, 8000))
    out = [refused(x, x.informational(p), (), exchange=wire.INFORMATIONAL) for p in (bad_doi, unknown_error)]
    control_quick_mode(context, x)
    return f"{', '.join(out)}; control completed Quick Mode"


@case("info.delete-invalid")
def delete_invalid(context):
    """RFC 2408 §5.15: a Delete under an unsupported DOI or protocol, or for an SPI the daemon does not hold,
    removes nothing."""
    x, spi = with_esp_sa(context)
    for payload in (esp_delete(spi, doi=77), esp_delete(spi, protocol=77), esp_delete(bytes(a ^ 0xFF for a in spi))):
        x.peer.send(x.informational(payload))
    survives_then_correct_delete_removes(context, x, spi, "an invalid DELETE")
    return "the SA survived DELETEs with DOI 77, protocol 77 and an unknown SPI; control: the correct one removed it"

# ------------------------------------------------------------------ forged first messages from a real peer's address

FORGED = 2000


@case("flood.forged-from-peer-address")
def forged_from_peer_address(context):
    """Issue 20: 2000 well-formed MM1s with fresh cookies from a real peer's own address, sent as fast as one
    process can (a child process, another port of the same address), while the real peer negotiates from port 500.
    The real peer resends each message after 1 s and starts over with new cookies when its exchange is lost; its
    Main Mode and Quick Mode must complete (the figure goes to docs/security.md). The control of the flood itself:
    the daemon answered forged MM1s, so they did reach it and take half-open slots."""
    peer, source = context.peer()
    flood_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    flood_socket.bind((source, 0))
    messages = [phase1_message(os.urandom(8)) for _ in range(FORGED)]
    start = time.monotonic()
    child = os.fork()
    if child == 0:
        try:
            for datagram in messages:
                while True:
                    try:
                        flood_socket.sendto(datagram, (context.target, 500))
                        break
                    except OSError:
                        time.sleep(0.0005)
        finally:
            os._exit(0)
    time.sleep(0.005)   # the flood is under way
    attempts, problem, spi, lost = 0, "not tried", os.urandom(4), []
    while time.monotonic() - start < 20:
        attempts += 1
        x = context.exchange((peer, source))
        problem = x.main_mode(timeout=1.0, sends=3) or x.quick_mode(spi, timeout=1.0, sends=3)
        if problem is None and established_esp(context, spi):
            break
        lost.append(f"{problem} at {time.monotonic() - start:.1f} s")
    elapsed = time.monotonic() - start
    os.waitpid(child, 0)
    answered = 0
    flood_socket.setblocking(False)
    try:
        while flood_socket.recv(65535):
            answered += 1
    except BlockingIOError:
        pass
    flood_socket.close()
    if problem is not None:
        raise Failure(f"the real peer did not negotiate within {elapsed:.1f} s ({attempts} attempts): {problem}")
    if answered == 0:
        raise Failure("control: the daemon answered none of the forged MM1s (the flood did not reach it)")
    print(f"FLOODFIGURE forged={FORGED} answered={answered} legit_seconds={elapsed:.2f} attempts={attempts} "
          f"lost={lost}", flush=True)
    return (f"the real peer negotiated {elapsed:.2f} s after the flood began ({attempts} attempt(s)); "
            f"{answered} forged MM1s were answered")


def phase1_message(cookie: bytes) -> bytes:
    return wire.message(wire.Header(cookie), [Payload(wire.SA, phase1_sa())])
