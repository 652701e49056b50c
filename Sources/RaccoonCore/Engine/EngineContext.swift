internal import IKECrypto
internal import ISAKMP
internal import Logging
internal import PFKeyListener
internal import SELinuxPolicy

/// What every negotiator works over: the configuration, the tables, the clock reading of the event being handled
/// and the effects it produces. Negotiators (`Phase1Negotiator`, `QuickModeNegotiator`, …) are small values over
/// one context, in the spirit of strongSwan's ikev1 tasks over their IKE_SA; none of them touches a socket, clock or
/// the kernel: they append effects, which `IKEEngine.handle(_:at:)` returns to the driver.
final class EngineContext {
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
    var evictedHalfOpenCount = 0
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

    init(
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

    // MARK: - The negotiators and services over this context

    var router: EngineRouter { EngineRouter(context: self) }
    var phase1: Phase1Negotiator { Phase1Negotiator(context: self) }
    var quickMode: QuickModeNegotiator { QuickModeNegotiator(context: self) }
    var informational: InformationalExchange { InformationalExchange(context: self) }
    var dpd: DeadPeerDetection { DeadPeerDetection(context: self) }
    var kernelEvents: KernelEventHandler { KernelEventHandler(context: self) }
    var retransmitter: Retransmitter { Retransmitter(context: self) }
    var timers: EngineTimers { EngineTimers(context: self) }
    var admin: EngineAdministration { EngineAdministration(context: self) }
}

extension EngineContext {
    /// The number of phase-1 negotiations in progress (half-open and initiator-side).
    var negotiatingPhase1Count: Int { phase1s.values.filter { !$0.isEstablished }.count }
    /// The number of Quick Modes in progress or queued.
    var negotiatingPhase2Count: Int { phase2s.values.filter(\.isNegotiating).count }
}
