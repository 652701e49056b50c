import Foundation
import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport

/// Complete Main Mode + Quick Mode negotiations between two engines in one process (in-memory network, kernels and
/// clock), per second: the engine's own cost plus the DH it cannot avoid.
enum EngineBenchmark: BenchmarkSuite {
    static let name = "engine"
    static let summary = "engine-to-engine MM+QM negotiations per second (in-memory transport and kernels)"

    static func negotiate(group: DiffieHellmanGroupID, pfs: Bool, seed: UInt64) -> Bool {
        let pair = BenchmarkPair(configuration: { peer in
            EngineConfiguration(
                remotes: [
                    RemotePolicy(
                        address: nil,
                        proposals: [Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha256, group: group)])
                ],
                saInfos: [
                    SAInfoPolicy(
                        pfsGroup: pfs ? group : nil, lifetimeSeconds: 3600, encryption: [.aes(keyBits: 128)],
                        authentication: [.hmacSHA256])
                ],
                preSharedKeys: PreSharedKeyTable(["\(peer)": Array("benchmark".utf8)]))
        }, seed: seed)
        return pair.negotiate()
    }

    static func run() throws {
        // Warm up OpenSSL's fetched algorithms and the allocator before timing.
        _ = negotiate(group: .modp1024, pfs: true, seed: 999_999)
        print("group      pfs  negotiations  seconds  per second  ms each")
        for (group, pfs, count) in [
            (DiffieHellmanGroupID.modp1024, false, 200), (.modp1024, true, 200), (.modp2048, false, 50),
            (.modp2048, true, 50),
        ] {
            let start = Date()
            var ok = 0
            for index in 0..<count where negotiate(group: group, pfs: pfs, seed: UInt64(index) * 2 + 1) { ok += 1 }
            let elapsed = Date().timeIntervalSince(start)
            guard ok == count else { throw BenchmarkFailure(message: "only \(ok) of \(count) negotiations succeeded") }
            let line = String(
                format: "%-10@ %-4@ %12d %8.2f %11.1f %8.2f", "\(group)" as NSString, (pfs ? "yes" : "no") as NSString,
                count, elapsed, Double(count) / elapsed, elapsed * 1000 / Double(count))
            print(line)
        }
    }
}

/// A benchmark that could not measure what it meant to.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
