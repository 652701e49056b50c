/// Chooses the phase-1 transform a responder accepts, and checks the one an initiator gets back.
///
/// racoon (`get_ph1approval`): the peer's transforms are tried in the order sent; each is compared with our
/// proposals in file order; the first acceptable pair wins. Encryption, hash, authentication method and group must be
/// equal; lifetime and key length follow `proposal_check`.
enum Phase1Selection {
    /// A transform the peer offered, with its transform number (RFC 2408 §3.6).
    struct Offer: Equatable {
        /// The transform number, echoed in the reply.
        var transformNumber: UInt8
        /// The transform's values, or why it cannot be used at all (an unsupported algorithm).
        var proposal: Result<Phase1Proposal, Unsupported>
    }

    /// A transform with an attribute Raccoon does not implement, and which one.
    struct Unsupported: Error, Equatable {
        /// What is unsupported, for the log: "encryption algorithm 1 (DES)".
        var reason: String
    }

    /// The accepted transform: the values both sides use, and the transform number to echo.
    struct Choice: Equatable {
        /// The transform number of the accepted offer.
        var transformNumber: UInt8
        /// The negotiated values (the peer's, after `proposal_check`).
        var proposal: Phase1Proposal
        /// Whether the lifetime is ours rather than the peer's (`proposal_check claim`).
        var lifetimeClaimed: Bool
    }

    /// The first acceptable offer, or every reason each offer was refused.
    static func select(
        offers: [Offer], ours: [Phase1Proposal], rule: ProposalCheckRule
    ) -> Result<Choice, NegotiationRefusal> {
        FirstAcceptableOffer.search(
            offers, ours: ours, name: { "transform \($0.transformNumber)" }, values: \.proposal,
            match: { match(peer: $0, mine: $1, rule: rule) }
        ) { offer, proposal, claimed in
            Choice(transformNumber: offer.transformNumber, proposal: proposal, lifetimeClaimed: claimed)
        }
    }

    /// Whether `peer` is acceptable against `mine`, and the values to use.
    static func match(
        peer: Phase1Proposal, mine: Phase1Proposal, rule: ProposalCheckRule
    ) -> Result<(Phase1Proposal, Bool), Phase1Selection.Unsupported> {
        if peer.encryption.attributeValue != mine.encryption.attributeValue {
            return .failure(.init(reason: "encryption \(peer.encryption) is not ours (\(mine.encryption))"))
        }
        if peer.hash != mine.hash {
            return .failure(.init(reason: "hash \(peer.hash) is not ours (\(mine.hash))"))
        }
        if peer.authentication != mine.authentication {
            return .failure(.init(reason: "authentication method differs"))
        }
        if peer.group != mine.group {
            return .failure(.init(reason: "DH group \(peer.group) is not ours (\(mine.group))"))
        }
        if let reason = rule.rejectKeyLength(
            peer: peer.encryption.keyLengthAttribute.map(Int.init), ours: mine.encryption.keyLengthAttribute.map(Int.init))
        {
            return .failure(.init(reason: reason))
        }
        return rule.decideLifetime(peer: peer.lifetimeSeconds, ours: mine.lifetimeSeconds).applied(to: peer)
    }
}

/// Why no proposal was acceptable: one reason per refused transform, for the log line.
struct NegotiationRefusal: Error, Equatable {
    /// Each refused transform and why.
    var reasons: [String]

    /// "no acceptable proposal: …; …".
    var summary: String {
        reasons.isEmpty ? "the peer offered no transform" : reasons.joined(separator: "; ")
    }
}

extension Phase1Proposal: LifetimeCarrying {}
