import IKECrypto
import ISAKMP
import PFKeyListener
import Testing

@testable import RaccoonCore
import RaccoonTestSupport

/// A flood of spoofed Main Mode first messages (the CVE-2008-3652 class: memory and DH spent before the peer
/// proved anything). IKEv1 has no cookie challenge (RFC 2408 §2.5.3 cookies are not checked before MM3), so the
/// responder's defence is the half-open bound, overall and per peer.
@Suite("A flood of spoofed first messages")
struct FloodTests {
    @Test func halfOpenBoundHoldsAndEstablishedSAsSurvive() throws {
        let limit = (overall: 1024, perPeer: 32)
        let pair = HostPair(b: HostPair.configuration(peer: HostPair.addressA, halfOpen: limit))
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        let establishedKeys = pair.b.kernel.keyed
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        // The template is a well-formed MM1 (the flood passes the parser and reaches proposal selection).
        #expect(try ISAKMPMessage(parsing: template).header.exchangeType == .identityProtection)
        let flood = SpoofedFlood.mainModeFirstMessages(count: 100_000, template: template, to: pair.b.endpoint, seed: 7)

        var peak = 0
        var peakRecords = 0
        var peakCookies = 0
        var peakTimers = 0
        for (index, datagram) in flood.enumerated() {
            pair.bed.deliver(.datagram(datagram), to: pair.b)
            if index % 1000 == 999 {
                pair.bed.run()
                peak = max(peak, pair.b.engine.halfOpenPhase1Count)
                let engine = pair.b.engine
                peakRecords = max(peakRecords, engine.phase1s.count, engine.halfOpen.perPeer.count)
                peakCookies = max(peakCookies, engine.phase1ByCookies.count)
                peakTimers = max(peakTimers, engine.armedTimers.count)
                // One simulated second per thousand messages: half-open records time out during the flood.
                pair.bed.advance(by: .seconds(1))
            }
            if index == 50_000 {
                // A rekey in the middle of the flood: Quick Mode on the live ISAKMP SA needs no half-open slot.
                let spi = try #require(pair.a.kernel.keyed.first { $0.destination == HostPair.addressA.sadbAddress }?.spi)
                #expect(pair.a.kernel.injectExpire(spi: spi, hard: false))
                pair.bed.run()
                #expect(pair.a.kernel.keyed.count == 4 && pair.b.kernel.keyed.count == 4, "the rekey completes mid-flood")
            }
        }
        #expect(peak == limit.overall, "the flood fills the table to its bound and no further")
        // phase1s holds the half-open records plus the established ISAKMP SA; the cookie index holds a responder
        // record under (CKY-I, 0) and (CKY-I, CKY-R); a half-open record arms two timers (retransmission and the
        // phase-1 wait), plus the SAs' own few.
        #expect(peakRecords <= limit.overall + 1)
        #expect(peakCookies <= 2 * limit.overall + 2)
        #expect(peakTimers <= 2 * limit.overall + 8)
        #expect(pair.b.logged("half-open phase-1 negotiations already (limit 1024)"))
        // The established SAs were never touched.
        #expect(pair.b.engine.establishedPhase1Count == 1)
        for sa in establishedKeys {
            #expect(pair.b.kernel.keyed.contains { $0.spi == sa.spi && $0.encryptionKey == sa.encryptionKey })
        }

        // Once the flood stops, its half-open records time out and a new phase 1 completes.
        pair.bed.advance(by: .seconds(200))
        #expect(pair.b.engine.halfOpenPhase1Count == 0 && pair.b.engine.negotiatingPhase1Count == 0)
        #expect(pair.b.engine.halfOpen.perPeer.isEmpty)
        pair.bed.execute(pair.a.engine.perform(.flush(.isakmp), at: pair.bed.scheduler.now).effects, on: pair.a)
        pair.bed.run()
        let reply = pair.a.engine.perform(
            .establish(.isakmp(source: HostPair.addressA, destination: HostPair.addressB)), at: pair.bed.scheduler.now)
        pair.bed.execute(reply.effects, on: pair.a)
        pair.bed.run()
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
    }

    @Test func refusalLinesAreRateLimitedWithASummary() throws {
        let pair = HostPair(b: HostPair.configuration(peer: HostPair.addressA, halfOpen: (4, 2)))
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        let flood = SpoofedFlood.mainModeFirstMessages(count: 1_100, template: template, to: pair.b.endpoint, seed: 9)
        func refusals() -> Int { pair.b.logMessages.filter { $0.contains("half-open phase-1 negotiations already") }.count }
        func summaries() -> [String] { pair.b.logMessages.filter { $0.contains("suppressed") } }
        // 4 are accepted, 996 refused within one instant: one line.
        for datagram in flood[0..<1_000] { pair.bed.deliver(.datagram(datagram), to: pair.b) }
        #expect(pair.b.engine.halfOpenPhase1Count == 4)
        #expect(refusals() == 1 && summaries().isEmpty)
        // Still inside the second: nothing more.
        pair.bed.scheduler.setNow(pair.bed.scheduler.now + .milliseconds(900))
        for datagram in flood[1_000..<1_050] { pair.bed.deliver(.datagram(datagram), to: pair.b) }
        #expect(refusals() == 1 && summaries().isEmpty)
        // The next second: the summary of the last one, then one line again.
        pair.bed.scheduler.setNow(pair.bed.scheduler.now + .milliseconds(100))
        for datagram in flood[1_050..<1_100] { pair.bed.deliver(.datagram(datagram), to: pair.b) }
        #expect(summaries().count == 1 && summaries().first?.contains("suppressed 1045 similar lines") == true)
        #expect(refusals() == 2)
        // When the flood stops, the next event (here the half-open records' retransmission timer) brings the last
        // summary: no count is lost.
        pair.bed.advance(by: .seconds(10))
        #expect(summaries().count == 2 && summaries().last?.contains("suppressed 49 similar lines") == true)
        #expect(pair.b.logMessages.firstIndex { $0.contains("suppressed 1045") }! < pair.b.logMessages.lastIndex { $0.contains("half-open phase-1 negotiations already") }!)
    }

    @Test func aFloodFromOnePeerIsBoundedPerPeer() throws {
        let pair = HostPair()
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        let attacker = Endpoint(address: IPAddress("192.0.2.66")!, port: 500)
        for datagram in SpoofedFlood.mainModeFirstMessages(count: 10_000, template: template, to: pair.b.endpoint, seed: 9) {
            pair.bed.deliver(.datagram(Datagram(local: datagram.local, remote: attacker, bytes: datagram.bytes)), to: pair.b)
        }
        pair.bed.run()
        #expect(pair.b.engine.halfOpenPhase1Count == 32)
        #expect(pair.b.engine.halfOpen.halfOpenCount(for: attacker.address) == 32)
        // A real peer still gets its slot.
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
    }
}
