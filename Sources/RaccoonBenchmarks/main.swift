// raccoon-bench: prints performance figures for Raccoon's hot paths. Not part of the test suite.
#if canImport(Glibc)
import Glibc
#endif

/// Every suite, in the order `raccoon-bench` runs them. Add yours here.
let suites: [any BenchmarkSuite.Type] = [
    ConfBenchmark.self,
    CryptoBenchmark.self,
    ISAKMPBenchmark.self,
    SADBBenchmark.self,
    EngineBenchmark.self,
    FloodBenchmark.self,
]

let requested = Array(CommandLine.arguments.dropFirst())
if requested.contains("-h") || requested.contains("--help") {
    print("usage: raccoon-bench [SUITE ...]\nsuites:")
    for suite in suites { print("  \(suite.name)\t\(suite.summary)") }
    exit(0)
}
let unknown = requested.filter { name in !suites.contains { $0.name == name } }
if !unknown.isEmpty {
    print("raccoon-bench: unknown suite \(unknown.joined(separator: ", ")); try --help")
    exit(1)
}
for suite in suites where requested.isEmpty || requested.contains(suite.name) {
    print("== \(suite.name): \(suite.summary)")
    do {
        try suite.run()
    } catch {
        print("raccoon-bench: \(suite.name) failed: \(error)")
        exit(1)
    }
}
