import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Simultaneous initiation")
struct SimultaneousInitiationTests {
    @Test func bothSidesPingAtOnce() {
        let pair = HostPair()
        pair.pingFromA()
        pair.pingFromB()
        pair.bed.run()
        pair.bed.advance(by: .seconds(60))
        // Each side negotiated its own ISAKMP SA; INITIAL-CONTACT must not tear down the other one.
        #expect(pair.a.engine.establishedPhase1Count == 2 && pair.b.engine.establishedPhase1Count == 2)
        #expect(!pair.a.sentAcquireFailure && !pair.b.sentAcquireFailure)
        #expect(pair.a.engine.establishedPhase2Count >= 1 && pair.b.engine.establishedPhase2Count >= 1)
        guard case .protected = pair.pingFromA() else {
            Issue.record("traffic from A must be protected")
            return
        }
        guard case .protected = pair.pingFromB() else {
            Issue.record("traffic from B must be protected")
            return
        }
    }
}
