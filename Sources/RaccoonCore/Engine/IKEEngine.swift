public import IKECrypto
internal import ISAKMP
public import Logging
internal import PFKeyListener
public import SELinuxPolicy

/// The IKEv1 engine: Main Mode, Aggressive Mode, Quick Mode and Informational exchanges in both roles, as a
/// sans-I/O state machine.
///
/// The engine owns every negotiation, the userland SPD mirror and all timers, but no socket, clock, signal or kernel:
/// the driver feeds it events stamped with the current monotonic time and executes the effects it returns, in order.
/// It is not `Sendable`; it lives on the daemon's event loop.
///
/// Log lines go to the injected `Logger`; they name the peer, the exchange and the cause, and never contain keys.
public final class IKEEngine {
    var configuration: EngineConfiguration
    let random: any RandomSource
    let policyChecker: any SecurityPolicyChecker
    let logger: Logger
    let requests: SADBRequestBuilder
    /// The kernel's SPD as far as we know it (dump + broadcasts).
    var spd = SPDMirror()
    /// The time of the event being handled.
    var now: MonotonicInstant = .zero
    /// Effects of the event being handled.
    var effects: [EngineEffect] = []
    var nextHandle: UInt64 = 1
    var nextSequence: UInt32 = 0x4000_0000
    var armedTimers: [TimerID: MonotonicInstant] = [:]
    var halfOpen: HalfOpenLimiter
    /// Responder phase 1s in creation order, the candidates for eviction when the half-open table is full.
    var halfOpenResponders = EvictionQueue()
    /// Half-open responder phase 1s dropped to make room for new ones.
    public internal(set) var evictedHalfOpenCount = 0
    /// One line per kind of unsolicited datagram per second (a flood must not flood the log).
    var unsolicitedLog = LogRateLimiter<UnsolicitedDrop>(interval: .seconds(1))
    var phase1s = RecordTable<Phase1Record>()
    var phase1ByCookies: [CookiePair: UInt64] = [:]
    /// Invariant: a phase 2 runs on (or waits for) a phase 1 with the same peer address, so its records are found
    /// among `phase2s.records(with: phase1.remote.address)`.
    var phase2s = Phase2Table()
    /// Peers we sent INITIAL-CONTACT to (once per peer per daemon lifetime, as racoon).
    var contactedPeers: Set<IPAddress> = []
    var isShuttingDown = false

    /// An engine.
    ///
    /// - Parameters:
    ///   - configuration: the validated configuration.
    ///   - random: cookies, nonces, DH private values, message IDs and padding come from here.
    ///   - policyChecker: the SELinux `association:polmatch` check for labeled policies.
    ///   - processID: our `sadb_msg_pid`, so the kernel's echoes of our own requests are recognised.
    ///   - logger: where log lines go.
    public init(
        configuration: EngineConfiguration, random: any RandomSource, policyChecker: any SecurityPolicyChecker,
        processID: UInt32, logger: Logger
    ) {
        self.configuration = configuration
        self.random = random
        self.policyChecker = policyChecker
        self.logger = logger
        self.requests = SADBRequestBuilder(pid: processID)
        self.halfOpen = HalfOpenLimiter(
            overallLimit: configuration.maximumHalfOpenPhase1, perPeerLimit: configuration.maximumHalfOpenPhase1PerPeer)
    }

    /// Handles one event and returns what the driver must do, in order.
    public func handle(_ event: EngineEvent, at now: MonotonicInstant) -> [EngineEffect] {
        self.now = now
        effects = []
        logSuppressedUnsolicited()
        switch event {
        case .datagram(let datagram):
            receive(datagram)
        case .kernel(let message):
            receiveKernel(message)
        case .timerFired(let timer):
            // A fire for a timer we have since disarmed is stale. A fire before the deadline (a timer re-armed
            // later, or a scheduler that fires a little early) is re-armed, so the deadline is never lost.
            if let deadline = armedTimers[timer] {
                if deadline <= now {
                    armedTimers[timer] = nil
                    timerFired(timer)
                } else {
                    effects.append(.armTimer(timer, at: deadline))
                }
            }
        case .reloadRequested(let configuration):
            reload(configuration)
        case .shutdownRequested:
            shutdown()
        }
        let result = effects
        effects = []
        return result
    }

    // MARK: - Introspection (tests, status)

    /// The number of established ISAKMP SAs.
    public var establishedPhase1Count: Int { phase1s.values.filter(\.isEstablished).count }
    /// The number of phase-1 negotiations in progress (half-open and initiator-side).
    public var negotiatingPhase1Count: Int { phase1s.values.filter { !$0.isEstablished }.count }
    /// The number of installed IPsec SA pairs.
    public var establishedPhase2Count: Int { phase2s.values.filter(\.isEstablished).count }
    /// The number of Quick Modes in progress or queued.
    public var negotiatingPhase2Count: Int { phase2s.values.filter { !$0.isEstablished }.count }
    /// The number of half-open phase-1 slots in use.
    public var halfOpenPhase1Count: Int { halfOpen.halfOpenCount }
    /// The number of armed timers.
    public var armedTimerCount: Int { armedTimers.count }

