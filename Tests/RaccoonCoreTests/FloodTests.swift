import IKECrypto
import ISAKMP
import Logging
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
                peakRecords = max(peakRecords, engine.context.phase1s.count, engine.context.halfOpen.perPeer.count)
                peakCookies = max(peakCookies, engine.context.phase1ByCookies.count)
                peakTimers = max(peakTimers, engine.context.armedTimers.count)
                #expect(engine.context.halfOpenResponders.count <= 4 * limit.overall + 1, "the eviction queue is pruned")
                // One simulated second per thousand messages: half-open records time out during the flood.
                pair.bed.advance(by: .seconds(1))
            }
            if index == 50_000 {
                // A rekey in the middle of the flood: Quick Mode on the live ISAKMP SA needs no half-open slot.
                let spi = try #require(pair.a.kernel.keyed.first { $0.destination == HostPair.addressA }?.spi)
                #expect(pair.a.kernel.injectExpire(spi: spi, hard: false))
                pair.bed.run()
                // A's new outbound SA follows a moment later (RekeyOutboundSwitchTests).
                pair.bed.advance(by: .seconds(1))
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
        // Once full, every new first message replaced the oldest unanswered one instead of being refused.
        #expect(pair.b.engine.evictedHalfOpenCount >= 90_000)
        #expect(!pair.b.logged("half-open phase-1 negotiations already (limit 1024)"))
        // The established SAs were never touched.
        #expect(pair.b.engine.establishedPhase1Count == 1)
        for sa in establishedKeys {
            #expect(pair.b.kernel.keyed.contains { $0.spi == sa.spi && $0.encryptionKey == sa.encryptionKey })
        }

        // Once the flood stops, its half-open records time out and a new phase 1 completes.
        pair.bed.advance(by: .seconds(200))
        #expect(pair.b.engine.halfOpenPhase1Count == 0 && pair.b.engine.negotiatingPhase1Count == 0)
        #expect(pair.b.engine.context.halfOpen.perPeer.isEmpty)
        pair.bed.execute(pair.a.engine.perform(.flush(.isakmp), at: pair.bed.scheduler.now).effects, on: pair.a)
        pair.bed.run()
        let reply = pair.a.engine.perform(
            .establish(.isakmp(source: HostPair.addressA, destination: HostPair.addressB)), at: pair.bed.scheduler.now)
        pair.bed.execute(reply.effects, on: pair.a)
        pair.bed.run()
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
    }

    /// RFC 2408 §2.5.3 gives the responder no stateless defence, so a flood from many forged addresses keeps the
    /// table full; evicting the oldest unanswered responder lets a real peer, whose MM3 comes within a round trip,
    /// through while the flood goes on.
    @Test func aLegitimatePeerGetsThroughAManyAddressFlood() throws {
        let limit = (overall: 256, perPeer: 32)
        let pair = HostPair(b: HostPair.configuration(peer: HostPair.addressA, halfOpen: limit))
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        var flood = SpoofedFlood.mainModeFirstMessages(count: 60_000, template: template, to: pair.b.endpoint, seed: 11)
            .makeIterator()
        // Replies to forged addresses go nowhere: they are not queued on the testbed's network.
        func forged() {
            let effects = pair.b.engine.handle(.datagram(flood.next()!), at: pair.bed.scheduler.now)
            pair.bed.execute(effects.filter { if case .send = $0 { return false } else { return true } }, on: pair.b)
        }
        for _ in 0..<2000 { forged() }
        #expect(pair.b.engine.halfOpenPhase1Count == limit.overall)

        // The real negotiation starts mid-flood, and 50 forged first messages arrive between any two of its messages.
        pair.pingFromA()
        var rounds = 0
        while pair.a.kernel.keyed.count < 2 || pair.b.kernel.keyed.count < 2, rounds < 1000 {
            rounds += 1
            for _ in 0..<50 { forged() }
            var steps = 0
            pair.bed.run(until: { steps += 1; return steps > 1 })
            #expect(pair.b.engine.halfOpenPhase1Count <= limit.overall)
        }
        pair.expectMirroredSAs()
        #expect(pair.b.engine.evictedHalfOpenCount > 0)
        #expect(pair.b.engine.establishedPhase1Count == 1)
        // The log does not grow with the flood: "respond new phase 1" is info only until the table is full, and the
        // evictions are announced once per second of the engine's clock (which did not move here).
        let infoLines = pair.b.log.entries.filter { $0.level == .info && "\($0.message)".contains("respond new phase 1") }
        #expect(infoLines.count <= limit.overall + 1)
        let tableFull = pair.b.log.entries.filter { "\($0.message)".hasPrefix("half-open table full") }
        #expect(tableFull.filter { $0.level == .warning }.count == 1)
    }

    /// The per-peer evictions of a flood from one address are announced once per second, then summarised.
    @Test func evictionLinesAreRateLimitedWithASummary() throws {
        let pair = HostPair(b: HostPair.configuration(peer: HostPair.addressA, halfOpen: (4, 2)))
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        let attacker = Endpoint(address: IPAddress("192.0.2.66")!, port: 500)
        let flood = SpoofedFlood.mainModeFirstMessages(count: 1_100, template: template, to: pair.b.endpoint, seed: 9)
            .map { Datagram(local: $0.local, remote: attacker, bytes: $0.bytes) }
        // Lines held back by the rate limit still go out at debug level.
        let shown = { pair.b.log.entries.filter { $0.level > .debug }.map { "\($0.message)" } }
        let evictionLine = "half-open phase-1 negotiations with 192.0.2.66 already (limit 2): the oldest unanswered one"
        func refusals() -> Int { shown().filter { $0.contains(evictionLine) }.count }
        func summaries() -> [String] { shown().filter { $0.contains("suppressed") } }
        // 2 are kept, each of the other 998 evicts the oldest within one instant: one line.
        for datagram in flood[0..<1_000] { pair.bed.deliver(.datagram(datagram), to: pair.b) }
        #expect(pair.b.engine.halfOpenPhase1Count == 2)
        #expect(refusals() == 1 && summaries().isEmpty)
        // Still inside the second: nothing more.
        pair.bed.scheduler.setNow(pair.bed.scheduler.now + .milliseconds(900))
        for datagram in flood[1_000..<1_050] { pair.bed.deliver(.datagram(datagram), to: pair.b) }
        #expect(refusals() == 1 && summaries().isEmpty)
        // The next second: the summary of the last one, then one line again.
        pair.bed.scheduler.setNow(pair.bed.scheduler.now + .milliseconds(100))
        for datagram in flood[1_050..<1_100] { pair.bed.deliver(.datagram(datagram), to: pair.b) }
        #expect(summaries().count == 1 && summaries().first?.contains("suppressed 1047 similar lines") == true)
        #expect(refusals() == 2)
        // When the flood stops, the next event (here the half-open records' retransmission timer) brings the last
        // summary: no count is lost.
        pair.bed.advance(by: .seconds(10))
        #expect(summaries().count == 2 && summaries().last?.contains("suppressed 49 similar lines") == true)
        #expect(shown().firstIndex { $0.contains("suppressed 1047") }! < shown().lastIndex { $0.contains(evictionLine) }!)
    }

    /// Issue 20: forged first messages from a real peer's own address fill its 256 half-open slots; the real
    /// peer's first message then evicts the oldest of them instead of being refused, so it negotiates at once
    /// (before, it was locked out until the forged records timed out).
    @Test func aFloodFromARealPeersAddressDoesNotLockItOut() throws {
        let pair = HostPair()
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        for datagram in SpoofedFlood.mainModeFirstMessages(count: 2_000, template: template, to: pair.b.endpoint, seed: 5) {
            let forged = Endpoint(address: pair.a.endpoint.address, port: datagram.remote.port)
            pair.bed.deliver(.datagram(Datagram(local: datagram.local, remote: forged, bytes: datagram.bytes)), to: pair.b)
        }
        #expect(pair.b.engine.context.halfOpen.halfOpenCount(for: pair.a.endpoint.address) == 256)
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        #expect(pair.b.engine.context.halfOpen.halfOpenCount(for: pair.a.endpoint.address) <= 256)
    }

    /// Issue 20, a flood that goes on: `forged` first messages from A's own address reach B between A's MM1 and its
    /// MM3. A's record survives while fewer than the per-peer bound arrive in that round trip (200 with the bound of
    /// 256), and A negotiates at once; with the former bound of 32 the same 200 evict it, and A's MM3 meets unknown
    /// cookies.
    @Test(arguments: [(256, true), (32, false)])
    func aRealPeersRecordSurvivesForgedFirstMessagesWithinTheBound(perPeer: Int, survives: Bool) throws {
        let pair = HostPair(b: HostPair.configuration(peer: HostPair.addressA, halfOpen: (1024, perPeer)))
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        let addressA = pair.a.endpoint.address
        pair.pingFromA()
        pair.bed.run(until: { pair.b.engine.context.halfOpen.halfOpenCount(for: addressA) == 1 })
        for datagram in SpoofedFlood.mainModeFirstMessages(count: 200, template: template, to: pair.b.endpoint, seed: 11) {
            let forged = Endpoint(address: addressA, port: datagram.remote.port)
            pair.bed.deliver(.datagram(Datagram(local: datagram.local, remote: forged, bytes: datagram.bytes)), to: pair.b)
        }
        pair.bed.run()
        #expect(pair.b.logged("evicted the unanswered phase 1 with \(pair.a.endpoint)") == !survives)
        if survives {
            pair.expectMirroredSAs()
        } else {
            #expect(pair.a.kernel.installed.isEmpty, "A's exchange was lost with its record")
        }
    }

    @Test func aFloodFromOnePeerIsBoundedPerPeer() throws {
        let pair = HostPair()
        let template = try #require(RetransmissionTests.firstMessage(cookie: 1))
        let attacker = Endpoint(address: IPAddress("192.0.2.66")!, port: 500)
        for datagram in SpoofedFlood.mainModeFirstMessages(count: 10_000, template: template, to: pair.b.endpoint, seed: 9) {
            pair.bed.deliver(.datagram(Datagram(local: datagram.local, remote: attacker, bytes: datagram.bytes)), to: pair.b)
        }
        pair.bed.run()
        #expect(pair.b.engine.halfOpenPhase1Count == 256)
        #expect(pair.b.engine.context.halfOpen.halfOpenCount(for: attacker.address) == 256)
        // A real peer still gets its slot.
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
    }
}
