import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Tunnel mode between subnets")
struct TunnelModeTests {
    @Test func siteToSiteTunnelSendsIDsAndInstallsTunnelSAs() {
        let bed = EngineTestbed()
        let a = bed.addNode(
            name: "A", address: HostPair.addressA, configuration: HostPair.configuration(peer: HostPair.addressB),
            random: SeededRandom(seed: 3), firstSPI: 0x0a00_0000, pid: 1001)
        let b = bed.addNode(
            name: "B", address: HostPair.addressB, configuration: HostPair.configuration(peer: HostPair.addressA),
            random: SeededRandom(seed: 4), firstSPI: 0x0b00_0000, pid: 1002)
        let netA = IPAddress("10.1.0.0")!
        let netB = IPAddress("10.2.0.0")!
        for (node, mine, theirs, me, peer) in [
            (a, netA, netB, HostPair.addressA, HostPair.addressB), (b, netB, netA, HostPair.addressB, HostPair.addressA),
        ] {
            let out = SADBIPsecRequest(
                ipProtocol: 50, mode: .tunnel, level: .require, tunnelSource: SADBSocketAddress(me),
                tunnelDestination: SADBSocketAddress(peer))
            let into = SADBIPsecRequest(
                ipProtocol: 50, mode: .tunnel, level: .require, tunnelSource: SADBSocketAddress(peer),
                tunnelDestination: SADBSocketAddress(me))
            node.kernel.addPolicy(
                direction: .outbound,
                selector: TrafficSelector(source: mine, sourcePrefixLength: 16, destination: theirs, destinationPrefixLength: 16),
                requests: [out])
            node.kernel.addPolicy(
                direction: .inbound,
                selector: TrafficSelector(source: theirs, sourcePrefixLength: 16, destination: mine, destinationPrefixLength: 16),
                requests: [into])
        }
        bed.run()
        guard case .acquireSent = a.kernel.injectOutboundPacket(source: IPAddress("10.1.2.3")!, destination: IPAddress("10.2.3.4")!) else {
            Issue.record("the packet must produce an ACQUIRE")
            return
        }
        bed.run()
        #expect(a.kernel.keyed.count == 2 && b.kernel.keyed.count == 2)
        #expect(a.kernel.keyed.allSatisfy { $0.mode == .tunnel && $0.matchesPolicyTemplate })
        #expect(b.kernel.keyed.allSatisfy { $0.mode == .tunnel && $0.matchesPolicyTemplate })
        #expect(a.logged("IPsec-SA established: ESP/Tunnel"))
        guard case .protected = a.kernel.injectOutboundPacket(source: IPAddress("10.1.2.3")!, destination: IPAddress("10.2.3.4")!) else {
            Issue.record("the second packet must be protected")
            return
        }
    }
}
