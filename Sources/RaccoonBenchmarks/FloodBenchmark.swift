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

    static func run() throws {
        let pair = BenchmarkPair(configuration: { peer in
            EngineConfiguration(
                remotes: [RemotePolicy(address: nil, proposals: [Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024)])],
                saInfos: [SAInfoPolicy(pfsGroup: nil, lifetimeSeconds: 3600, encryption: [.aes(keyBits: 128)], authentication: [.hmacSHA1])],
                preSharedKeys: PreSharedKeyTable(["\(peer)": Array("benchmark".utf8)]))
        }, seed: 1)
        let (bed, nodeB) = (pair.bed, pair.nodeB)
        guard pair.negotiate(), let template = bed.network.transcript.first?.datagram.bytes else {
            throw BenchmarkFailure(message: "the legitimate negotiation failed")
        }

        let count = 100_000
        let flood = SpoofedFlood.mainModeFirstMessages(count: count, template: template, to: nodeB.endpoint, seed: 7)
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
