import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Rekeying, expiry, DELETE, INITIAL-CONTACT, DPD, shutdown, concurrent Quick Modes")
struct LifecycleTests {
    static func established() -> HostPair {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run()
        return pair
    }

    /// A's inbound SA (B → A).
    static func inboundSPI(_ pair: HostPair) -> UInt32? {
        pair.a.kernel.keyed.first { $0.destination == HostPair.addressA }?.spi
    }

    @Test func softExpiryOnTheInitiatorRekeysOnTheLiveISAKMPSA() throws {
        let pair = Self.established()
        pair.expectMirroredSAs()
        let spi = try #require(Self.inboundSPI(pair))
        let datagramsBefore = pair.bed.network.transcript.count
        #expect(pair.a.kernel.injectExpire(spi: spi, hard: false))
        pair.bed.run()
        #expect(pair.a.logged("IPsec-SA soft-expired"))
        // Quick Mode only: no new phase 1.
        #expect(pair.bed.network.transcript.count == datagramsBefore + 3)
        #expect(pair.a.engine.establishedPhase1Count == 1)
        // A's new outbound SA follows a moment later (RekeyOutboundSwitchTests).
        pair.bed.advance(by: .seconds(1))
        pair.expectMirroredSAs(count: 4)
        #expect(pair.a.engine.establishedPhase2Count == 2 && pair.b.engine.establishedPhase2Count == 2)
    }

    @Test func softExpiryOnTheResponderWaitsForTheInitiator() throws {
        let pair = Self.established()
        let spi = try #require(pair.b.kernel.keyed.first { $0.destination == HostPair.addressB }?.spi)
        let before = pair.bed.network.transcript.count
        #expect(pair.b.kernel.injectExpire(spi: spi, hard: false))
        pair.bed.run()
        #expect(pair.bed.network.transcript.count == before)
    }

    @Test func hardExpiryCleansUp() throws {
        let pair = Self.established()
        let spi = try #require(Self.inboundSPI(pair))
        #expect(pair.a.kernel.injectExpire(spi: spi, hard: true))
        pair.bed.run()
        #expect(pair.a.logged("IPsec-SA expired"))
        #expect(pair.a.kernel.keyed.isEmpty)
        #expect(pair.a.engine.establishedPhase2Count == 0)
        #expect(pair.a.engine.establishedPhase1Count == 1)
    }

    @Test func phase2HandleIsFreedAtItsLifetime() {
        let pair = Self.established()
        // The handle outlives the lifetime by a margin, so the kernel's own hard EXPIRE normally comes first.
        pair.bed.advance(by: .seconds(3601))
        #expect(pair.a.engine.establishedPhase2Count == 1)
        pair.bed.advance(by: .seconds(5))
        #expect(pair.a.engine.establishedPhase2Count == 0 && pair.b.engine.establishedPhase2Count == 0)
    }

    @Test func phase1ExpiresAtItsLifetimeAndIsDeletedAtThePeer() {
        let pair = Self.established()
        pair.bed.advance(by: .seconds(28801))
        #expect(pair.a.engine.establishedPhase1Count == 0 && pair.b.engine.establishedPhase1Count == 0)
        #expect(pair.a.logged("ISAKMP-SA deleted") || pair.b.logged("ISAKMP-SA deleted"))
        #expect(pair.a.engine.armedTimerCount == 0 && pair.b.engine.armedTimerCount == 0)
    }

    @Test func foreignDeleteTellsThePeer() throws {
        let pair = Self.established()
        let spi = try #require(Self.inboundSPI(pair))
        #expect(pair.a.kernel.injectForeignDelete(spi: spi))
        pair.bed.run()
        #expect(pair.a.logged("deleted by pid 31337: telling 10.0.0.2[500]"))
        #expect(pair.b.logged("IPsec-SA deleted"))
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        // The next packet negotiates again on the surviving ISAKMP SA.
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
    }

