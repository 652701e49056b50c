/// The responder's rule for a peer's lifetime, key length and PFS group: racoon's `proposal_check`.
///
/// racoon.conf(5): `obey` takes the initiator's values; `strict` accepts a shorter lifetime (and adopts it) but
/// rejects a longer one, a shorter key or a different PFS group when we require PFS; `claim` is `strict` except
/// that a longer lifetime is answered with our own (phase 2 then sends RESPONDER-LIFETIME); `exact` demands equal
/// values.
public enum ProposalCheckRule: String, Hashable, Sendable, CaseIterable {
    /// Accept the initiator's values.
    case obey
    /// Accept shorter lifetimes and longer keys; reject the rest (racoon's default).
    case strict
    /// Like `strict`, but answer a longer lifetime with ours instead of rejecting it.
    case claim
    /// Reject anything that differs.
    case exact
}

/// The outcome of a lifetime check on the responder.
enum LifetimeDecision: Equatable {
    /// Use this lifetime, which the initiator proposed or may accept silently.
    case accept(seconds: UInt32)
    /// Use our shorter lifetime and tell the initiator (RFC 2407 §4.6.3.1 RESPONDER-LIFETIME).
    case claim(seconds: UInt32)
    /// Reject: the reason names both values and the rule, for the log.
    case reject(reason: String)

    /// `proposal` with the decided lifetime and whether we claim it (true), or why it is refused; both phases'
    /// checks end with this.
    func applied<Proposal: LifetimeCarrying>(
        to proposal: Proposal
    ) -> Result<(Proposal, Bool), Phase1Selection.Unsupported> {
        var chosen = proposal
        switch self {
        case .accept(let seconds):
            chosen.lifetimeSeconds = seconds
            return .success((chosen, false))
        case .claim(let seconds):
            chosen.lifetimeSeconds = seconds
            return .success((chosen, true))
        case .reject(let reason):
            return .failure(.init(reason: reason))
        }
    }
}

/// A proposal with a lifetime in seconds (a phase-1 proposal, a phase-2 transform).
protocol LifetimeCarrying {
    var lifetimeSeconds: UInt32 { get set }
}

extension ProposalCheckRule {
    /// Decides the lifetime to use when the peer proposed `peer` seconds and we are configured with `ours`.
    ///
    /// A proposed duration of 0 seconds is no expiry at all (strongSwan's charon proposes it when rekeying is off);
    /// taken literally it would expire the SA the moment it is established, so every rule but `exact` answers it
    /// with ours, as if the peer had proposed none (RFC 2407 §4.5: the default applies when unspecified).
    func decideLifetime(peer: UInt32, ours: UInt32) -> LifetimeDecision {
        if peer == 0, self != .exact { return .accept(seconds: ours) }
        switch self {
        case .obey:
            return .accept(seconds: peer)
        case .strict:
            if peer > ours {
                return .reject(reason: "proposal lifetime \(peer) s exceeds ours \(ours) s (proposal_check strict)")
            }
            return .accept(seconds: peer)
        case .claim:
            return peer > ours ? .claim(seconds: ours) : .accept(seconds: peer)
        case .exact:
            if peer != ours {
                return .reject(reason: "proposal lifetime \(peer) s differs from ours \(ours) s (proposal_check exact)")
            }
            return .accept(seconds: peer)
        }
    }

    /// Checks a proposed cipher key length in bits against ours; `nil` means "the algorithm's fixed length".
    /// Returns the reason for a rejection, or `nil` when the peer's length is acceptable (it is then used).
    func rejectKeyLength(peer: Int?, ours: Int?) -> String? {
        guard let ours, let peer, peer != ours else { return nil }
        switch self {
        case .obey:
            return nil
        case .strict, .claim:
            return peer < ours
                ? "proposal key length \(peer) bits is shorter than ours \(ours) bits (proposal_check \(rawValue))"
                : nil
        case .exact:
            return "proposal key length \(peer) bits differs from ours \(ours) bits (proposal_check exact)"
        }
    }

    /// Checks the peer's phase-2 PFS group against ours (0 = no PFS). Returns the reason for a rejection.
    ///
    /// Independent of the rule, a KE we did not ask for, or a missing KE we require, is rejected by the Quick Mode
    /// responder itself (issue: "A KE the responder did not ask for … gets NO-PROPOSAL-CHOSEN").
    func rejectPFSGroup(peer: UInt16, ours: UInt16) -> String? {
        switch self {
        case .obey:
            return nil
        case .strict, .claim:
            if ours != 0, peer != ours {
                return "proposal PFS group \(peer) differs from ours \(ours) (proposal_check \(rawValue))"
            }
            return nil
        case .exact:
            if peer != ours {
                return "proposal PFS group \(peer) differs from ours \(ours) (proposal_check exact)"
            }
            return nil
        }
    }
}
