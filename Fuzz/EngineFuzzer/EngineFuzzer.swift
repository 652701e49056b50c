// libFuzzer target for the responder engine fed whole datagrams, before and after phase 1, with the encrypted path
// reached through a fixed-key harness (RaccoonTestSupport's EngineFuzzHarness; input format: EngineFuzzInput).
// Built by scripts/fuzz.sh with -sanitize=fuzzer,address and -DLIBFUZZER; in an ordinary `swift build` it replays
// the files named on its command line, and `EngineFuzzer --write-seeds DIR` writes the seed corpus.
#if canImport(Glibc)
    import Glibc
#endif
import FuzzSupport
import RaccoonTestSupport

/// Built on first use, from libFuzzer's single fuzzing thread only.
nonisolated(unsafe) private var harness: EngineFuzzHarness?

/// Feeds one input; a violated property traps, which libFuzzer reports as a crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    let current = harness ?? EngineFuzzHarness()
    harness = current
    let violations = current.run(bytes)
    precondition(violations.isEmpty, "engine property violated: \(violations.joined(separator: "; "))")
}

/// Writes the seed corpus into `directory`.
func writeSeeds(to directory: String) -> Never {
    for seed in EngineFuzzHarness().seeds() {
        let path = "\(directory)/\(seed.name)"
        guard let file = fopen(path, "wb") else {
            print("cannot write \(path)")
            exit(2)
        }
        _ = seed.bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        print("wrote \(path) (\(seed.bytes.count) bytes)")
    }
    exit(0)
}

@main
struct EngineFuzzerMain {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" { writeSeeds(to: arguments[2]) }
        FuzzDriver.run(fuzzOneInput)
    }
}
