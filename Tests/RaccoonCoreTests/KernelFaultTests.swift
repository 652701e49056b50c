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
        #expect(pair.a.engine.negotiatingPhase2Count == 0 && pair.a.engine.armedTimerCount <= 2)
        // No SA is left behind for a policy that no longer exists, or they are installed and unused; either way
        // nothing leaks in the engine.
        #expect(pair.a.engine.negotiatingPhase1Count == 0)
    }
}

/// A reload (SIGHUP, `reload-config`) while negotiations run: racoon keeps its SAs and running exchanges across
/// a reload; so does the engine.
@Suite("Reload during negotiation")
struct ReloadDuringNegotiationTests {
    @Test(arguments: [2, 4, 7])
    func reloadMidNegotiationCompletes(afterMessages: Int) {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run(until: { pair.bed.network.transcript.count >= afterMessages })
        pair.bed.deliver(.reloadRequested(HostPair.configuration(peer: HostPair.addressA)), to: pair.b)
        pair.bed.deliver(.reloadRequested(HostPair.configuration(peer: HostPair.addressB)), to: pair.a)
        pair.bed.run()
        pair.expectMirroredSAs()
    }
}
