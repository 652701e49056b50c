internal import IKECrypto
internal import ISAKMP

/// The engine's bookkeeping for one phase-1 negotiation or ISAKMP SA (racoon's `ph1handle`).
final class Phase1Record {
    /// Which state machine runs the exchange.
    enum Machine {
        /// Main Mode, we initiated.
        case mainInitiator(MainModeInitiator)
        /// Main Mode, the peer initiated.
        case mainResponder(MainModeResponder)
        /// Aggressive Mode, we initiated.
        case aggressiveInitiator(AggressiveModeInitiator)
        /// Aggressive Mode, the peer initiated.
        case aggressiveResponder(AggressiveModeResponder)

        /// Whether we are the responder and have heard nothing since our first reply (evictable when the half-open
        /// table is full: a forged first message never gets further).
        var isUnansweredResponder: Bool {
            switch self {
            case .mainResponder(let machine): return machine.awaitsSecondMessage
            case .aggressiveResponder(let machine): return machine.awaitsSecondMessage
            case .mainInitiator, .aggressiveInitiator: return false
            }
        }

        /// Runs `message` through the exchange; the machine keeps its new state whether or not it throws.
        mutating func receive(_ message: ISAKMPMessage) throws(Phase1Error) -> Phase1Step {
            switch self {
            case .mainInitiator(var machine):
                defer { self = .mainInitiator(machine) }; return try machine.receive(message)
            case .mainResponder(var machine):
                defer { self = .mainResponder(machine) }; return try machine.receive(message)
            case .aggressiveInitiator(var machine):
                defer { self = .aggressiveInitiator(machine) }; return try machine.receive(message)
            case .aggressiveResponder(var machine):
                defer { self = .aggressiveResponder(machine) }; return try machine.receive(message)
            }
        }

        /// The keys, once derived and before phase 1 is established (Aggressive Mode's initiator derives them
        /// with its last message, so it has none here).
        var derivedKeys: Phase1Keys? {
            switch self {
            case .mainInitiator(let machine): return machine.derivedKeys
            case .mainResponder(let machine): return machine.derivedKeys
            case .aggressiveResponder(let machine): return machine.derivedKeys
            case .aggressiveInitiator: return nil
            }
        }
    }

    /// A phase 1 under negotiation.
    struct Negotiation {
        /// The running exchange.
        var machine: Machine
        /// Whether it holds a half-open slot (a responder until it is established or removed).
        var holdsHalfOpenSlot: Bool
        /// Whether a failure that keeps the handle (an undecryptable or unverifiable message) was already reported.
        var reportedFailure = false
    }

    /// Where the phase 1 stands. One enum, so that no combination of flags can contradict another.
    enum Lifecycle {
        /// The exchange runs.
        case negotiating(Negotiation)
        /// The ISAKMP SA exists and new Quick Modes may start on it.
        case established(Phase1SA)
        /// Soft-expired (80 % of its lifetime): it still protects Informational exchanges and the Quick Modes under
        /// way, but no new Quick Mode starts on it.
        case dying(Phase1SA)
    }

    /// The engine's handle.
    let id: UInt64
    /// Whether we initiated.
    let isInitiator: Bool
    /// The exchange.
    let mode: Phase1ExchangeMode
    /// Our endpoint.
    let local: Endpoint
    /// The peer's endpoint.
    let remote: Endpoint
    /// The remote block in force.
    let remotePolicy: RemotePolicy
    /// CKY-I.
    let initiatorCookie: Cookie
    /// CKY-R (zero until the initiator learns it from the second message).
    var responderCookie: Cookie
    /// Where it stands.
    var lifecycle: Lifecycle
    /// The last datagram received for this exchange (duplicate detection).
    var lastReceived: [UInt8]?
    /// The last message sent, for retransmission and for answering duplicates.
    var pending: PendingTransmission?
    /// Phase-2 handles waiting for this phase 1.
    var waitingPhase2: [UInt64] = []
    /// DPD: the next R-U-THERE sequence number.
    var dpdSequence: UInt32 = 0
    /// DPD: the sequence number of the unanswered probe, if any.
    var dpdOutstanding: UInt32?
    /// DPD: unanswered probes in a row.
    var dpdFailures = 0
    /// When the record was created.
    var createdAt: MonotonicInstant = .zero
    /// When the ISAKMP SA was established.
    var establishedAt: MonotonicInstant?
    /// An error notify the peer sent without protection after the key exchange (ignored, but worth naming when the
    /// negotiation finally times out).
    var unprotectedPeerError: NotifyMessageType?
    /// Whether the key log already has this ISAKMP SA's row (`EngineEffect.keysDerived`).
    var keysLogged = false

    init(
        id: UInt64, isInitiator: Bool, mode: Phase1ExchangeMode, local: Endpoint, remote: Endpoint,
        remotePolicy: RemotePolicy, initiatorCookie: Cookie, responderCookie: Cookie, machine: Machine,
        holdsHalfOpenSlot: Bool
    ) {
        self.id = id
        self.isInitiator = isInitiator
        self.mode = mode
        self.local = local
        self.remote = remote
        self.remotePolicy = remotePolicy
        self.initiatorCookie = initiatorCookie
        self.responderCookie = responderCookie
        self.lifecycle = .negotiating(Negotiation(machine: machine, holdsHalfOpenSlot: holdsHalfOpenSlot))
    }

    /// "Main Mode, initiator" for log lines.
    var exchangeText: String {
        "\(mode == .main ? "Main Mode" : "Aggressive Mode"), \(isInitiator ? "initiator" : "responder")"
    }

    /// The ISAKMP SA once established (also while it is dying).
    var sa: Phase1SA? {
        switch lifecycle {
        case .negotiating: return nil
        case .established(let sa), .dying(let sa): return sa
        }
    }

    /// The negotiation while it runs.
    var negotiation: Negotiation? {
        if case .negotiating(let negotiation) = lifecycle { return negotiation }
        return nil
    }

    /// The running exchange, while phase 1 is negotiated.
    var machine: Machine? { negotiation?.machine }

    /// Changes the negotiation in place; nothing once phase 1 is established.
    func updateNegotiation(_ change: (inout Negotiation) -> Void) {
        guard case .negotiating(var negotiation) = lifecycle else { return }
        change(&negotiation)
        lifecycle = .negotiating(negotiation)
    }

    /// Whether the record holds a half-open slot.
    var holdsHalfOpenSlot: Bool { negotiation?.holdsHalfOpenSlot ?? false }

    /// Whether the ISAKMP SA exists (established or dying).
    var isEstablished: Bool { sa != nil }

    /// Soft-expired: no new Quick Mode starts on it.
    var isDying: Bool {
        if case .dying = lifecycle { return true }
        return false
    }
}

/// The key of the phase-1 table: both cookies.
struct CookiePair: Hashable {
    /// CKY-I.
    var initiator: Cookie
    /// CKY-R.
    var responder: Cookie
}
