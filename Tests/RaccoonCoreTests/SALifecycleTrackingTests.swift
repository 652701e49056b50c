import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

/// Every SA the engine installed stays on file until it is gone (issue 20): against strongSwan on the real kernel
/// Raccoon logged "DELETE ... for unknown SPI" and "EXPIRE ... not ours" for SAs it had installed itself, and kept
/// inbound SAs whose peer half was long deleted.
@Suite("SA tracking through expiry, the peer's DELETE and re-keying by both sides")
struct SALifecycleTrackingTests {
    /// A's SAs: (inbound B → A, outbound A → B).
    static func spisOfA(_ pair: HostPair) throws -> (inbound: UInt32, outbound: UInt32) {
        let inbound = try #require(pair.a.kernel.keyed.first { $0.destination == HostPair.addressA }?.spi)
        let outbound = try #require(pair.a.kernel.keyed.first { $0.destination == HostPair.addressB }?.spi)
        return (inbound, outbound)
    }

    static func count(_ node: EngineTestbed.Node, _ text: String) -> Int {
        node.logMessages.filter { $0.contains(text) }.count
    }

    static func lostTrack(_ node: EngineTestbed.Node) -> Bool {
        node.logged("not ours") || node.logged("for unknown")
    }

    /// A pair the kernel expired is deleted at the peer too, whose copy may be meant to live longer.
    @Test func aHardExpiryTellsThePeer() throws {
        let pair = LifecycleTests.established()
        let spis = try Self.spisOfA(pair)
        #expect(pair.a.kernel.injectExpire(spi: spis.inbound, hard: true))
        pair.bed.run()
        #expect(pair.b.logged("(deleted by the peer)"))
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(!Self.lostTrack(pair.a) && !Self.lostTrack(pair.b))
    }

    /// The kernel expires both halves of a pair in the same second: the second EXPIRE is for our SA too.
    @Test func bothHalvesOfAPairExpiringTogetherAreOurs() throws {
        let pair = LifecycleTests.established()
        let spis = try Self.spisOfA(pair)
        #expect(pair.a.kernel.injectExpire(spi: spis.inbound, hard: true))
        #expect(pair.a.kernel.injectExpire(spi: spis.outbound, hard: true))
        pair.bed.run()
        #expect(Self.count(pair.a, "IPsec-SA expired") == 2)
        #expect(!Self.lostTrack(pair.a))
        #expect(pair.a.kernel.keyed.isEmpty && pair.a.engine.establishedPhase2Count == 0)
        // The record goes after its grace period; nothing else is left armed for it.
        pair.bed.advance(by: .seconds(31))
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
    }

    /// Our copy of the pair expired first; the peer's DELETE for it, sent when its own copy goes, still names ours.
    @Test func thePeersDeleteAfterOurHardExpiryFindsThePair() throws {
        let pair = LifecycleTests.established()
        let spis = try Self.spisOfA(pair)
        // A's DELETE for the expired pair is lost, so B's copy outlives A's (as charon's does when its lifetime is
        // longer).
        pair.bed.network.interceptor = { _ in .drop }
        #expect(pair.a.kernel.injectExpire(spi: spis.inbound, hard: true))
        pair.bed.run()
        pair.bed.network.interceptor = { _ in .deliver }
        // B's copy goes too, and B tells A (a DELETE naming B's inbound SPI, A's outbound).
        #expect(pair.b.kernel.injectForeignDelete(spi: spis.outbound))
        pair.bed.run()
        #expect(pair.a.logged("(deleted by the peer)"))
        #expect(!Self.lostTrack(pair.a))
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
    }

    /// The peer's DELETE came first and the pair is deleted; the kernel's EXPIREs it had already queued for the
    /// pair are still ours.
    @Test func theKernelsExpireAfterThePeersDeleteIsOurs() throws {
        let pair = LifecycleTests.established()
        let spis = try Self.spisOfA(pair)
        let installed = pair.a.kernel.keyed
        #expect(pair.b.kernel.injectForeignDelete(spi: spis.outbound))
        pair.bed.run()
        #expect(pair.a.logged("(deleted by the peer)"))
        #expect(pair.a.kernel.keyed.isEmpty)
        // The hard EXPIREs the kernel had queued for both SAs before it processed the DELETE.
        for sa in installed { pair.a.kernel.injectExpire(of: sa, hard: true) }
        pair.bed.run()
        #expect(!Self.lostTrack(pair.a))
    }

    /// A pair whose lifetime ran out without a hard EXPIRE (the kernel counted from later, or the EXPIRE was lost)
    /// is deleted from the kernel, not forgotten while it is still there.
    @Test func aPairThatOutlivesItsLifetimeIsDeletedFromTheKernel() {
        let pair = LifecycleTests.established()
        pair.bed.advance(by: .seconds(3600 + 6))
        #expect(pair.a.engine.establishedPhase2Count == 0 && pair.b.engine.establishedPhase2Count == 0)
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(pair.a.logged("without a hard EXPIRE: deleting it"))
        // The kernel's EXPIRE arriving now is still recognised.
        #expect(!Self.lostTrack(pair.a) && !Self.lostTrack(pair.b))
        pair.bed.advance(by: .seconds(31))
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
    }

