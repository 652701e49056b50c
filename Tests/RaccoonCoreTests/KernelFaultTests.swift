import Glibc
import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

/// The kernel says no: UPDATE or ADD refused (EINVAL: an SA the kernel does not accept; EACCES: an LSM such as
/// SELinux denying `association:setcontext`), or the policy disappears mid-negotiation.
@Suite("Kernel faults during negotiation")
struct KernelFaultTests {
    @Test(arguments: [SADBMessageType.update, .add], [EINVAL, EACCES])
    func refusedInstallFailsPhase2AndKeepsPhase1(type: SADBMessageType, errno: Int32) {
        let pair = HostPair()
        pair.a.kernel.refusals[type] = errno
        pair.pingFromA()
        pair.bed.run()
        pair.bed.advance(by: .seconds(60))
        #expect(pair.a.engine.establishedPhase2Count == 0, "phase 2 failed on A")
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
        #expect(pair.a.kernel.keyed.isEmpty, "nothing installed on A")
        #expect(pair.a.engine.establishedPhase1Count == 1, "the ISAKMP SA is kept")
        let name = errno == EINVAL ? "EINVAL" : "EACCES"
        #expect(pair.a.logged(
            "phase 2 with 10.0.0.2[500] (Quick Mode, initiator) failed: the kernel refused \(type): \(name) (\(errno))"))
    }

    @Test func policyDeletedWhileItsNegotiationRuns() {
        let pair = HostPair()
        pair.pingFromA()
        // Phase 1 is under way when the outbound policy goes.
        pair.bed.run(until: { pair.bed.network.transcript.count >= 2 })
        for policy in pair.a.kernel.policies { pair.a.kernel.removePolicy(id: policy.id) }
        pair.bed.run()
        pair.bed.advance(by: .seconds(120))
        // The kernel refuses an SA no policy asks for (EINVAL on UPDATE); phase 2 fails cleanly, phase 1 stays.
        #expect(pair.a.logged("phase 2 with 10.0.0.2[500] (Quick Mode, initiator) failed: the kernel refused SADB_UPDATE: EINVAL (22)"))
        #expect(pair.a.kernel.keyed.isEmpty)
        #expect(pair.a.engine.establishedPhase2Count == 0 && pair.a.engine.negotiatingPhase2Count == 0)
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.a.engine.negotiatingPhase1Count == 0)
    }
}
