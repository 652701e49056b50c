import ISAKMP
import RaccoonTestSupport
import Testing

@testable import RaccoonCore

/// An authenticated NO-PROPOSAL-CHOSEN that does not name our SPI: charon 5.9 refuses a Quick Mode before it has
/// chosen a proposal and sends SPI 0 (seen in the interop suite: Raccoon's larval SA then lingered 30 s).
@Suite("Quick Mode refusals without our SPI")
struct Phase2RefusalAttributionTests {
    /// B refuses A's Quick Mode (no common ESP cipher). B's own notify is lost (every informational message from B
    /// is: exchange type 5 at byte 18, RFC 2408 §3.1); B then sends NO-PROPOSAL-CHOSEN with `spi` instead, protected
    /// by the ISAKMP SA.
    static func refuse(spi: [UInt8]) -> HostPair {
        let pair = HostPair(
            a: HostPair.configuration(saInfo: HostPair.saInfo(encryption: [.tripleDES]), peer: HostPair.addressB),
            b: HostPair.configuration(saInfo: HostPair.saInfo(encryption: [.aes(keyBits: 256)]), peer: HostPair.addressA))
        pair.bed.network.interceptor = { transmission in
            let datagram = transmission.datagram
            return datagram.local.address == HostPair.addressB && datagram.bytes.count > 18 && datagram.bytes[18] == 5
                ? .drop : .deliver
        }
        pair.pingFromA()
        pair.bed.run()
        pair.bed.network.interceptor = { _ in .deliver }
        #expect(pair.b.logged("sending notify NO-PROPOSAL-CHOSEN to 10.0.0.1[500]"))
        #expect(pair.a.engine.negotiatingPhase2Count == 1)
        guard let phase1 = pair.b.engine.context.phase1s.values.first(where: \.isEstablished) else {
            Issue.record("B has no ISAKMP SA")
            return pair
        }
        pair.b.engine.context.informational.sendProtectedInformational(
            .notification(NotificationPayload(protocolID: .esp, notifyType: .noProposalChosen, spi: spi)), on: phase1)
        let effects = pair.b.engine.context.effects
        pair.b.engine.context.effects = []
        pair.bed.execute(effects, on: pair.b)
        pair.bed.run()
        return pair
    }

    @Test(arguments: [[UInt8](), [0, 0, 0, 0]])
    func endsOurOnlyWaitingQuickMode(spi: [UInt8]) {
        let pair = Self.refuse(spi: spi)
        #expect(pair.a.logged("phase 2 with 10.0.0.2[500] (Quick Mode, initiator) failed: no acceptable proposal: the peer refused with NO-PROPOSAL-CHOSEN"))
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
        // The SPI reserved by GETSPI is given back at once instead of lingering until the kernel expires it.
        #expect(pair.a.kernel.larval.isEmpty)
        #expect(pair.a.sentAcquireFailure)
    }

    @Test func anotherSPIIsOnlyLogged() {
        let pair = Self.refuse(spi: [0xde, 0xad, 0xbe, 0xef])
        #expect(pair.a.logged("notification NO-PROPOSAL-CHOSEN received from 10.0.0.2[500]"))
        #expect(pair.a.engine.negotiatingPhase2Count == 1)
    }
}
