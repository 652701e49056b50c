internal import ISAKMP
internal import PFKeyListener

/// The engine's bookkeeping for one Quick Mode and the SA pair it installs (racoon's `ph2handle`).
final class Phase2Record {
    /// Where the negotiation stands.
    enum Stage {
        /// Queued until its phase 1 is established.
        case waitingForPhase1
        /// GETSPI sent (initiator).
        case initiatorAwaitingSPI
        /// QM1 sent.
        case initiator(QuickModeInitiator)
        /// QM1 accepted, GETSPI sent (responder).
        case responderAwaitingSPI(QuickModeRequest, Phase2Selection.Choice)
        /// QM2 sent, and with it the UPDATE of our inbound SA (`inbound` says whether the kernel has taken it).
        case responder(QuickModeResponder, inbound: ResponderInboundSA)
        /// A re-keying initiator sent the UPDATE of its inbound SA and holds the ADD of its outbound one back
        /// (`QuickModeNegotiator.outboundDeferral`); `awaiting` holds the UPDATE's reply until it comes.
        case outboundHeldBack(Phase2Negotiated, awaiting: Set<SADBMessageType>)
        /// UPDATE and ADD sent; `awaiting` holds the replies still expected from the kernel.
        case installing(Phase2Negotiated, awaiting: Set<SADBMessageType>)
        /// Both SAs installed.
        case established(Phase2Negotiated)
        /// Both SAs installed and soft-expired: a replacement Quick Mode has started (the initiator re-keys once).
        case rekeying(Phase2Negotiated)
        /// The SAs are gone or going: the kernel hard-expired one of them (its sibling is being deleted), or the
        /// handle reached its lifetime first (both are being deleted). The record stays `retirementGrace`, so the
        /// sibling's own EXPIRE and the peer's DELETE for the pair are still recognised as ours.
        case expired(Phase2Negotiated)
    }

    /// How long an expired record stays: the kernel reports both SAs of a pair within a second of each other, and a
    /// peer with the same lifetime sends its DELETE for the pair when its own copy expires.
    static let retirementGrace: Duration = .seconds(30)

    /// How long after the negotiated lifetime the handle timer fires: the kernel counts the lifetime from the SA's
    /// creation, a little before the install replies arrive, so its hard EXPIRE normally comes first.
    static let kernelExpiryMargin: Duration = .seconds(5)

    /// How long an initiator that re-keys holds back its new outbound SA (`QuickModeNegotiator.outboundDeferral`):
    /// the time the responder takes to process QM3 and install its inbound SA, with room for a loaded host.
    static let outboundSwitchDelay: Duration = .seconds(1)

    /// The engine's handle.
    let id: UInt64
    /// Whether we initiated.
    let isInitiator: Bool
    /// The phase 1 it runs on (or waits for).
    var phase1ID: UInt64?
    /// The Quick Mode message ID (assigned when QM1 is sent or received).
    var messageID: MessageID
    /// The SADB sequence number of its GETSPI/UPDATE/ADD (the ACQUIRE's on the initiator).
    let sequence: UInt32
    /// Whether an ACQUIRE started it (then a give-up is reported to the kernel).
    let fromAcquire: Bool
    /// Our IKE endpoint.
    let local: Endpoint
    /// The peer's IKE endpoint.
    let remote: Endpoint
    /// The SA mode.
    let mode: IPsecMode
    /// The reqid of the inbound SA (from the inbound policy template).
    let inboundReqID: UInt32
    /// The reqid of the outbound SA.
    let outboundReqID: UInt32
    /// The outbound policy id (duplicate ACQUIRE detection, rekeying).
    let policyID: UInt32?
    /// The client selectors (ours, the peer's) for IDs and sainfo lookup.
    let selectors: (local: ClientSelector, remote: ClientSelector)
    /// The label when the flow is labeled.
    let label: SecurityLabel?
    /// The sainfo in force.
    let saInfo: SAInfoPolicy
    /// Where it stands.
    var stage: Stage
    /// The last datagram received (duplicate detection).
    var lastReceived: [UInt8]?
    /// The last message sent.
    var pending: PendingTransmission?
    /// When both SAs were installed.
    var establishedAt: MonotonicInstant?
    /// The responder's inbound SA, installed when QM2 is sent (before QM3; `installInboundEarly`).
    enum ResponderInboundSA {
        /// The UPDATE is sent and not yet answered.
        case updateSent
        /// The kernel has installed it.
        case installed
    }

    init(
        id: UInt64, isInitiator: Bool, phase1ID: UInt64?, messageID: MessageID, sequence: UInt32, fromAcquire: Bool,
        local: Endpoint, remote: Endpoint, mode: IPsecMode, inboundReqID: UInt32, outboundReqID: UInt32,
        policyID: UInt32?, selectors: (local: ClientSelector, remote: ClientSelector), label: SecurityLabel?,
        saInfo: SAInfoPolicy, stage: Stage
    ) {
        self.id = id
        self.isInitiator = isInitiator
        self.phase1ID = phase1ID
        self.messageID = messageID
        self.sequence = sequence
        self.fromAcquire = fromAcquire
        self.local = local
        self.remote = remote
        self.mode = mode
        self.inboundReqID = inboundReqID
        self.outboundReqID = outboundReqID
        self.policyID = policyID
        self.selectors = selectors
        self.label = label
        self.saInfo = saInfo
        self.stage = stage
    }

    /// The negotiated SA pair, once known.
    var negotiated: Phase2Negotiated? {
        switch stage {
        case .outboundHeldBack(let negotiated, _), .installing(let negotiated, _), .established(let negotiated),
            .rekeying(let negotiated), .expired(let negotiated):
            return negotiated
        case .waitingForPhase1, .initiatorAwaitingSPI, .initiator, .responderAwaitingSPI, .responder: return nil
        }
    }

    /// Whether both SAs are installed.
    var isEstablished: Bool {
        switch stage {
        case .established, .rekeying: return true
        case .waitingForPhase1, .initiatorAwaitingSPI, .initiator, .responderAwaitingSPI, .responder, .outboundHeldBack,
            .installing, .expired:
            return false
        }
    }

    /// Whether the pair's SAs are already gone or being deleted, and the record only waits out its grace.
    var isRetired: Bool {
        if case .expired = stage { return true }
        return false
    }

    /// Whether the Quick Mode has not installed its SA pair yet (an expired pair is no longer negotiating).
    var isNegotiating: Bool {
        switch stage {
        case .waitingForPhase1, .initiatorAwaitingSPI, .initiator, .responderAwaitingSPI, .responder, .outboundHeldBack,
            .installing:
            return true
        case .established, .rekeying, .expired: return false
        }
    }

    /// Whether a re-keying initiator holds its outbound SA back (`Stage.outboundHeldBack`).
    var isHoldingOutboundBack: Bool {
        if case .outboundHeldBack = stage { return true }
        return false
    }

    /// Whether `other` protects the same flow with the same peer (a replacement of this pair, by either side).
    func protectsSameFlow(as other: Phase2Record) -> Bool {
        local == other.local && remote == other.remote && mode == other.mode && label == other.label
            && selectors.local == other.selectors.local && selectors.remote == other.selectors.remote
    }

    /// "Quick Mode, initiator" for log lines.
    var exchangeText: String { "Quick Mode, \(isInitiator ? "initiator" : "responder")" }
}