    /// Both sides negotiated a pair at once and both soft-expire at once: both re-key, and when every old SA has
    /// expired both kernels hold the same SPIs, with nothing lost track of.
    @Test func bothSidesReKeyingAtOnceEndWithTheSameSPIs() throws {
        let pair = HostPair()
        pair.pingFromA()
        pair.pingFromB()
        pair.bed.run()
        pair.bed.advance(by: .seconds(5))
        let oldA = Set(pair.a.kernel.keyed.map(\.spi))
        #expect(oldA == Set(pair.b.kernel.keyed.map(\.spi)))
        // Each side's soft EXPIRE for the SAs it initiated (its own inbound SA of the pair it started).
        for node in [pair.a, pair.b] {
            for sa in node.kernel.keyed where sa.destination == node.address {
                node.kernel.injectExpire(spi: sa.spi, hard: false)
            }
        }
        pair.bed.run()
        // Each side's new outbound SA follows a moment later (RekeyOutboundSwitchTests).
        pair.bed.advance(by: .seconds(1))
        #expect(pair.a.logged("re-keying") && pair.b.logged("re-keying"))
        #expect(Set(pair.a.kernel.keyed.map(\.spi)) == Set(pair.b.kernel.keyed.map(\.spi)))
        // Every old SA reaches its hard lifetime on both sides.
        for spi in oldA {
            pair.a.kernel.injectExpire(spi: spi, hard: true)
            pair.b.kernel.injectExpire(spi: spi, hard: true)
        }
        pair.bed.run()
        let newA = Set(pair.a.kernel.keyed.map(\.spi))
        #expect(!newA.isEmpty && newA.isDisjoint(with: oldA))
        #expect(newA == Set(pair.b.kernel.keyed.map(\.spi)))
        #expect(!Self.lostTrack(pair.a) && !Self.lostTrack(pair.b))
        guard case .protected = pair.pingFromA() else {
            Issue.record("traffic from A must be protected by the new SAs")
            return
        }
    }

    /// The peer re-keyed the pair well before our soft expiry (strongSwan's rekey_time below our soft lifetime): we
    /// do not add a second replacement, and the flow stays protected by the peer's.
    @Test func thePeerReKeyedFirstSoOurSoftExpiryDoesNotReKeyAgain() throws {
        let pair = LifecycleTests.established()
        let spis = try Self.spisOfA(pair)
        pair.bed.advance(by: .seconds(1000))
        // B negotiates a second pair for the same flow, as charon does when it re-keys (a Raccoon responder waits for
        // the initiator): a B that lost its state and sends no INITIAL-CONTACT, so A keeps its first pair.
        let quiet = HostPair.configuration(remote: HostPair.remote(initialContact: false), peer: HostPair.addressA)
        pair.bed.restart(pair.b, configuration: quiet, random: SeededRandom(seed: 78), firstSPI: 0x0c00_0000)
        pair.pingFromB()
        pair.bed.run()
        #expect(pair.a.engine.establishedPhase2Count == 2)
        let datagrams = pair.bed.network.transcript.count
        #expect(pair.a.kernel.injectExpire(spi: spis.inbound, hard: false))
        pair.bed.run()
        #expect(pair.a.logged("not re-keying, the peer replaced it"))
        #expect(pair.bed.network.transcript.count == datagrams)
        guard case .protected = pair.pingFromA() else {
            Issue.record("traffic from A must stay protected")
            return
        }
    }

    /// Pairs negotiated at once by both sides are not replacements of each other: the soft expiry re-keys.
    @Test func aPairOfTheSameAgeIsNoReplacement() {
        let pair = HostPair()
        pair.pingFromA()
        pair.pingFromB()
        pair.bed.run()
        for sa in pair.a.kernel.keyed where sa.destination == HostPair.addressA {
            pair.a.kernel.injectExpire(spi: sa.spi, hard: false)
        }
        pair.bed.run()
        #expect(pair.a.logged("): re-keying"))
        #expect(!pair.a.logged("not re-keying"))
    }

    /// A pair the peer deleted is retired, not forgotten; a flush, INITIAL-CONTACT or an administrator's delete in
    /// its grace period must not delete it a second time (no second DELETE to the peer, no "IPsec-SA deleted" line).
    @Test func aRetiredPairIsNotDeletedAgain() throws {
        let pair = LifecycleTests.established()
        let spis = try Self.spisOfA(pair)
        #expect(pair.b.kernel.injectForeignDelete(spi: spis.outbound))
        pair.bed.run()
        #expect(pair.a.logged("(deleted by the peer)"))
        let deletesSent = Self.count(pair.a, "sent DELETE")
        let deletedLines = Self.count(pair.a, "IPsec-SA deleted")
        // flush-sa esp and delete-sa for the flow, while the retired record is still on file.
        let flushed = try EngineAdminCommandTests.perform(.flush(.esp), on: pair.a, in: pair).get()
        #expect(flushed == "flushed 0 IPsec SA pair(s)")
        let deleted = EngineAdminCommandTests.perform(
            .delete(.ipsec(protocol: .esp, source: EngineAdminCommandTests.host(HostPair.addressA),
                           destination: EngineAdminCommandTests.host(HostPair.addressB), upperLayer: "any")),
            on: pair.a, in: pair)
        #expect(deleted == .failure(.failed("no IPsec-SA matches esp 10.0.0.1/32[any] 10.0.0.2/32[any] any")))
        #expect(Self.count(pair.a, "sent DELETE") == deletesSent)
        #expect(Self.count(pair.a, "IPsec-SA deleted") == deletedLines)
        #expect(!Self.lostTrack(pair.a))
        // Positive control: an established pair is deleted by the same flush, with a DELETE to the peer.
        let fresh = LifecycleTests.established()
        let flushedFresh = try EngineAdminCommandTests.perform(.flush(.esp), on: fresh.a, in: fresh).get()
        #expect(flushedFresh == "flushed 1 IPsec SA pair(s)")
        #expect(Self.count(fresh.a, "sent DELETE") == 1)
    }
}
