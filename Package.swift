// swift-tools-version:6.0
//
// Raccoon: a racoon-compatible IKEv1 keying daemon for Linux.
//
// Module graph (C stays in the basement: only IKECrypto imports COpenSSL, only SELinuxPolicy imports CSELinux):
//
//   COpenSSL ← IKECrypto ─┐
//   CSELinux ← SELinuxPolicy ─┤
//   ISAKMP (wire format, no deps) ─┤
//   PFKeyListener (SADB codec + socket) ─┤
//   XFRMNetlink (XFRM codec, translator, socket) ← PFKeyListener ─┼─ RaccoonCore (engine, driver) ← Raccoon (executable `raccoon`)
//   ConfParser ← IKECrypto ─┘                                    ↖ RaccoonTestSupport (in-memory seams)
//   ConfParser ← RaccoonAdmin (admin protocol) ← RaccoonCore; raccoonctl links only RaccoonAdmin
//   SetKeyCore ← PFKeyListener ← setkey (executable `setkey`)
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
        .target(name: "PFKeyListener", swiftSettings: strict),
        // The kernel over XFRM netlink, translated to and from PF_KEY's messages (docs/kernel.md).
        .target(name: "XFRMNetlink", dependencies: ["PFKeyListener"], swiftSettings: strict),
        .target(name: "ConfParser", dependencies: ["IKECrypto"], swiftSettings: strict),
        .target(name: "SetKeyCore", dependencies: ["PFKeyListener"], swiftSettings: strict),

        // MARK: - Engine and daemon
        // The admin protocol and raccoonctl's racoon.conf lookup: raccoonctl links this, not the engine.
        .target(name: "RaccoonAdmin", dependencies: ["ConfParser"], swiftSettings: strict),
        .target(
            name: "RaccoonCore",
            dependencies: [
                "RaccoonAdmin", "IKECrypto", "SELinuxPolicy", "ISAKMP", "PFKeyListener", "XFRMNetlink", "ConfParser",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "RaccoonTestSupport",
            dependencies: [
                "RaccoonCore", "PFKeyListener", "IKECrypto", "ISAKMP", "SELinuxPolicy", "SetKeyCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // RaccoonTestSupport's in-memory kernel serves `raccoon --kernel=memory` (benchmarks, like strongSwan's
        // load-tester fake_kernel); the daemon code path is the ordinary one.
        .executableTarget(
            name: "Raccoon", dependencies: ["RaccoonCore", "ConfParser", "RaccoonTestSupport"], swiftSettings: strict),
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
            dependencies: ["IKECrypto", "ISAKMP", "PFKeyListener", "ConfParser", "SetKeyCore", "RaccoonCore", "RaccoonTestSupport"],
            swiftSettings: strict),

        // MARK: - Load generator for scripts/bench (IKEEngine initiators with in-memory kernels over real UDP)
        .executableTarget(
            name: "RaccoonLoadGen",
            dependencies: [
                "RaccoonCore", "RaccoonTestSupport", "IKECrypto", "PFKeyListener", "SELinuxPolicy",
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
                "RaccoonCore", "RaccoonTestSupport", "ISAKMP", "IKECrypto", "PFKeyListener", "XFRMNetlink", "SELinuxPolicy",
                "ConfParser", "FuzzCorpus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