    @Test func flushDeletesAtThePeerAndKeepsPhase1() {
        let pair = Self.established()
        pair.a.kernel.injectForeignFlush()
        pair.bed.run()
        #expect(pair.b.kernel.keyed.isEmpty)
        #expect(pair.a.engine.establishedPhase2Count == 0 && pair.b.engine.establishedPhase2Count == 0)
        #expect(pair.a.engine.establishedPhase1Count == 1)
    }

    @Test func initialContactFromARebootedPeerPurgesItsOldSAs() {
        let pair = Self.established()
        pair.expectMirroredSAs()
        pair.bed.advance(by: .seconds(10))
        // B reboots: fresh engine and kernel, same policies.
        pair.bed.restart(
            pair.b, configuration: HostPair.configuration(peer: HostPair.addressA), random: SeededRandom(seed: 77),
            firstSPI: 0x0c00_0000)
        pair.pingFromB()
        pair.bed.run()
        #expect(pair.a.logged("received INITIAL-CONTACT from 10.0.0.2[500]: purging its older SAs"))
        #expect(pair.a.engine.establishedPhase1Count == 1)
        pair.expectMirroredSAs()
    }

    @Test func shutdownDeletesOnlyOurSAsAndTellsThePeer() {
        let pair = Self.established()
        pair.bed.deliver(.shutdownRequested, to: pair.a)
        pair.bed.run()
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(pair.a.engine.establishedPhase1Count == 0 && pair.b.engine.establishedPhase1Count == 0)
        #expect(pair.b.logged("ISAKMP-SA deleted"))
        #expect(pair.a.engine.armedTimerCount == 0)
    }

    @Test func deadPeerDetection() {
        let remote = HostPair.remote(dpdDelay: 5)
        let pair = HostPair(
            a: HostPair.configuration(remote: remote, peer: HostPair.addressB),
            b: HostPair.configuration(remote: remote, peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        pair.bed.advance(by: .seconds(12))
        #expect(!pair.a.logged("seems to be dead"))
        #expect(pair.a.engine.establishedPhase1Count == 1)
        // B vanishes.
        pair.bed.network.interceptor = { $0.datagram.local.address == HostPair.addressB ? .drop : .deliver }
        pair.bed.advance(by: .seconds(60))
        #expect(pair.a.logged("DPD: remote 10.0.0.2[500] seems to be dead"))
        #expect(pair.a.engine.establishedPhase1Count == 0 && pair.a.engine.establishedPhase2Count == 0)
        #expect(pair.a.kernel.keyed.isEmpty)
    }

    @Test func concurrentQuickModesOnOneISAKMPSA() {
        let pair = HostPair(protocols: [1, 6])
        pair.pingFromA(upperLayerProtocol: 1)
        pair.pingFromA(upperLayerProtocol: 6)
        pair.bed.run()
        pair.expectMirroredSAs(count: 4)
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        #expect(pair.a.engine.establishedPhase2Count == 2)
        let quickModeIDs = Set(pair.bed.network.messages.filter { $0.message.header.exchangeType == .quickMode }.map {
            $0.message.header.messageID
        })
        #expect(quickModeIDs.count == 2)
    }

    @Test func aggressiveModeThenQuickMode() {
        let remote = HostPair.remote(modes: [.aggressive])
        let pair = HostPair(
            a: HostPair.configuration(remote: remote, peer: HostPair.addressB),
            b: HostPair.configuration(remote: remote, peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        let kinds = pair.bed.network.messages.map { $0.message.header.exchangeType }
        #expect(kinds.prefix(3) == [.aggressive, .aggressive, .aggressive])
        #expect(pair.bed.network.messages[2].message.encryptedBody == nil, "racoon sends AM3 unencrypted")
    }

    @Test func aggressiveModeLooksThePreSharedKeyUpByID() {
        var remote = HostPair.remote(modes: [.aggressive])
        remote.myIdentifier = .fqdn("a.example")
        var configurationB = HostPair.configuration(remote: HostPair.remote(modes: [.aggressive]), peer: HostPair.addressA)
        configurationB.preSharedKeys = PreSharedKeyTable(["a.example": Array("s3cret".utf8)])
        let pair = HostPair(a: HostPair.configuration(remote: remote, peer: HostPair.addressB), b: configurationB)
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
    }
}
