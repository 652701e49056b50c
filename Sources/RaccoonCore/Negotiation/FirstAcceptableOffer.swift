/// racoon's selection rule for both phases (`get_ph1approval`, `ipsecdoi_selectph2proposal`): the peer's offers in
/// the order sent, each against ours in configuration order; the first acceptable pair wins. When none is, every
/// refusal is reported, each named for its offer, so the log says why each transform was refused.
enum FirstAcceptableOffer {
    /// The first offer whose values `match` one of `ours`, made into a choice; or every refusal.
    ///
    /// - Parameters:
    ///   - name: how an offer is named in a refusal ("transform 1", "proposal 1 transform 2").
    ///   - values: the offer's values, or why they cannot be used at all (an unsupported attribute).
    ///   - match: whether the peer's values are acceptable against ours under `proposal_check`, and the values to
    ///     use with whether our lifetime replaced the peer's.
    static func search<Offer, Values: CustomStringConvertible, Choice>(
        _ offers: [Offer], ours: [Values], name: (Offer) -> String,
        values: (Offer) -> Result<Values, Phase1Selection.Unsupported>,
        match: (_ peer: Values, _ mine: Values) -> Result<(Values, Bool), Phase1Selection.Unsupported>,
        choose: (Offer, _ values: Values, _ lifetimeClaimed: Bool) -> Choice
    ) -> Result<Choice, NegotiationRefusal> {
        var reasons: [String] = []
        for offer in offers {
            let peer: Values
            switch values(offer) {
            case .failure(let unsupported):
                reasons.append("\(name(offer)): \(unsupported.reason)")
                continue
            case .success(let offered):
                peer = offered
            }
            for mine in ours {
                switch match(peer, mine) {
                case .success(let (chosen, claimed)):
                    return .success(choose(offer, chosen, claimed))
                case .failure(let refusal):
                    reasons.append("\(name(offer)) \(peer): \(refusal.reason)")
                }
            }
        }
        return .failure(NegotiationRefusal(reasons: reasons))
    }
}
