internal import BenchmarkKernel
internal import Logging
internal import PFKeyListener
internal import RaccoonCore
internal import RaccoonDaemon
internal import SELinuxPolicy

/// `raccoon-loadgen --respond`: one `IKEEngine` as a racoon responder (`remote anonymous`, `sainfo anonymous`)
/// with a `FakeKernel`, on the same single-threaded loop as the load generator.
///
/// An interim stand-in for `raccoon --kernel=memory` while the daemon cannot run with an in-memory kernel: it
/// measures the engine's responder cost and memory per established peer, without the daemon's event loop and
/// sockets. Its figures are labelled `raccoon-engine`, never `raccoon`.
final class EngineResponder {
    private let options: LoadGenOptions
    private let socket: PacketInfoSocket
    private let kernel = FakeKernel(pid: 4242)
    private let engine: IKEEngine
    private var timers = TimerQueue<HostTimer>()

    init(options: LoadGenOptions, socket: PacketInfoSocket, logger: Logger) {
        self.options = options
        self.socket = socket
        // psk.txt: one line per peer address, as racoon's has (no wildcard).
        var keys: [String: [UInt8]] = [:]
        for index in 0..<options.count { keys["\(options.hostAddress(index))"] = Array(options.preSharedKey.utf8) }
        let remote = RemotePolicy(
            address: nil, proposals: [Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024)],
            proposalCheck: .obey, passive: true)
        let saInfo = SAInfoPolicy(
            pfsGroup: .modp1024, lifetimeSeconds: 3600, encryption: [.aes(keyBits: 128)], authentication: [.hmacSHA1])
        let configuration = EngineConfiguration(
            remotes: [remote], saInfos: [saInfo], preSharedKeys: PreSharedKeyTable(keys),
            maximumHalfOpenPhase1: 4096, maximumHalfOpenPhase1PerPeer: 256)
        engine = IKEEngine(
            configuration: configuration, random: PrecomputingRandom(), policyChecker: StaticPolicyChecker(rules: []),
            processID: kernel.pid, logger: logger)
        EngineDriver.registerForESP(kernel)
        // One policy pair covers every peer: peer net <-> our address, ESP in transport mode.
        let net = options.networkAddress
        let prefix = UInt8(32 - options.localNetwork.size.trailingZeroBitCount)
        let me = options.listenAddress
        let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
        kernel.addPolicy(
            direction: .inbound,
            selector: TrafficSelector(source: net, sourcePrefixLength: prefix, destination: me, destinationPrefixLength: 32),
            requests: [esp])
        kernel.addPolicy(
            direction: .outbound,
            selector: TrafficSelector(source: me, sourcePrefixLength: 32, destination: net, destinationPrefixLength: prefix),
            requests: [esp])
        pump([])
    }

    /// Serves until killed, printing the number of established peers (installed SA pairs) every second.
    func run() throws(LoadGenError) -> Never {
        var lastReport = EngineDriver.now()
        while true {
            var now = EngineDriver.now()
            while let entry = timers.popDue(notAfter: now) {
                pump([.timerFired(entry.key.timer)])
                now = EngineDriver.now()
            }
            while let received = try socket.receive() {
                pump([.datagram(Datagram(
                    local: Endpoint(address: received.local, port: options.localPort), remote: received.remote,
                    bytes: received.bytes))])
            }
            now = EngineDriver.now()
            if now.duration(since: lastReport) >= .seconds(1) {
                lastReport = now
                printError("RESPONDER established=\(kernel.installedCount / 2)\n")
            }
            try EngineDriver.wait(for: socket, timers: &timers, now: now)
        }
    }

    /// Failed sends and refused kernel messages are not counted: the initiators' figures tell.
    private func pump(_ events: [EngineEvent]) {
        EngineDriver.pump(events, engine: engine, kernel: kernel, host: 0, socket: socket, timers: &timers) { _ in }
    }
}
