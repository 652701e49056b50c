import ConfParser
import Foundation

/// Parses and validates a generated racoon.conf with 10,000 `remote` and 10,000 `sainfo` blocks.
///
/// Target: under 1 s and under 100 MiB peak RSS in release mode (`swift run -c release raccoon-bench conf`).
enum ConfBenchmark: BenchmarkSuite {
    static let name = "conf"
    static let summary = "parse + validate racoon.conf with 10,000 remotes and 10,000 sainfos"

    static let remoteCount = 10_000
    static let sainfoCount = 10_000

    static func run() throws {
        let text = generate()
        let path = NSTemporaryDirectory() + "raccoon-bench-\(getpid()).conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let baseline = peakResidentKiB()
        print("generated: \(text.utf8.count / 1024) KiB, \(remoteCount) remotes, \(sainfoCount) sainfos")
        print("peak RSS before parsing: \(baseline / 1024) MiB")

        var best = Duration.seconds(1000)
        for round in 1...3 {
            let clock = ContinuousClock()
            var loaded: LoadedConfiguration?
            let elapsed = try clock.measure {
                loaded = try ConfigurationLoader.load(path: path)
            }
            guard let loaded, loaded.configuration.remotes.count == remoteCount,
                  loaded.configuration.sainfos.count == sainfoCount else {
                throw BenchmarkFailure(message: "the generated configuration did not load completely")
            }
            best = min(best, elapsed)
            print("round \(round): \(milliseconds(elapsed)) ms, \(loaded.warnings.count) warnings")
        }
        let peak = peakResidentKiB()
        print("best time: \(milliseconds(best)) ms (target < 1000 ms)")
        print("peak RSS (VmHWM): \(peak / 1024) MiB (target < 100 MiB)")
    }

    /// A configuration in the style real ones use: address remotes with two proposals, address-pair sainfos.
    static func generate() -> String {
        var text = "path pre_shared_key \"/etc/racoon/psk.txt\";\nlog notify;\n\n"
        text.reserveCapacity(8 << 20)
        for index in 0..<remoteCount {
            let address = "10.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)"
            text += """
                remote \(address) {
                \texchange_mode main;
                \tlifetime time 8 hours;
                \tproposal {
                \t\tencryption_algorithm aes 256;
                \t\thash_algorithm sha256;
                \t\tauthentication_method pre_shared_key;
                \t\tdh_group modp2048;
                \t}
                \tproposal {
                \t\tencryption_algorithm 3des;
                \t\thash_algorithm sha1;
                \t\tauthentication_method pre_shared_key;
                \t\tdh_group 2;
                \t}
                }

                """
        }
        for index in 0..<sainfoCount {
            let local = "172.16.\(index / 256 % 256).\(index % 256)"
            let remote = "192.168.\(index / 256 % 256).\(index % 256)"
            text += """
                sainfo address \(local)/32 [any] any address \(remote)/32 [any] any {
                \tpfs_group modp2048;
                \tlifetime time 1 hour;
                \tencryption_algorithm aes 256, 3des;
                \tauthentication_algorithm hmac_sha256, hmac_sha1;
                \tcompression_algorithm deflate;
                }

                """
        }
        return text
    }

    /// VmHWM from /proc/self/status, in KiB (0 if unavailable).
    static func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    struct BenchmarkFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
