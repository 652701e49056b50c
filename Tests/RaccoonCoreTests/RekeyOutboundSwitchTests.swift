import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

/// A re-keying initiator holds its new outbound SA back while the old pair still carries the flow (issue 20): charon,
/// as Quick Mode responder, installs its SAs only when QM3 arrives, and the kernel sends on the newest outbound SA at
/// once, so a ping sent on the new SA before charon had processed QM3 was lost (CI, `interop-lifecycle` rekey-both).
@Suite("A re-keying initiator switches to its new outbound SA once the peer can receive on it")
struct RekeyOutboundSwitchTests {
    /// A's outbound SPIs (A → B) in its kernel.
    static func outboundSPIs(_ pair: HostPair) -> Set<UInt32> {
        Set(pair.a.kernel.keyed.filter { $0.destination == HostPair.addressB }.map(\.spi))
    }

    /// An established pair whose initiator A has soft-expired and re-keyed, with QM3 held back on the wire.
    static func reKeyingWithQM3InFlight() throws -> (pair: HostPair, oldOutbound: UInt32, oldInbound: UInt32) {
        let pair = LifecycleTests.established()
        let oldOutbound = try #require(outboundSPIs(pair).first)
        let oldInbound = try #require(LifecycleTests.inboundSPI(pair))
        pair.bed.network.interceptor = { ResponderInboundInstallTests.isQM3FromA($0) ? .hold : .deliver }
        #expect(pair.a.kernel.injectExpire(spi: oldInbound, hard: false))
        pair.bed.run()
        #expect(pair.a.logged("): re-keying"))
        pair.bed.network.interceptor = { _ in .deliver }
        return (pair, oldOutbound, oldInbound)
    }

    /// QM3 is on its way and then processed: A's traffic stays on the old outbound SA until the switch delay has
    /// passed, and then moves to the new one, which B holds by then.
    @Test func theOldPairCarriesTheFlowUntilTheSwitch() throws {
        let (pair, oldOutbound, _) = try Self.reKeyingWithQM3InFlight()
        // A has its new inbound SA, not its new outbound one.
        #expect(pair.a.kernel.keyed.count == 3)
        #expect(Self.outboundSPIs(pair) == [oldOutbound])
        #expect(pair.pingFromA() == .protected(spis: [oldOutbound]))
        pair.bed.network.releaseHeld()
        pair.bed.run()
        #expect(pair.b.engine.establishedPhase2Count == 2)
        #expect(pair.pingFromA() == .protected(spis: [oldOutbound]))
        pair.bed.advance(by: .milliseconds(999))
        #expect(Self.outboundSPIs(pair) == [oldOutbound])
        pair.bed.advance(by: .milliseconds(1))
        let newOutbound = try #require(Self.outboundSPIs(pair).subtracting([oldOutbound]).first)
        #expect(pair.pingFromA() == .protected(spis: [newOutbound]))
        #expect(pair.b.kernel.keyed.contains { $0.spi == newOutbound && $0.destination == HostPair.addressB })
        pair.expectMirroredSAs(count: 4)
        #expect(pair.a.engine.establishedPhase2Count == 2)
    }

    /// The old pair ends while the new outbound SA is held back (the kernel's hard EXPIRE, or the peer's DELETE): the
    /// new one is added at once, so the flow is not left without an SA until the timer.
    @Test func theOldPairEndingInstallsTheHeldBackSAAtOnce() throws {
        let (pair, oldOutbound, oldInbound) = try Self.reKeyingWithQM3InFlight()
        pair.bed.network.releaseHeld()
        pair.bed.run()
        #expect(Self.outboundSPIs(pair) == [oldOutbound])
        #expect(pair.a.kernel.injectExpire(spi: oldInbound, hard: true))
        pair.bed.run()
        let outbound = Self.outboundSPIs(pair)
        #expect(outbound.count == 1 && !outbound.contains(oldOutbound))
        #expect(pair.a.engine.establishedPhase2Count == 1)
        guard case .protected(let spis) = pair.pingFromA(), spis == Array(outbound) else {
            Issue.record("traffic from A must go out on the new outbound SA")
            return
        }
        // The timer that would have added it finds nothing to do.
        pair.bed.advance(by: .seconds(2))
        #expect(Self.outboundSPIs(pair) == outbound)
        #expect(!pair.a.logged("EEXIST") && !pair.a.logged("refused"))
    }

    /// A pair that ends within twice the delay carries nothing for long: the re-key installs both SAs at once.
    @Test func aPairAboutToEndIsNoCover() throws {
        let pair = LifecycleTests.established()
        let oldInbound = try #require(LifecycleTests.inboundSPI(pair))
        pair.bed.advance(by: .seconds(3599))
        #expect(pair.a.kernel.injectExpire(spi: oldInbound, hard: false))
        pair.bed.run()
        #expect(pair.a.logged("): re-keying"))
        #expect(Self.outboundSPIs(pair).count == 2)
    }

    /// A first negotiation has no pair to fall back on: both SAs at once, as before.
    @Test func aFirstNegotiationInstallsItsOutboundSAAtOnce() {
        let pair = LifecycleTests.established()
        pair.expectMirroredSAs()
        #expect(!pair.a.logged("held back"))
    }

    /// A Quick Mode abandoned while its outbound SA is held back deletes only the inbound SA it added: the kernel is
    /// never asked to delete an SA that does not exist.
    @Test func anAbandonedReKeyDeletesOnlyWhatItAdded() throws {
        let (pair, _, _) = try Self.reKeyingWithQM3InFlight()
        #expect(pair.a.logged("held back"))
        let flushed = try EngineAdminCommandTests.perform(.flush(.esp), on: pair.a, in: pair).get()
        #expect(flushed.hasPrefix("flushed"))
        pair.bed.run()
        #expect(pair.a.kernel.keyed.isEmpty)
        let failedDeletes = pair.a.kernelMessages.filter { $0.type == .delete && $0.errno != 0 }
        #expect(failedDeletes.isEmpty, "DELETEs the kernel could not match: \(failedDeletes.map(\.errno))")
        pair.bed.advance(by: .seconds(2))
        #expect(pair.a.kernel.keyed.isEmpty)
    }
}
