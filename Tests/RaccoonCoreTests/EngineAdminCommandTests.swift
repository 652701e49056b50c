import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import SELinuxPolicy
import Testing

/// establish-sa, vpn-connect, delete-sa and vpn-disconnect, carried out by the engine and played between two
/// engines in the in-memory testbed.
@Suite("The engine's admin commands: establish-sa, delete-sa, vpn-connect, vpn-disconnect")
struct EngineAdminCommandTests {
    static let a = HostPair.addressA
    static let b = HostPair.addressB

    /// Performs `command` on `node`, executes its effects and runs the testbed until idle; returns the reply.
    @discardableResult
    static func perform(
        _ command: EngineAdminCommand, on node: EngineTestbed.Node, in pair: HostPair
    ) -> Result<String, AdminError> {
        let result = node.engine.perform(command, at: pair.bed.scheduler.now)
        pair.bed.execute(result.effects, on: node)
        pair.bed.run()
        return result.reply
    }

    static func host(_ address: IPAddress) -> AdminCommand.FlowEndpoint {
        AdminCommand.FlowEndpoint(address: address, prefixLength: address.bitWidth, port: nil)
    }

    static func esp(
        _ source: AdminCommand.FlowEndpoint = host(a), _ destination: AdminCommand.FlowEndpoint = host(b),
        _ upperLayer: String = "any"
    ) -> AdminCommand.SASelector {
        .ipsec(protocol: .esp, source: source, destination: destination, upperLayer: upperLayer)
    }

    static func established() -> HostPair {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        return pair
    }

    // MARK: - establish-sa isakmp, vpn-connect