    // MARK: - Effects

    func send(_ datagram: Datagram) {
        effects.append(.send(datagram))
    }

    func sendKernel(_ message: SADBMessage) {
        effects.append(.kernel(message))
    }

    func arm(_ kind: TimerID.Kind, owner: UInt64, after delay: Duration) {
        let timer = TimerID(kind: kind, owner: owner)
        let deadline = now + delay
        armedTimers[timer] = deadline
        effects.append(.armTimer(timer, at: deadline))
    }

    func disarm(_ kind: TimerID.Kind, owner: UInt64) {
        let timer = TimerID(kind: kind, owner: owner)
        if armedTimers.removeValue(forKey: timer) != nil {
            effects.append(.disarmTimer(timer))
        }
    }

    func makeHandle() -> UInt64 {
        defer { nextHandle += 1 }
        return nextHandle
    }

    func makeSequence() -> UInt32 {
        nextSequence = nextSequence == .max ? 0x4000_0000 : nextSequence + 1
        return nextSequence
    }

    func randomCookie() -> Cookie? {
        do {
            var value: UInt64 = 0
            while value == 0 { value = try random.uint64() }
            return Cookie(rawValue: value)
        } catch {
            logger.error("random source failed: \(error)")
            return nil
        }
    }

    func randomMessageID() -> MessageID? {
        do {
            return MessageID(rawValue: try random.nonzeroUInt32())
        } catch {
            logger.error("random source failed: \(error)")
            return nil
        }
    }

    // MARK: - Retransmission

    /// Sends `bytes` for a phase-1 record and remembers it for resending.
    func transmit(_ bytes: [UInt8], for record: Phase1Record, resendsOnTimer: Bool) {
        let datagram = Datagram(local: record.local, remote: record.remote, bytes: bytes)
        record.pending = PendingTransmission(
            datagram: datagram, retriesLeft: configuration.retransmission.retries, resendsOnTimer: resendsOnTimer)
        sendCopies(datagram)
        if resendsOnTimer {
            arm(.phase1Retransmit, owner: record.id, after: configuration.retransmission.interval)
        } else {
            disarm(.phase1Retransmit, owner: record.id)
        }
    }

    /// Sends `bytes` for a phase-2 record and remembers it for resending.
    func transmit(_ bytes: [UInt8], for record: Phase2Record, resendsOnTimer: Bool) {
        // Quick Mode travels between the ISAKMP SA's endpoints (the peer's port may not be 500).
        let phase1 = record.phase1ID.flatMap { phase1s[$0] }
        let datagram = Datagram(
            local: phase1?.local ?? record.local, remote: phase1?.remote ?? record.remote, bytes: bytes)
        record.pending = PendingTransmission(
            datagram: datagram, retriesLeft: configuration.retransmission.retries, resendsOnTimer: resendsOnTimer)
        sendCopies(datagram)
        if resendsOnTimer {
            arm(.phase2Retransmit, owner: record.id, after: configuration.retransmission.interval)
        } else {
            disarm(.phase2Retransmit, owner: record.id)
        }
    }

    /// `persend` copies of a datagram.
    func sendCopies(_ datagram: Datagram) {
        for _ in 0..<configuration.retransmission.copiesPerSend { send(datagram) }
    }

    // MARK: - Reload and shutdown

    func reload(_ configuration: EngineConfiguration) {
        self.configuration = configuration
        logger.notice("configuration reloaded: \(configuration.remotes.count) remote and \(configuration.saInfos.count) sainfo blocks")
    }

    func shutdown() {
        isShuttingDown = true
        // Delete only what we installed, and tell the peers (racoon flushed every SA; see docs/engine.md).
        for record in phase2s.oldestFirst {
            if record.isEstablished { deletePhase2(record, notifyPeer: true, reason: "shutting down") }
            else { abandonPhase2(record, reason: "shutting down") }
        }
        for record in phase1s.oldestFirst {
            deletePhase1(record, notifyPeer: record.isEstablished, reason: "shutting down")
        }
    }
}

/// Address conversions between the engine's and PF_KEY's types.
extension IPAddress {
    /// The PF_KEY form.
    var sadb: SADBIPAddress {
        guard let address = SADBIPAddress(bytes: bytes) else { preconditionFailure("IPAddress holds 4 or 16 bytes") }
        return address
    }

    /// From the PF_KEY form.
    init?(_ address: SADBIPAddress) {
        self.init(bytes: address.bytes)
    }
}
