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
        /// Phase 1 is established; `Phase1Record.sa` holds the keys.
        case established

        /// Whether we are the responder and have heard nothing since our first reply (evictable when the half-open
        /// table is full: a forged first message never gets further).
        var isUnansweredResponder: Bool {
            switch self {
            case .mainResponder(let machine): return machine.awaitsSecondMessage
            case .aggressiveResponder(let machine): return machine.awaitsSecondMessage
            case .mainInitiator, .aggressiveInitiator, .established: return false
            }
        }

        /// The keys, once derived and before phase 1 is established (Aggressive Mode's initiator derives them
        /// with its last message, so it has none here).
        var derivedKeys: Phase1Keys? {
            switch self {
            case .mainInitiator(let machine): return machine.derivedKeys
            case .mainResponder(let machine): return machine.derivedKeys
            case .aggressiveResponder(let machine): return machine.derivedKeys
            case .aggressiveInitiator, .established: return nil
            }
        }
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
    /// The running exchange.
    var machine: Machine
    /// The ISAKMP SA once established.
    var sa: Phase1SA?
    /// Whether the record still holds a half-open slot.
    var holdsHalfOpenSlot: Bool
    /// The last datagram received for this exchange (duplicate detection).
    var lastReceived: [UInt8]?
    /// The last message sent, for retransmission and for answering duplicates.
    var pending: PendingTransmission?
    /// Phase-2 handles waiting for this phase 1.
    var waitingPhase2: [UInt64] = []
    /// Soft-expired: no new Quick Mode starts on it.
    var isDying = false
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
    /// Whether a failure that keeps the handle (an undecryptable or unverifiable message) was already reported.
    var reportedFailure = false
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
        self.machine = machine
        self.holdsHalfOpenSlot = holdsHalfOpenSlot
    }

    /// "Main Mode, initiator" for log lines.
    var exchangeText: String {
        "\(mode == .main ? "Main Mode" : "Aggressive Mode"), \(isInitiator ? "initiator" : "responder")"
    }

    /// Whether the ISAKMP SA is usable for Quick Mode.
    var isEstablished: Bool { sa != nil }
}

/// The key of the phase-1 table: both cookies.
struct CookiePair: Hashable {
    /// CKY-I.
    var initiator: Cookie
    /// CKY-R.
    var responder: Cookie
}
