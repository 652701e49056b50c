public import IKECrypto
public import Logging
public import SELinuxPolicy

/// The IKEv1 engine: Main Mode, Aggressive Mode, Quick Mode and Informational exchanges in both roles, as a
/// sans-I/O state machine.
///
/// The engine owns every negotiation, the userland SPD mirror and all timers, but no socket, clock, signal or kernel:
/// the driver feeds it events stamped with the current monotonic time and executes the effects it returns, in order.
/// It is a router: each event goes to the negotiator it belongs to (`EngineRouter`, `EngineTimers`), over one
/// `EngineContext`. It is not `Sendable`; it lives on the daemon's event loop.
///
/// Log lines go to the injected `Logger`; they name the peer, the exchange and the cause, and never contain keys.
public final class IKEEngine {
    let context: EngineContext

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
        context = EngineContext(
            configuration: configuration, random: random, policyChecker: policyChecker, processID: processID,
            logger: logger)
    }

    /// Handles one event and returns what the driver must do, in order.
    public func handle(_ event: EngineEvent, at now: MonotonicInstant) -> [EngineEffect] {
        begin(at: now)
        switch event {
        case .datagram(let datagram):
            context.router.receive(datagram)
        case .kernel(let message):
            context.router.receiveKernel(message)
        case .timerFired(let timer):
            context.timers.fired(timer)
        case .reloadRequested(let configuration):
            reload(configuration)
        case .shutdownRequested:
            shutdown()
        }
        return end()
    }

    /// Carries out an administrator's request: the reply and the effects to execute, in order.
    public func perform(_ command: EngineAdminCommand, at now: MonotonicInstant) -> EngineAdminResult {
        begin(at: now)
        let reply = context.admin.perform(command)
        return EngineAdminResult(reply: reply, effects: end())
    }

    /// `raccoonctl flush-sa KIND`: deletes what Raccoon negotiated and tells the peers; the effects to execute.
    public func flush(_ kind: AdminCommand.SAKind, at now: MonotonicInstant) -> [EngineEffect] {
        perform(.flush(kind), at: now).effects
    }

    /// Every phase-1 record and every IPsec SA Raccoon installed, for `raccoonctl show-sa` and the status summary.
    public func adminStatus() -> EngineStatus { context.admin.status() }

    private func begin(at now: MonotonicInstant) {
        context.now = now
        context.effects = []
        context.logSuppressedUnsolicited()
    }

    private func end() -> [EngineEffect] {
        defer { context.effects = [] }
        return context.effects
    }

    // MARK: - Introspection (tests, status)

    /// The number of established ISAKMP SAs.
    public var establishedPhase1Count: Int { context.phase1s.values.filter(\.isEstablished).count }
    /// The number of phase-1 negotiations in progress (half-open and initiator-side).
    public var negotiatingPhase1Count: Int { context.negotiatingPhase1Count }
    /// The number of installed IPsec SA pairs.
    public var establishedPhase2Count: Int { context.phase2s.values.filter(\.isEstablished).count }
    /// The number of Quick Modes in progress or queued.
    public var negotiatingPhase2Count: Int { context.negotiatingPhase2Count }
    /// The number of half-open phase-1 slots in use.
    public var halfOpenPhase1Count: Int { context.halfOpen.halfOpenCount }
    /// The number of armed timers.
    public var armedTimerCount: Int { context.armedTimers.count }
    /// Half-open responder phase 1s dropped to make room for new ones.
    public var evictedHalfOpenCount: Int { context.evictedHalfOpenCount }

    // MARK: - Reload and shutdown

    private func reload(_ configuration: EngineConfiguration) {
        context.configuration = configuration
        context.logger.notice("configuration reloaded: \(configuration.remotes.count) remote and \(configuration.saInfos.count) sainfo blocks")
    }

    private func shutdown() {
        context.isShuttingDown = true
        // Delete only what we installed, and tell the peers (racoon flushed every SA; see docs/engine.md).
        for record in context.phase2s.oldestFirst {
            if record.isEstablished {
                context.quickMode.deletePhase2(record, notifyPeer: true, reason: "shutting down")
            } else {
                context.quickMode.abandonPhase2(record, reason: "shutting down")
            }
        }
        for record in context.phase1s.oldestFirst {
            context.phase1.deletePhase1(record, notifyPeer: record.isEstablished, reason: "shutting down")
        }
    }
}
