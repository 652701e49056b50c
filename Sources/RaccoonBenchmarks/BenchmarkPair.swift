import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport

/// Two engines on one testbed, A = 10.0.0.1 and B = 10.0.0.2, each with a transport-mode ESP policy pair towards
/// the other; `negotiate()` runs one Main Mode + Quick Mode from an ACQUIRE in A. Shared by the engine and flood
/// suites.
struct BenchmarkPair {
    static let a = IPAddress("10.0.0.1")!
    static let b = IPAddress("10.0.0.2")!

    let bed = EngineTestbed()
    let nodeA: EngineTestbed.Node
    let nodeB: EngineTestbed.Node

    /// `configuration(peer)` is each side's configuration, given the other's address.
    init(configuration: (IPAddress) -> EngineConfiguration, seed: UInt64) {
        let (a, b) = (Self.a, Self.b)
        nodeA = bed.addNode(
            name: "A", address: a, configuration: configuration(b), random: SeededRandom(seed: seed), firstSPI: 0x1000,
            pid: 1)
        nodeB = bed.addNode(
            name: "B", address: b, configuration: configuration(a), random: SeededRandom(seed: seed + 1),
            firstSPI: 0x2000, pid: 2)
        for (node, me, peer) in [(nodeA, a, b), (nodeB, b, a)] {
            let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
            let (mine, theirs) = (me, peer)
            node.kernel.addPolicy(
                direction: .outbound,
                selector: TrafficSelector(source: mine, sourcePrefixLength: 32, destination: theirs, destinationPrefixLength: 32),
                requests: [esp])
            node.kernel.addPolicy(
                direction: .inbound,
                selector: TrafficSelector(source: theirs, sourcePrefixLength: 32, destination: mine, destinationPrefixLength: 32),
                requests: [esp])
        }
        bed.run()
    }

    /// A packet from A to B, then everything it sets off; true when both ends hold the IPsec SA pair.
    func negotiate() -> Bool {
        _ = nodeA.kernel.injectOutboundPacket(
            source: Self.a, destination: Self.b)
        bed.run()
        return nodeA.engine.establishedPhase2Count == 1 && nodeB.engine.establishedPhase2Count == 1
    }
}
