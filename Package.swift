// swift-tools-version:6.0
//
// Raccoon: a racoon-compatible IKEv1 keying daemon for Linux.
//
// Module graph (C stays in the basement: only IKECrypto imports COpenSSL, only SELinuxPolicy imports CSELinux;
// scripts/check-layers.sh enforces it and that the engine imports no OS module):
//
//   COpenSSL ← IKECrypto ─┐
//   CSELinux ← SELinuxPolicy ─┤
//   ISAKMP (wire format, no deps) ─┤
//   PFKeyListener (SADB codec, socket, the Posix basement) ─┤
//   ConfParser ← IKECrypto ─┤
//   RaccoonAdmin (admin protocol) ← ConfParser ─┴─ RaccoonCore (the engine, sans-I/O: no Glibc, Dispatch, Foundation)
//   RaccoonCore, XFRMNetlink ← RaccoonDaemon (event loop, sockets, signals, logging, startup, command line)
//   RaccoonDaemon, BenchmarkKernel (`--kernel=memory`) ← Raccoon (executable `raccoon`)
//   RaccoonAdmin ← raccoonctl;  SetKeyCore, XFRMNetlink ← setkey
//   RaccoonCore, BenchmarkKernel ← RaccoonTestSupport (in-memory seams for tests, benchmarks and fuzzing)
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Raccoon",
    products: [
        .executable(name: "raccoon", targets: ["Raccoon"]),
        .executable(name: "setkey", targets: ["setkey"]),
        .executable(name: "raccoonctl", targets: ["raccoonctl"]),
        .executable(name: "raccoon-bench", targets: ["RaccoonBenchmarks"]),
        .executable(name: "raccoon-loadgen", targets: ["RaccoonLoadGen"]),
        .executable(name: "selinux-probe", targets: ["SELinuxProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // MARK: - C libraries (system-library targets)
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CSELinux", pkgConfig: "libselinux",
            providers: [.apt(["libselinux1-dev"])]),

        // MARK: - Wrappers around C
        .target(name: "IKECrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "SELinuxPolicy", dependencies: ["CSELinux"], swiftSettings: strict),

        // MARK: - Protocol and configuration libraries
        .target(name: "ISAKMP", swiftSettings: strict),
        // The one place Raccoon calls libc for descriptor I/O (swift-nio's `Posix` basement).
        .target(name: "PosixBasement", swiftSettings: strict),
        // The one IPv4/IPv6 address type (pure Swift) of the engine, the kernel interfaces and the admin protocol.
        .target(name: "IPAddressing", swiftSettings: strict),
        // The text of racoon.conf, psk.txt and setkey input: file:line:column, diagnostics, keyword tables.
        .target(name: "SourceText", swiftSettings: strict),
        .target(name: "PFKeyListener", dependencies: ["IPAddressing", "PosixBasement"], swiftSettings: strict),
        // The kernel over XFRM netlink, translated to and from PF_KEY's messages (docs/kernel.md).
        .target(name: "XFRMNetlink", dependencies: ["PFKeyListener", "PosixBasement"], swiftSettings: strict),
        .target(name: "ConfParser", dependencies: ["IKECrypto", "IPAddressing", "SourceText"], swiftSettings: strict),
        .target(name: "SetKeyCore", dependencies: ["IPAddressing", "PFKeyListener", "SourceText"], swiftSettings: strict),

        // MARK: - Engine and daemon
        // The admin protocol and raccoonctl's racoon.conf lookup: raccoonctl links this, not the engine.
        .target(name: "RaccoonAdmin", dependencies: ["ConfParser", "IPAddressing", "PosixBasement"], swiftSettings: strict),
        // The engine: sans-I/O, no Glibc, Dispatch or Foundation (scripts/check-layers.sh enforces it).
        .target(
            name: "RaccoonCore",
            dependencies: [
                "RaccoonAdmin", "IKECrypto", "SELinuxPolicy", "ISAKMP", "PFKeyListener", "ConfParser",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The daemon around the engine: sockets, Dispatch event loop, signals, logging, startup, command line.
        .target(
            name: "RaccoonDaemon",
            dependencies: [
                "RaccoonCore", "RaccoonAdmin", "IKECrypto", "SELinuxPolicy", "ISAKMP", "PFKeyListener", "XFRMNetlink",
                "PosixBasement", "ConfParser", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The in-memory kernel of `raccoon --kernel=memory` (benchmarks, like strongSwan's load-tester fake_kernel).
        .target(name: "BenchmarkKernel", dependencies: ["PFKeyListener", "SetKeyCore"], swiftSettings: strict),
        .target(
            name: "RaccoonTestSupport",
            dependencies: [
                "RaccoonCore", "BenchmarkKernel", "PFKeyListener", "IKECrypto", "ISAKMP", "SELinuxPolicy", "SetKeyCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "Raccoon", dependencies: ["RaccoonDaemon", "RaccoonCore", "BenchmarkKernel", "PFKeyListener"],
            swiftSettings: strict),
        .executableTarget(name: "raccoonctl", dependencies: ["RaccoonAdmin"], swiftSettings: strict),
        .executableTarget(name: "setkey", dependencies: ["SetKeyCore", "XFRMNetlink"], swiftSettings: strict),
        // Drives PFKeyListener against a real kernel inside the qemu guest (scripts/vm/guest/pfkey-kernel-test.sh).
        .executableTarget(
            name: "pfkey-probe", dependencies: ["PFKeyListener"], path: "Sources/PFKeyProbe", swiftSettings: strict),

        // MARK: - Real-kernel test helpers (run inside the qemu guest by scripts/vm/guest/*.sh)
        .executableTarget(name: "SELinuxProbe", dependencies: ["SELinuxPolicy"], swiftSettings: strict),

        // MARK: - Benchmarks (programs that print figures; not run by the test suite)
        .executableTarget(
            name: "RaccoonBenchmarks",
            dependencies: [
                "IKECrypto", "ISAKMP", "PFKeyListener", "ConfParser", "SetKeyCore", "RaccoonCore", "RaccoonDaemon",
                "RaccoonTestSupport",
            ],
            swiftSettings: strict),

        // MARK: - Load generator for scripts/bench (IKEEngine initiators with in-memory kernels over real UDP)
        .executableTarget(
            name: "RaccoonLoadGen",
            dependencies: [
                "RaccoonCore", "RaccoonDaemon", "RaccoonTestSupport", "BenchmarkKernel", "IKECrypto", "PFKeyListener",
                "SELinuxPolicy",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // MARK: - Fuzz targets (scripts/fuzz.sh NAME SECONDS builds them with -sanitize=fuzzer,address)
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport", swiftSettings: strict),
        // The corpora and crashers, for the test suites that replay them.
        .target(name: "FuzzCorpus", path: "Fuzz/FuzzCorpus", swiftSettings: strict),
        .executableTarget(
            name: "ISAKMPFuzzer", dependencies: ["ISAKMP", "FuzzSupport"], path: "Fuzz/ISAKMPFuzzer", swiftSettings: strict),
        .executableTarget(
            name: "SADBFuzzer", dependencies: ["PFKeyListener", "SetKeyCore", "FuzzSupport"], path: "Fuzz/SADBFuzzer",
            swiftSettings: strict),
        .executableTarget(
            name: "SetKeyFuzzer", dependencies: ["PFKeyListener", "SetKeyCore", "FuzzSupport"], path: "Fuzz/SetKeyFuzzer",
            swiftSettings: strict),
        .executableTarget(
            name: "RacoonConfFuzzer", dependencies: ["ConfParser", "FuzzSupport"], path: "Fuzz/RacoonConfFuzzer",
            swiftSettings: strict),
        .executableTarget(
            name: "PSKFuzzer", dependencies: ["ConfParser", "FuzzSupport"], path: "Fuzz/PSKFuzzer", swiftSettings: strict),
        .executableTarget(
            name: "XFRMFuzzer", dependencies: ["XFRMNetlink", "FuzzSupport"], path: "Fuzz/XFRMFuzzer", swiftSettings: strict),
        .executableTarget(
            name: "EngineFuzzer", dependencies: ["RaccoonTestSupport", "FuzzSupport"], path: "Fuzz/EngineFuzzer",
            swiftSettings: strict),

        // MARK: - Tests (one target per module)
        .testTarget(name: "IKECryptoTests", dependencies: ["IKECrypto"], resources: [.copy("Vectors")], swiftSettings: strict),
        .testTarget(name: "IPAddressingTests", dependencies: ["IPAddressing"], swiftSettings: strict),
        .testTarget(name: "SourceTextTests", dependencies: ["SourceText"], swiftSettings: strict),
        .testTarget(name: "SELinuxPolicyTests", dependencies: ["SELinuxPolicy"], swiftSettings: strict),
        .testTarget(name: "ISAKMPTests", dependencies: ["ISAKMP", "FuzzCorpus"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "PFKeyListenerTests", dependencies: ["PFKeyListener", "FuzzCorpus"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "XFRMNetlinkTests", dependencies: ["XFRMNetlink", "PFKeyListener", "FuzzCorpus"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(name: "ConfParserTests", dependencies: ["ConfParser", "FuzzCorpus"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "SetKeyCoreTests", dependencies: ["SetKeyCore", "FuzzCorpus"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "RaccoonCoreTests",
            dependencies: [
                "RaccoonCore", "RaccoonDaemon", "RaccoonTestSupport", "BenchmarkKernel", "ISAKMP", "IKECrypto",
                "PFKeyListener", "XFRMNetlink", "SELinuxPolicy",
                "ConfParser", "FuzzCorpus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
