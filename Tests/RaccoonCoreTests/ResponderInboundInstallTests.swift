import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

/// The Quick Mode responder installs its inbound SA before it sends QM2 (issue 20): the initiator installs both SAs
/// when QM2 arrives and may send on its new outbound SA before QM3 reaches the responder. charon does that, and
/// against it Raccoon, installing both SAs after QM3 as racoon does, lost pings at charon's re-keys.
@Suite("The Quick Mode responder's inbound SA is ready before QM3")
struct ResponderInboundInstallTests {
    /// QM3 from A (the initiator) to B: a Quick Mode message that carries only HASH(3) (under 100 bytes; QM1 carries
    /// SA, nonce and identities or KE).
    static func isQM3FromA(_ transmission: LoopbackNetwork.Transmission) -> Bool {
        let bytes = transmission.datagram.bytes
        return transmission.datagram.local.address == HostPair.addressA && bytes.count > 18 && bytes[18] == 32
            && bytes.count < 100
    }

    /// QM3 is held back: A already holds both SAs, and B's SA for A's outbound traffic is keyed (not the larval
    /// reservation GETSPI made), so what A sends on it at once is received.
    @Test func theInboundSAIsKeyedBeforeQM3Arrives() throws {
        let pair = HostPair()
        pair.bed.network.interceptor = { Self.isQM3FromA($0) ? .hold : .deliver }
        pair.pingFromA()
        pair.bed.run()
        let outboundOfA = try #require(pair.a.kernel.keyed.first { $0.destination == HostPair.addressB })
        #expect(pair.a.kernel.keyed.count == 2)
        let inboundOfB = pair.b.kernel.keyed.first { $0.spi == outboundOfA.spi }
        #expect(inboundOfB != nil, "B's SA for A's outbound SPI is still larval when QM3 is in flight")
        #expect(inboundOfB?.destination == HostPair.addressB)
        // B's outbound SA waits for QM3 (the proof that A holds its inbound SA).
        #expect(!pair.b.kernel.keyed.contains { $0.destination == HostPair.addressA })
        #expect(!pair.b.logged("IPsec-SA established"))
        // QM3 arrives: B adds its outbound SA and both kernels hold the same pair.
        pair.bed.network.interceptor = { _ in .deliver }
        pair.bed.network.releaseHeld()
        pair.bed.run()
        pair.expectMirroredSAs()
        #expect(pair.b.logMessages.filter { $0.contains("IPsec-SA established") }.count == 2)
        #expect(pair.b.engine.establishedPhase2Count == 1)
    }

    /// QM3 never comes: when B gives up on the Quick Mode, the inbound SA it installed early is deleted like the
    /// larval one it would otherwise have held; nothing is left in B's kernel or tables.
    @Test func aQuickModeWithoutQM3LeavesNoInboundSA() throws {
        let pair = HostPair()
        pair.bed.network.interceptor = { Self.isQM3FromA($0) ? .drop : .deliver }
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.kernel.keyed.count == 1)
        pair.bed.advance(by: .seconds(300))
        #expect(pair.b.kernel.keyed.isEmpty)
        #expect(pair.b.kernel.larval.isEmpty)
        #expect(pair.b.engine.negotiatingPhase2Count == 0 && pair.b.engine.establishedPhase2Count == 0)
        #expect(pair.b.logged("phase 2 with"))
    }

    /// The kernel refuses the early UPDATE: the Quick Mode ends at once and A is told, instead of A sending on an SA
    /// B cannot receive on.
    @Test func aRefusedEarlyUpdateEndsTheQuickMode() {
        let pair = HostPair()
        pair.b.kernel.refusals[.update] = 22
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("UPDATE"))
        #expect(pair.b.kernel.keyed.isEmpty)
        #expect(pair.b.engine.negotiatingPhase2Count == 0)
    }
}
