internal import Glibc
internal import Logging
internal import RaccoonCore
internal import RaccoonDaemon

/// Runs `count` negotiations, at most `concurrency` at a time, each on a fresh `VirtualHost`, over one UDP socket.
///
/// A single thread: `poll()` on the socket with the earliest timer deadline as the timeout, then due timers,
/// then every waiting datagram. Each event goes to its host's engine; the effects are executed at once (datagrams
/// sent, PF_KEY messages handed to the host's kernel and the kernel's replies fed back to the engine, timers
/// queued). A host is finished when both SAs are installed in its kernel, and is then released: the responder
/// keeps its SAs (they live for hours, and nobody sends a DELETE).
final class LoadGenerator {
    /// What a run measured.
    struct Summary {
        var completed = 0
        var failed = 0
        var elapsedSeconds = 0.0
        var cpuSeconds = 0.0
        /// ACQUIRE → both SAs installed, per completed negotiation, in nanoseconds, sorted.
        var latencies: [UInt64] = []
        var socketErrors = 0
        /// DH key pairs taken from the precomputed pool, and made on the loop because it was empty.
        var keyPairs = PrecomputingRandom.Statistics()

        /// The p-th percentile latency in milliseconds (nearest rank).
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            let rank = Int((p / 100 * Double(latencies.count)).rounded(.up))
            return Double(latencies[min(max(rank, 1), latencies.count) - 1]) / 1e6
        }
    }

    private let options: LoadGenOptions
    private let socket: PacketInfoSocket
    private let configuration: EngineConfiguration
    private let random: PrecomputingRandom
    private let logger: Logger
    private var hosts: [Int: VirtualHost] = [:]
    private var timers = TimerQueue<HostTimer>()
    private var nextIndex = 0
    private var summary = Summary()
    private var lastCompletion: MonotonicInstant = .zero

    init(options: LoadGenOptions, socket: PacketInfoSocket, configuration: EngineConfiguration, logger: Logger) {
        self.options = options
        self.socket = socket
        self.configuration = configuration
        self.random = PrecomputingRandom()
        self.logger = logger
    }

    /// Runs every negotiation and returns the figures.
    func run() throws(LoadGenError) -> Summary {
        let cpuBefore = Self.cpuSeconds()
        let start = Self.now()
        var lastTimeoutSweep = start
        fill()
        // Give up early when negotiations keep failing (a misconfiguration, not a measurement).
        let failureLimit = max(5, options.count / 10)
        while summary.completed + summary.failed < options.count, summary.failed < failureLimit {
            var now = Self.now()
            while let entry = timers.popDue(notAfter: now) {
                if let host = hosts[entry.key.host] { pump(host, [.timerFired(entry.key.timer)]) }
                now = Self.now()
            }
            while let received = try socket.receive() {
                guard let index = hostIndex(received.local), let host = hosts[index] else { continue }
                let datagram = Datagram(
                    local: Endpoint(address: received.local, port: options.localPort), remote: received.remote,
                    bytes: received.bytes)
                pump(host, [.datagram(datagram)])
            }
            now = Self.now()
            if now.duration(since: lastTimeoutSweep) >= .seconds(1) {
                lastTimeoutSweep = now
                for host in Array(hosts.values) where now.duration(since: host.started) > options.negotiationTimeout {
                    logger.warning("negotiation \(host.index) from \(host.address) timed out")
                    finish(host, established: false, at: now)
                }
            }
            fill()
            if summary.completed + summary.failed < options.count, summary.failed < failureLimit {
                try EngineDriver.wait(for: socket, timers: &timers, now: now)
            }
        }
        let end = lastCompletion > start ? lastCompletion : Self.now()
        summary.elapsedSeconds = Double(end.nanoseconds - start.nanoseconds) / 1e9
        summary.cpuSeconds = Self.cpuSeconds() - cpuBefore
        summary.latencies.sort()
        summary.keyPairs = random.statistics
        // Before the caller exits: OpenSSL's exit handlers must not run under a key generation in progress.
        random.stop()
        return summary
    }

    /// Starts negotiations until `concurrency` are in flight or all have started.
    private func fill() {
        while hosts.count < options.concurrency, nextIndex < options.count {
            let index = nextIndex
            nextIndex += 1
            let host = VirtualHost(
                index: index, address: options.hostAddress(index), remote: options.remote.address,
                tunnelMode: options.tunnelMode, configuration: configuration, random: random, logger: logger)
            hosts[index] = host
            // The SPD broadcasts of the host's two policies, then the packet that makes the kernel ACQUIRE.
            pump(host, [])
            host.started = Self.now()
            _ = host.kernel.injectOutboundPacket(source: host.address, destination: options.remote.address)
            pump(host, [])
        }
    }

    /// Hands `events` and then everything the host's kernel queues to the host's engine, executing the effects.
    private func pump(_ host: VirtualHost, _ events: [EngineEvent]) {
        EngineDriver.pump(
            events, engine: host.engine, kernel: host.kernel, host: host.index, socket: socket, timers: &timers
        ) { failure in
            switch failure {
            case .send(let error):
                summary.socketErrors += 1
                logger.warning("\(error)")
            case .kernel(let type, let error):
                logger.warning("in-memory kernel refused \(type): \(error)")
            }
        }
        if hosts[host.index] != nil, host.isEstablished { finish(host, established: true, at: Self.now()) }
    }

    private func finish(_ host: VirtualHost, established: Bool, at now: MonotonicInstant) {
        hosts[host.index] = nil
        if established {
            summary.completed += 1
            summary.latencies.append(now.nanoseconds - host.started.nanoseconds)
            lastCompletion = now
        } else {
            summary.failed += 1
        }
    }

    /// The host owning `address` (net + 1 + index).
    private func hostIndex(_ address: IPAddress) -> Int? {
        guard case .v4(let a, let b, let c, let d) = address else { return nil }
        let value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
        guard value > options.localNetwork.base, value - options.localNetwork.base - 1 < UInt32(options.count) else {
            return nil
        }
        return Int(value - options.localNetwork.base - 1)
    }

    static func now() -> MonotonicInstant { EngineDriver.now() }

    /// User + system CPU of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