    @Test func establishISAKMPNegotiatesPhase1OnlyAndRefusesASecondTime() throws {
        let pair = HostPair()
        let reply = try Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair).get()
        #expect(reply.contains("initiated phase 1 10.0.0.1[500]<=>10.0.0.2[500]"))
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        // Phase 1 only: no Quick Mode, no SA in either kernel (racoonctl's establish-sa isakmp / vpn-connect).
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(!pair.a.sentAcquireFailure)
        // racoon answers EEXIST for an established ISAKMP-SA.
        let again = Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair)
        #expect(throws: AdminError.self) { try again.get() }
        #expect("\(again)".contains("already established"))
        #expect(pair.a.engine.adminStatus().isakmpSAs.count == 1)
    }

    @Test func aSecondRequestWhilePhase1IsNegotiatedIsAccepted() throws {
        let pair = HostPair()
        let first = pair.a.engine.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), at: pair.bed.scheduler.now)
        pair.bed.execute(first.effects, on: pair.a)
        // Nothing delivered yet: the first request is still negotiating.
        let second = pair.a.engine.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), at: pair.bed.scheduler.now)
        #expect(try second.reply.get().contains("already being negotiated"))
        #expect(second.effects.isEmpty)
        pair.bed.run()
        #expect(pair.a.engine.adminStatus().isakmpSAs.count == 1)
    }

    @Test func aPhase1EstablishedByTheAdministratorCarriesTheNextPing() {
        let pair = HostPair()
        Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair)
        let before = pair.bed.network.transcript.count
        pair.pingFromA()
        pair.bed.run()
        // Quick Mode only (QM1, QM2, QM3): the ISAKMP-SA was already there.
        #expect(pair.bed.network.transcript.count == before + 3)
        pair.expectMirroredSAs()
    }

    @Test func noRemoteBlockForThePeerIsAClearError() {
        var configuration = HostPair.configuration(peer: Self.b)
        configuration.remotes = [RemotePolicy(
            address: IPAddress("192.0.2.7")!, proposals: [Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024)])]
        let pair = HostPair(a: configuration)
        let reply = Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair)
        #expect(reply == .failure(.failed("no remote block for 10.0.0.2 and no remote anonymous")))
        #expect(pair.bed.network.transcript.isEmpty)
        #expect(pair.a.engine.armedTimerCount == 0)
    }

    @Test func aSourceAddressWeDoNotListenOnIsRefused() {
        var configuration = HostPair.configuration(peer: Self.b)
        configuration.listen = [IPAddress("192.0.2.99")!: 500]
        let pair = HostPair(a: configuration)
        let reply = Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair)
        #expect(reply == .failure(.failed("not listening on 10.0.0.1: no IKE socket to negotiate from")))
        #expect(pair.bed.network.transcript.isEmpty)
    }

    // MARK: - establish-sa esp

    @Test func establishESPRunsPhase1ThenQuickModeLikeAnAcquire() throws {
        let pair = HostPair()
        let reply = try Self.perform(.establish(Self.esp()), on: pair.a, in: pair).get()
        #expect(reply.contains("negotiating an IPsec-SA for policy id:") && reply.contains("(phase 1 first)"))
        // The same exchange a ping starts: Main Mode, the INITIAL-CONTACTs, Quick Mode.
        let pinged = HostPair()
        pinged.pingFromA()
        pinged.bed.run()
        #expect(pair.bed.network.transcript.count == pinged.bed.network.transcript.count)
        pair.expectMirroredSAs()
        #expect(pair.a.logged("admin: negotiating an IPsec-SA for 10.0.0.1->10.0.0.2 by policy id:"))
        // No ACQUIRE started it, so nothing is reported to the kernel.
        #expect(!pair.a.kernel.requestsReceived.contains { $0.type == .acquire })
        // racoon answers EEXIST once the pair is established.
        let again = Self.perform(.establish(Self.esp()), on: pair.a, in: pair)
        #expect("\(again)".contains("is already established"))
        #expect(pair.a.kernel.keyed.count == 2)
    }

    @Test func establishESPOnAnEstablishedPhase1StartsQuickModeAtOnce() throws {
        let pair = HostPair()
        Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair)
        let before = pair.bed.network.transcript.count
        let reply = try Self.perform(.establish(Self.esp()), on: pair.a, in: pair).get()
        #expect(reply.hasSuffix("(Quick Mode started)"))
        #expect(pair.bed.network.transcript.count == before + 3)
        pair.expectMirroredSAs()
    }

    @Test func aNarrowerSelectorFindsTheCoveringPolicy() throws {
        let pair = HostPair()
        // The policies are "any" protocol between the hosts: a TCP flow to port 22 lies within them.
        let destination = AdminCommand.FlowEndpoint(address: Self.b, prefixLength: 32, port: 22)
        _ = try Self.perform(.establish(Self.esp(Self.host(Self.a), destination, "tcp")), on: pair.a, in: pair).get()
        pair.expectMirroredSAs()
    }

    @Test func noCoveringPolicyIsAClearError() {
        let pair = HostPair()
        let reply = Self.perform(.establish(Self.esp(Self.host(Self.a), Self.host(IPAddress("10.0.0.3")!))), on: pair.a, in: pair)
        #expect(reply == .failure(.failed(
            "no outbound IPsec policy covers 10.0.0.1/32[any] any -> 10.0.0.3/32[any] any (setkey -DP lists the SPD)")))
        #expect(pair.bed.network.transcript.isEmpty)
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
    }

    @Test func aSubnetSelectorForATransportPolicyAsksForTheHosts() {
        let pair = HostPair()
        let subnet = AdminCommand.FlowEndpoint(address: IPAddress("10.0.0.0")!, prefixLength: 24, port: nil)
        // A /24 is not covered by the /32 policies at all.
        let reply = Self.perform(.establish(Self.esp(subnet, subnet)), on: pair.a, in: pair)
        #expect("\(reply)".contains("no outbound IPsec policy covers"))
    }

    @Test func ahIsRefused() {
        let pair = HostPair()
        let reply = Self.perform(
            .establish(.ipsec(protocol: .ah, source: Self.host(Self.a), destination: Self.host(Self.b), upperLayer: "any")),
            on: pair.a, in: pair)
        #expect("\(reply)".contains("ESP only"))
        #expect(pair.bed.network.transcript.isEmpty)
    }

    @Test func aLabeledPolicyIsLeftToItsAcquire() {
        let spd = "system_u:object_r:ipsec_spd_t:s0"
        let pair = HostPair(
            checker: StaticPolicyChecker(rules: [.init(subject: spd, object: spd)]),
            labels: SADBSecurityContext(label: spd))
        let reply = Self.perform(.establish(Self.esp()), on: pair.a, in: pair)
        #expect("\(reply)".contains("is labeled"))
        #expect(pair.bed.network.transcript.isEmpty)
    }

    @Test func aPassivePeerIsNotInitiatedTowards() {
        var remote = HostPair.remote()
        remote.passive = true
        let pair = HostPair(a: HostPair.configuration(remote: remote, peer: Self.b))
        let reply = Self.perform(.establish(Self.esp()), on: pair.a, in: pair)
        #expect(reply == .failure(.failed("remote anonymous is passive: Raccoon does not initiate towards 10.0.0.2")))
        #expect(pair.a.engine.negotiatingPhase2Count == 0 && pair.a.engine.armedTimerCount == 0)
        // establish-sa isakmp is the administrator's explicit request: racoon starts phase 1 even then.
        #expect((try? Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair).get()) != nil)
        #expect(pair.a.engine.establishedPhase1Count == 1)
    }

    @Test func anEstablishThatCannotFinishCleansUpWithoutTellingTheKernel() {
        let pair = HostPair()
        pair.bed.network.interceptor = { _ in .drop }
        Self.perform(.establish(Self.esp()), on: pair.a, in: pair)
        #expect(pair.a.engine.negotiatingPhase2Count == 1)
        pair.bed.advance(by: .seconds(120))
        #expect(pair.a.engine.negotiatingPhase2Count == 0 && pair.a.engine.negotiatingPhase1Count == 0)
        #expect(pair.a.engine.armedTimerCount == 0)
        #expect(!pair.a.kernel.requestsReceived.contains { $0.type == .acquire })
    }

    // MARK: - delete-sa

    @Test func deleteISAKMPRemovesPhase1AtBothEndsAndKeepsTheIPsecSAs() throws {
        let pair = Self.established()
        let reply = try Self.perform(.delete(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair).get()
        #expect(reply == "deleted 1 ISAKMP SA(s) between 10.0.0.1 and 10.0.0.2")
        #expect(pair.a.engine.adminStatus().isakmpSAs.isEmpty)
        #expect(pair.b.engine.establishedPhase1Count == 0)
        #expect(pair.b.logged("ISAKMP-SA deleted"))
        pair.expectMirroredSAs()
    }

    @Test func deleteISAKMPWithNoSuchSAIsAnError() {
        let pair = Self.established()
        let reply = Self.perform(.delete(.isakmp(source: Self.b, destination: Self.a)), on: pair.a, in: pair)
        #expect(reply == .failure(.failed("no ISAKMP-SA between 10.0.0.2 and 10.0.0.1")))
        #expect(pair.a.engine.establishedPhase1Count == 1)
    }

    @Test func deleteESPRemovesTheMatchingPairAtBothEndsAndKeepsPhase1() throws {
        let pair = Self.established()
        let transcript = pair.bed.network.transcript.count
        let reply = try Self.perform(.delete(Self.esp()), on: pair.a, in: pair).get()
        #expect(reply == "deleted 1 IPsec SA pair(s) matching esp 10.0.0.1/32[any] 10.0.0.2/32[any] any")
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(pair.b.logged("IPsec-SA deleted"))
        // One protected DELETE to the peer.
        #expect(pair.bed.network.transcript.count == transcript + 1)
        #expect(pair.a.engine.establishedPhase1Count == 1)
    }

    @Test func deleteESPWithAWiderSelectorCoversTheFlow() throws {
        let pair = Self.established()
        let network = AdminCommand.FlowEndpoint(address: IPAddress("10.0.0.0")!, prefixLength: 8, port: nil)
        _ = try Self.perform(.delete(Self.esp(network, network)), on: pair.a, in: pair).get()
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
    }

    @Test(arguments: [
        (EngineAdminCommandTests.host(HostPair.addressB), EngineAdminCommandTests.host(HostPair.addressA), "any"),
        (EngineAdminCommandTests.host(HostPair.addressA), EngineAdminCommandTests.host(HostPair.addressB), "tcp"),
        (EngineAdminCommandTests.host(HostPair.addressA),
         AdminCommand.FlowEndpoint(address: HostPair.addressB, prefixLength: 32, port: 80), "any"),
    ])
    func deleteESPLeavesFlowsOutsideTheSelectorAlone(
        source: AdminCommand.FlowEndpoint, destination: AdminCommand.FlowEndpoint, upperLayer: String
    ) {
        let pair = Self.established()
        let reply = Self.perform(.delete(Self.esp(source, destination, upperLayer)), on: pair.a, in: pair)
        #expect("\(reply)".contains("no IPsec-SA matches"))
        pair.expectMirroredSAs()
    }

    @Test func deleteAHFindsNoESPPair() {
        let pair = Self.established()
        let reply = Self.perform(
            .delete(.ipsec(protocol: .ah, source: Self.host(Self.a), destination: Self.host(Self.b), upperLayer: "any")),
            on: pair.a, in: pair)
        #expect("\(reply)".contains("no IPsec-SA matches ah"))
        pair.expectMirroredSAs()
    }

    @Test func deleteESPAbandonsAQuickModeInProgressAndTellsTheKernel() throws {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run { pair.a.engine.negotiatingPhase2Count == 1 }
        let result = pair.a.engine.perform(.delete(Self.esp()), at: pair.bed.scheduler.now)
        #expect(try result.reply.get().contains("abandoned 1 negotiation(s)"))
        // The ACQUIRE that started it gets its ENOENT.
        #expect(result.effects.contains { if case .kernel(let m) = $0 { m.type == .acquire } else { false } })
        #expect(pair.a.engine.negotiatingPhase2Count == 0)
    }

    // MARK: - vpn-disconnect

    @Test func vpnDisconnectDeletesEverythingWithTheGatewayAtBothEnds() throws {
        let pair = Self.established()
        let reply = try Self.perform(.disconnect(gateway: Self.b), on: pair.a, in: pair).get()
        #expect(reply == "deleted 1 ISAKMP SA(s) and 1 IPsec SA pair(s) with 10.0.0.2")
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(pair.a.engine.adminStatus().isakmpSAs.isEmpty && pair.b.engine.adminStatus().isakmpSAs.isEmpty)
        #expect(pair.b.logged("IPsec-SA deleted") && pair.b.logged("ISAKMP-SA deleted"))
        // The deleted pairs stay on file for the kernel's late EXPIREs, then nothing is left armed.
        pair.bed.advance(by: .seconds(31))
        #expect(pair.a.engine.armedTimerCount == 0 && pair.b.engine.armedTimerCount == 0)
        // The gateway is forgotten: the next phase 1 sends INITIAL-CONTACT again (racoon's remcontacted).
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        #expect(pair.b.logMessages.filter { $0.contains("received INITIAL-CONTACT from 10.0.0.1") }.count == 2)
    }

    @Test func vpnDisconnectFromAnUnknownGatewayIsAnError() {
        let pair = Self.established()
        let reply = Self.perform(.disconnect(gateway: IPAddress("10.0.0.9")!), on: pair.a, in: pair)
        #expect(reply == .failure(.failed("no SA with 10.0.0.9")))
        pair.expectMirroredSAs()
    }

    @Test func vpnConnectThenVpnDisconnectLeaveNothingBehind() throws {
        let pair = HostPair()
        // vpn-connect reaches the engine as establish-sa isakmp from the kernel's source address.
        _ = try Self.perform(.establish(.isakmp(source: Self.a, destination: Self.b)), on: pair.a, in: pair).get()
        #expect(pair.a.engine.establishedPhase1Count == 1)
        _ = try Self.perform(.disconnect(gateway: Self.b), on: pair.a, in: pair).get()
        #expect(pair.a.engine.adminStatus().isakmpSAs.isEmpty && pair.b.engine.adminStatus().isakmpSAs.isEmpty)
        #expect(pair.a.engine.armedTimerCount == 0 && pair.b.engine.armedTimerCount == 0)
        #expect(pair.a.engine.halfOpenPhase1Count == 0 && pair.b.engine.halfOpenPhase1Count == 0)
    }
}
