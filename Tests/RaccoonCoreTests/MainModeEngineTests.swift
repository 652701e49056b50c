import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Main Mode + Quick Mode, engine to engine")
struct MainModeEngineTests {
    @Test func acquireEndsInMirroredSAs() {
        let pair = HostPair()
        guard case .acquireSent = pair.pingFromA() else {
            Issue.record("the first ping must produce an ACQUIRE")
            return
        }
        pair.bed.run()
        pair.expectMirroredSAs()
        #expect(pair.a.logged("ISAKMP-SA established 10.0.0.1[500]-10.0.0.2[500] spi:"))
        #expect(pair.b.logged("ISAKMP-SA established 10.0.0.2[500]-10.0.0.1[500] spi:"))
        #expect(pair.a.logged("IPsec-SA established: ESP/Transport 10.0.0.2[500]->10.0.0.1[500] spi="))
        #expect(pair.b.logged("IPsec-SA established: ESP/Transport 10.0.0.1[500]->10.0.0.2[500] spi="))
        #expect(pair.a.engine.establishedPhase2Count == 1)
        #expect(pair.b.engine.establishedPhase2Count == 1)
        #expect(pair.a.socketErrors.isEmpty && pair.b.socketErrors.isEmpty)
        // MM1…MM6, INITIAL-CONTACT from both sides, QM1…QM3.
        #expect(pair.bed.network.transcript.count == 11)
        // Traffic now flows through the SAs.
        guard case .protected(let spis) = pair.pingFromA() else {
            Issue.record("the second ping must be protected")
            return
        }
        #expect(spis.count == 1)
    }

    @Test func pfsEndsInMirroredSAs() {
        let a = HostPair.configuration(saInfo: HostPair.saInfo(pfs: .modp1024), peer: HostPair.addressB)
        let b = HostPair.configuration(saInfo: HostPair.saInfo(pfs: .modp1024), peer: HostPair.addressA)
        let pair = HostPair(a: a, b: b)
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
    }
}
