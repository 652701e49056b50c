import Foundation
import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport

/// A responder engine fed 100,000 spoofed Main Mode first messages (random cookies, source addresses and ports):
/// how fast it disposes of them, how full the half-open table gets and what the process's RSS does.
/// `FloodTests` asserts the bounds; this prints the figures (docs/security.md).
enum FloodBenchmark: BenchmarkSuite {
    static let name = "flood"
    static let summary = "100,000 spoofed MM1s into a responder engine: messages/s, peak half-open, RSS"

    /// The resident set size of this process, from /proc/self/statm, in KiB.
    static func residentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }

    /// splitmix64, for reproducible floods.
    struct Mix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func run() throws {
        let a = IPAddress("10.0.0.1")!
        let b = IPAddress("10.0.0.2")!
        let configuration = { (peer: IPAddress) in
            EngineConfiguration(
                remotes: [RemotePolicy(address: nil, proposals: [Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024)])],
                saInfos: [SAInfoPolicy(pfsGroup: nil, lifetimeSeconds: 3600, encryption: [.aes(keyBits: 128)], authentication: [.hmacSHA1])],
                preSharedKeys: PreSharedKeyTable(["\(peer)": Array("benchmark".utf8)]))
        }
        let bed = EngineTestbed()
        let nodeA = bed.addNode(name: "A", address: a, configuration: configuration(b), random: SeededRandom(seed: 1), firstSPI: 0x1000, pid: 1)
        let nodeB = bed.addNode(name: "B", address: b, configuration: configuration(a), random: SeededRandom(seed: 2), firstSPI: 0x2000, pid: 2)
        for (node, me, peer) in [(nodeA, a, b), (nodeB, b, a)] {
            let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
            let mine = SADBIPAddress(bytes: me.bytes)!
            let theirs = SADBIPAddress(bytes: peer.bytes)!
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
        _ = nodeA.kernel.injectOutboundPacket(source: SADBIPAddress(bytes: a.bytes)!, destination: SADBIPAddress(bytes: b.bytes)!)
        bed.run()
        guard nodeB.engine.establishedPhase2Count == 1, let template = bed.network.transcript.first?.datagram.bytes else {
            throw BenchmarkFailure(message: "the legitimate negotiation failed")
        }

        let count = 100_000
        var mix = Mix(state: 7)
        let flood: [Datagram] = (0..<count).map { _ in
            var bytes = template
            withUnsafeBytes(of: (mix.next() | 1).bigEndian) { bytes.replaceSubrange(0..<8, with: $0) }
            let host = UInt32.random(in: 0..<(1 << 20), using: &mix)
            let source = IPAddress(bytes: [172, UInt8(16 | (host >> 16)), UInt8(truncatingIfNeeded: host >> 8), UInt8(truncatingIfNeeded: host)])!
            return Datagram(
                local: nodeB.endpoint, remote: Endpoint(address: source, port: UInt16.random(in: 1024...65535, using: &mix)),
                bytes: bytes)
        }
        let rssBefore = residentKiB()
        var peak = 0
        let start = Date()
        for (index, datagram) in flood.enumerated() {
            bed.deliver(.datagram(datagram), to: nodeB)
            if index % 1000 == 999 {
                bed.run()
                peak = max(peak, nodeB.engine.halfOpenPhase1Count)
                // The daemon writes its lines out; the testbed's in-memory log would otherwise dominate RSS.
                nodeB.log.clear()
                // One simulated second per thousand messages, so half-open records time out during the flood.
                bed.advance(by: .seconds(1))
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        let rssAfter = residentKiB()
        print("messages  seconds  messages/s  peak half-open (limit)  phase-1 records  timers  RSS before  RSS after")
        print(String(
            format: "%8d %8.2f %11.0f %15d (%d) %16d %7d %8d KiB %6d KiB", count, elapsed, Double(count) / elapsed, peak,
            1024, nodeB.engine.negotiatingPhase1Count, nodeB.engine.armedTimerCount, rssBefore, rssAfter))
        guard nodeB.engine.establishedPhase2Count == 1, peak <= 1024 else {
            throw BenchmarkFailure(message: "the flood broke the bound or the established SAs")
        }
    }
}
