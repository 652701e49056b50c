import ISAKMP
import Logging
import Testing

@testable import RaccoonCore
import RaccoonTestSupport

/// Every line an unauthenticated datagram can cause before it reaches a negotiation is rate limited by kind: one
/// line per kind per second at its own level, the rest at debug, then a summary (CVE-2008-3652 class).
@Suite("Rate-limited log of unsolicited datagrams")
struct UnsolicitedLogTests {
    /// One kind of unsolicited datagram: how to forge the `index`th one, and a text its log line contains.
    struct Forgery {
        var kind: UnsolicitedDrop
        var marker: String
        var bytes: (Int) -> [UInt8]
    }

    static func forgeries(template: [UInt8]) -> [Forgery] {
        func patched(_ index: Int, _ patch: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = template
            bytes[0] = UInt8(truncatingIfNeeded: index)  // a fresh CKY-I each time
            patch(&bytes)
            return bytes
        }
        return [
            Forgery(kind: .malformed, marker: "dropped a malformed ISAKMP datagram") { index in
                [UInt8(truncatingIfNeeded: index), 2, 3]
            },
            // RFC 2408 §3.1: a phase-1 exchange has message ID 0.
            Forgery(kind: .unexpectedHeader, marker: "with message ID") { index in
                patched(index) { $0[23] = 1 }
            },
            Forgery(kind: .unknownCookies, marker: "unknown cookies") { index in
                patched(index) { $0[8] = 0x5a }
            },
            // Quick Mode (exchange type 32) for cookies of no ISAKMP-SA.
            Forgery(kind: .unknownCookies, marker: "no established ISAKMP-SA") { index in
                patched(index) { $0[8] = 0x5a; $0[18] = 32; $0[23] = 1 }
            },
            // The responder below accepts only Aggressive Mode: every MM1 is refused with NO-PROPOSAL-CHOSEN.
            Forgery(kind: .refusedFirstMessage, marker: "no remote block accepts Main Mode") { index in
                patched(index) { _ in }
            },
        ]
    }

    static func source(_ index: Int) -> Endpoint {
        Endpoint(address: IPAddress("198.51.100.\(index % 250 + 1)")!, port: UInt16(1_000 + index))
    }

    @Test func eachKindLogsOneLinePerSecondThenASummary() throws {
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        let pair = HostPair(
            b: HostPair.configuration(remote: HostPair.remote(modes: [.aggressive]), peer: HostPair.addressA))
        let forgeries = Self.forgeries(template: template)
        let perKind = 200
        for forgery in forgeries {
            for index in 0..<perKind {
                let datagram = Datagram(local: pair.b.endpoint, remote: Self.source(index), bytes: forgery.bytes(index))
                pair.bed.deliver(.datagram(datagram), to: pair.b)
            }
        }
        func lines(_ marker: String, debug: Bool) -> Int {
            pair.b.log.entries.filter { ($0.level == .debug) == debug && "\($0.message)".contains(marker) }.count
        }
        // Within one instant: one line per kind at its level; every other one at debug, so `log debug;` loses none.
        #expect(lines("dropped a malformed", debug: false) == 1)
        #expect(lines("with message ID", debug: false) == 1)
        // Phase-1 and Quick Mode messages with unknown cookies are one kind.
        #expect(lines("unknown cookies", debug: false) + lines("no established ISAKMP-SA", debug: false) == 1)
        #expect(lines("no remote block accepts Main Mode", debug: false) == 1)
        for forgery in forgeries {
            let total = lines(forgery.marker, debug: false) + lines(forgery.marker, debug: true)
            #expect(total == perKind, "\(forgery.kind)")
        }
        // The refusals are still answered (RFC 2408 §5), each one; only the "sending notify" line is held back too.
        let notifies = pair.bed.network.transcript.filter { $0.datagram.local == pair.b.endpoint }
        #expect(notifies.count == perKind)
        #expect(lines("sending notify", debug: false) == 1)
        #expect(pair.b.engine.halfOpenPhase1Count == 0)

        // The first event of the next second brings one summary per kind, in kind order, then lines flow again.
        pair.bed.scheduler.setNow(pair.bed.scheduler.now + .seconds(1))
        let next = forgeries[0].bytes(perKind)
        pair.bed.deliver(.datagram(Datagram(local: pair.b.endpoint, remote: Self.source(0), bytes: next)), to: pair.b)
        let summaries = pair.b.log.entries.filter { $0.level == .warning && "\($0.message)".hasPrefix("suppressed ") }
            .map { "\($0.message)" }
        #expect(summaries.count == 4)
        #expect(summaries.first?.contains("suppressed 199 similar lines (malformed datagrams)") == true)
        #expect(summaries.contains { $0.contains("suppressed 399 similar lines (messages for unknown cookies)") })
        #expect(summaries.last?.contains("suppressed 199 similar lines (refused first messages)") == true)
        #expect(lines("dropped a malformed", debug: false) == 2)
    }

    /// Unprotected notifies for cookies of no negotiation: one notice per second, the rest at debug.
    @Test func unprotectedNotifiesForUnknownCookiesAreRateLimited() throws {
        let pair = HostPair()
        for index in 0..<50 {
            let header = ISAKMPHeader(
                initiatorCookie: Cookie(rawValue: UInt64(index + 1)), responderCookie: Cookie(rawValue: 7),
                exchangeType: .informational, messageID: MessageID(rawValue: UInt32(index + 1)))
            let notify = NotificationPayload(protocolID: .isakmp, notifyType: .invalidPayloadType, spi: [])
            let bytes = ISAKMPMessage(header: header, payloads: [.notification(notify)]).serialized()
            let datagram = Datagram(local: pair.b.endpoint, remote: Self.source(index), bytes: bytes)
            pair.bed.deliver(.datagram(datagram), to: pair.b)
        }
        let lines = pair.b.log.entries.filter { "\($0.message)".contains("for unknown cookies") }
        #expect(lines.filter { $0.level == .notice }.count == 1)
        #expect(lines.filter { $0.level == .debug }.count == 49)
    }
}
