import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import SELinuxPolicy
import Testing

@Suite("The engine's admin surface: per-SA status, flush-sa")
struct EngineAdminTests {
    static func established() -> HostPair {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run()
        return pair
    }

    /// The SPIs the node's kernel holds, as show-sa prints them.
    static func kernelSPIs(_ node: EngineTestbed.Node) -> Set<String> {
        Set(node.kernel.keyed.map { sa in
            let hex = String(sa.spi, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        })
    }

    @Test func statusListsBothSAsOfEachPairWithTheKernelsSPIs() throws {
        let pair = Self.established()
        let status = pair.a.engine.adminStatus()
        #expect(status.isakmpSAs.count == 1)
        // The walkthrough's two policies (out and in) are in the mirror.
        #expect(status.securityPolicies == 2)
        let isakmp = try #require(status.isakmpSAs.first)
        #expect(isakmp.local == "10.0.0.1[500]" && isakmp.remote == "10.0.0.2[500]")
        #expect(isakmp.established && isakmp.exchange == "main" && isakmp.phase2Count == 1)
        #expect(isakmp.algorithms?.hasPrefix("3DES") == true)
        #expect(status.ipsecSAs.count == 2)
        #expect(Set(status.ipsecSAs.map(\.spi)) == Self.kernelSPIs(pair.a))
        let inbound = try #require(status.ipsecSAs.first { $0.destination == "10.0.0.1" })
        #expect(inbound.source == "10.0.0.2" && inbound.securityProtocol == "esp" && inbound.mode == "transport")
        #expect(inbound.algorithms == "AES128/HMAC-SHA1" && inbound.lifetimeSeconds == 3600)
        #expect(inbound.securityContext == nil)
        // B lists the same SPIs, mirrored.
        #expect(Set(pair.b.engine.adminStatus().ipsecSAs.map(\.spi)) == Self.kernelSPIs(pair.a))

        let listing = status.listing(.esp)
        #expect(listing.contains("10.0.0.2 10.0.0.1\n\tesp mode=transport spi=0x\(inbound.spi) AES128/HMAC-SHA1"))
        #expect(status.listing(.ah) == "no AH SA")
        #expect(status.listing(.isakmp).contains("10.0.0.1[500]"))
        #expect(status.listing(.isakmp).contains("established main 3DES"))
    }

    @Test func labeledSAsCarryTheirContextInTheListing() throws {
        let spd = "system_u:object_r:ipsec_spd_t:s0"
        let flow = "system_u:system_r:kernel_t:s0"
        let pair = HostPair(
            checker: StaticPolicyChecker(rules: [.init(subject: flow, object: spd)]),
            labels: SADBSecurityContext(label: spd))
        pair.pingFromA(context: SADBSecurityContext(label: flow))
        pair.bed.run()
        let status = pair.b.engine.adminStatus()
        #expect(status.ipsecSAs.count == 2)
        #expect(status.ipsecSAs.allSatisfy { $0.securityContext == flow })
        #expect(status.listing(.ipsec).contains("security context: \"\(flow)\""))
        #expect(pair.a.logged("security context \"\(flow)\""))
    }

    @Test func flushIPsecDeletesOurSAsTellsThePeerAndKeepsPhase1() {
        let pair = Self.established()
        let transcript = pair.bed.network.transcript.count
        pair.bed.execute(pair.a.engine.flush(.ipsec, at: pair.bed.scheduler.now), on: pair.a)
        pair.bed.run()
        #expect(pair.a.kernel.keyed.isEmpty)
        // The peer received the DELETE and removed its own SAs.
        #expect(pair.b.kernel.keyed.isEmpty)
        #expect(pair.b.logged("IPsec-SA deleted"))
        #expect(pair.a.logged("sent DELETE for PROTO_IPSEC_ESP spi="))
        #expect(pair.bed.network.transcript.count == transcript + 1)
        #expect(pair.a.engine.adminStatus().ipsecSAs.isEmpty)
        #expect(pair.a.engine.establishedPhase1Count == 1)
        // The next packet needs a Quick Mode only.
        let before = pair.bed.network.transcript.count
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.bed.network.transcript.count == before + 3)
        pair.expectMirroredSAs()
    }

    @Test func flushAHLeavesESPAlone() {
        let pair = Self.established()
        #expect(pair.a.engine.flush(.ah, at: pair.bed.scheduler.now).isEmpty)
        #expect(pair.a.kernel.keyed.count == 2)
    }

    @Test func flushISAKMPDeletesPhase1AtBothEndsAndKeepsIPsecSAs() {
        let pair = Self.established()
        pair.bed.execute(pair.a.engine.flush(.isakmp, at: pair.bed.scheduler.now), on: pair.a)
        pair.bed.run()
        #expect(pair.a.engine.adminStatus().isakmpSAs.isEmpty)
        #expect(pair.b.engine.establishedPhase1Count == 0)
        #expect(pair.b.logged("ISAKMP-SA deleted"))
        #expect(pair.a.logged("sent DELETE for PROTO_ISAKMP spi="))
        pair.expectMirroredSAs()
    }

    @Test func flushAbandonsAQuickModeInProgressAndTellsTheKernel() {
        let pair = HostPair()
        pair.pingFromA()
        // Stop once A waits for phase 1 (the ACQUIRE is handled, nothing answered yet).
        pair.bed.run { pair.a.engine.negotiatingPhase2Count == 1 }
        #expect(pair.a.engine.adminStatus().pendingPhase2 == 1)
        let effects = pair.a.engine.flush(.esp, at: pair.bed.scheduler.now)
        let acquireFailures = effects.filter { if case .kernel(let m) = $0 { m.type == .acquire } else { false } }
        #expect(acquireFailures.count == 1)
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
    }
}
