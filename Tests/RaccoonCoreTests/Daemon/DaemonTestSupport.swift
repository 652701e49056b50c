import Foundation
import Glibc
import IKECrypto
import Logging
import PFKeyListener
import RaccoonTestSupport
import SELinuxPolicy
@testable import RaccoonCore
@testable import RaccoonDaemon

/// A temporary directory removed at deinit.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/raccoon-daemon-test-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = result.map { String(cString: $0) } ?? "/tmp"
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` with `mode`; returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o600) -> String {
        let file = path + "/" + name
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        chmod(file, mode)
        return file
    }
}

/// An engine that records what the daemon hands it and returns scripted effects.
final class RecordingEngine: DaemonEngine {
    var events: [EngineEvent] = []
    var effectsForShutdown: [EngineEffect] = []

    func handle(_ event: EngineEvent, at now: MonotonicInstant) -> [EngineEffect] {
        events.append(event)
        if case .shutdownRequested = event { return effectsForShutdown }
        return []
    }

    func status() -> EngineStatus {
        EngineStatus(isakmpSAs: [], ipsecSAs: [], pendingPhase1: 0, pendingPhase2: 0, note: "recording engine")
    }

    var commands: [EngineAdminCommand] = []
    var replyToCommands: Result<String, AdminError> = .success("done")

    func perform(_ command: EngineAdminCommand, at now: MonotonicInstant) -> EngineAdminResult {
        commands.append(command)
        return EngineAdminResult(reply: replyToCommands, effects: [])
    }

    var flushes: [AdminCommand.SAKind] {
        commands.compactMap { if case .flush(let kind) = $0 { kind } else { nil } }
    }

    var sawShutdown: Bool { events.contains { if case .shutdownRequested = $0 { true } else { false } } }
    var reloadCount: Int { events.filter { if case .reloadRequested = $0 { true } else { false } }.count }
}

/// A minimal valid racoon.conf for daemon tests (listens on 127.0.0.1 at `port`; no listen section when `port` is
/// nil).
func testConfiguration(directory: TemporaryDirectory, port: UInt16?, pskMode: mode_t = 0o600, extra: String = "") -> String {
    let psk = directory.write("psk.txt", "127.0.0.2 secret\n", mode: pskMode)
    return directory.write(
        "racoon.conf",
        """
        path pre_shared_key "\(psk)";
        path pidfile "\(directory.path)/raccoon.pid";
        \(port.map { "listen { isakmp 127.0.0.1 [\($0)]; }" } ?? "")
        \(extra)
        remote anonymous {
            exchange_mode main;
            proposal {
                encryption_algorithm aes;
                hash_algorithm sha1;
                authentication_method pre_shared_key;
                dh_group 2;
            }
        }
        sainfo anonymous {
            encryption_algorithm aes;
            authentication_algorithm hmac_sha1;
            compression_algorithm deflate;
        }

        """)
}

/// Collects what a test environment writes and records.
final class EnvironmentRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _stderr: [String] = []
    private var _exits: [Int32] = []
    var stderr: [String] { lock.withLock { _stderr } }
    var exits: [Int32] { lock.withLock { _exits } }
    func error(_ line: String) { lock.withLock { _stderr.append(line) } }
    func exit(_ code: Int32) { lock.withLock { _exits.append(code) } }
}

/// An environment with an in-memory kernel, a recording engine and no syslog.
func testEnvironment(
    kernel: InMemoryKernel = InMemoryKernel(), engine: RecordingEngine = RecordingEngine(), recorder: EnvironmentRecorder,
    adminSocket: String?, openKernel: ((DaemonEnvironment.KernelRequest) throws(PFKeyError) -> DaemonEnvironment.Kernel)? = nil
) -> DaemonEnvironment {
    func inMemory(_ request: DaemonEnvironment.KernelRequest) throws(PFKeyError) -> DaemonEnvironment.Kernel {
        DaemonEnvironment.Kernel(channel: kernel, fileDescriptor: nil, close: {})
    }
    let opener: (DaemonEnvironment.KernelRequest) throws(PFKeyError) -> DaemonEnvironment.Kernel
    if let openKernel { opener = openKernel } else { opener = inMemory }
    var environment = DaemonEnvironment(
        isRoot: { true },
        openKernel: opener,
        localAddresses: { () throws(SystemCallError) in [.v4(127, 0, 0, 1)] },
        bypassPolicy: false,
        makeEngineConfiguration: { _, _ throws(StartupError) in
            EngineConfiguration(remotes: [], saInfos: [], preSharedKeys: PreSharedKeyTable([:]))
        },
        makeEngine: { _, _, _ in engine },
        adminSocket: adminSocket.map(AdminSocketSource.override) ?? .none,
        notifier: ServiceNotifier(socketPath: nil),
        standardError: { recorder.error($0) },
        exit: { recorder.exit($0) },
        processID: { getpid() })
    environment.makeLogHandler = { _, _ in SwiftLogNoOpLogHandler() }
    return environment
}

/// The walkthrough's host-to-host transport policies between `me` and `peer`, out and in, in the kernel's SPD.
func addTransportPolicies(_ kernel: InMemoryKernel, me: IPAddress, peer: IPAddress) {
    for (direction, source, destination) in [(IPsecPolicyDirection.outbound, me, peer), (.inbound, peer, me)] {
        _ = kernel.addPolicy(
            direction: direction,
            selector: TrafficSelector(
                source: source, sourcePrefixLength: 32, destination: destination,
                destinationPrefixLength: 32, upperLayerProtocol: 255),
            requests: [SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)])
    }
}

/// A test environment whose daemon runs the real engine (configuration from racoon.conf and psk.txt) on `kernel`.
func realEngineEnvironment(
    kernel: InMemoryKernel, random: any RandomSource, adminSocket: String?
) -> DaemonEnvironment {
    var environment = testEnvironment(kernel: kernel, recorder: EnvironmentRecorder(), adminSocket: adminSocket)
    environment.makeEngineConfiguration = RaccoonDaemon.engineConfiguration
    environment.makeEngine = { configuration, pid, logger in
        IKEEngine(
            configuration: configuration, random: random, policyChecker: StaticPolicyChecker(rules: []),
            processID: pid, logger: logger)
    }
    return environment
}

/// The command line `raccoon -F -f PATH`: the options every in-process daemon test starts with.
func foregroundOptions(configurationPath path: String) -> CommandLineOptions {
    var options = CommandLineOptions()
    options.configurationPath = path
    options.foreground = true
    return options
}

/// A free UDP port on 127.0.0.1 (bound and released).
func freeUDPPort() throws -> UInt16 {
    let socket = try UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 1), port: 0), bypassPolicy: false)
    defer { socket.close() }
    return socket.local.port
}

/// Whether this kernel has PF_KEY.
var kernelHasPFKey: Bool {
    let fd = socket(15, Int32(SOCK_RAW.rawValue), 2)
    if fd >= 0 { close(fd) }
    return fd >= 0
}
