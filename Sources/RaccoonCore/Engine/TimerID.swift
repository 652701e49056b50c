/// Names one timer the engine armed. The driver arms it on its scheduler and hands it back in
/// `EngineEvent.timerFired` when it is due.
///
/// A timer belongs to one negotiation (its `owner` handle) and has a `kind`. The engine remembers which timers
/// are armed, so a fire for a timer it has since disarmed or replaced is ignored.
public struct TimerID: Hashable, Sendable, CustomStringConvertible {
    /// What a timer is for; the names follow wireguard-go's `expired…` hooks.
    public enum Kind: String, Hashable, Sendable {
        /// Resend the last phase-1 message (`timer { interval; counter; }`).
        case phase1Retransmit
        /// The phase-1 SA reached its negotiated lifetime.
        case phase1Expire
        /// The phase-1 SA reached 80 % of its lifetime (soft expiry: stop using it for new phase 2).
        case phase1SoftExpire
        /// Send a DPD R-U-THERE probe, or give up on an unanswered one (RFC 3706).
        case deadPeerDetection
        /// Resend the last Quick Mode message.
        case phase2Retransmit
        /// The phase-2 completion wait (`timer { phase2; }`) ran out.
        case phase2Timeout
        /// A queued phase 2 waited `timer { phase1; }` for its phase 1.
        case phase2WaitForPhase1
        /// The phase-2 handle reached its lifetime and is freed.
        case phase2Expire
        /// A re-keying initiator's held-back outbound SA is installed (the peer has had time to process QM3).
        case phase2OutboundSwitch
    }

    /// What the timer is for.
    public var kind: Kind
    /// The engine's handle of the negotiation that owns the timer.
    public var owner: UInt64

    /// A timer of `kind` owned by the negotiation with handle `owner`.
    public init(kind: Kind, owner: UInt64) {
        self.kind = kind
        self.owner = owner
    }

    public var description: String { "\(kind.rawValue)#\(owner)" }
}
