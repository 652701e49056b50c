

/// The outcome of asking for a half-open slot.
enum HalfOpenReservation {
    /// A free slot was taken.
    case reserved
    /// The table was full; the oldest unanswered responder phase 1 was dropped for this one.
    case reservedByEviction
    /// No slot: the refusal says which bound.
    case refused(HalfOpenRefusal)
}

extension Phase1Negotiator {
    /// Reserves a half-open slot for a new responder phase 1 with `peer`, or says why there is none.
    ///
    /// IKEv1 has no stateless cookie exchange (RFC 2408 §2.5.3: the responder keeps state from the first message),
    /// so a flood of first messages from forged addresses would fill the table and lock every new peer out until
    /// the forged records time out. When a bound stands in the way, the oldest responder phase 1 that has heard
    /// nothing since its first reply is dropped to make room, as a SYN cache drops its oldest entry: a forged
    /// negotiation never gets further, while a real peer's third message arrives within a round trip and moves its
    /// record out of reach. At the per-peer bound the victim is that address's own oldest (so forged first
    /// messages from a real peer's address cannot lock it out for longer than they keep coming, issue 20); at the
    /// overall bound it is the oldest of all. Both bounds still hold, and established SAs, initiators and
    /// negotiations past their first exchange are never evicted.
    ///
    /// The warnings are rate limited with the other unsolicited-datagram lines (one per second, then a summary).
    func reserveHalfOpenSlot(for peer: IPAddress) -> HalfOpenReservation {
        guard let refusal = context.halfOpen.reserve(for: peer) else { return .reserved }
        let atPeerLimit = context.halfOpen.halfOpenCount(for: peer) >= context.halfOpen.perPeerLimit
        guard let victim = atPeerLimit ? oldestUnansweredResponder(from: peer) : oldestUnansweredResponder() else {
            return .refused(refusal)
        }
        context.evictedHalfOpenCount += 1
        if atPeerLimit {
            context.logUnsolicited(
                .halfOpenPerPeer, level: .warning,
                "\(context.halfOpen.halfOpenCount(for: peer)) half-open phase-1 negotiations with \(peer) already (limit \(context.halfOpen.perPeerLimit)): the oldest unanswered one makes room for a new first message (forged first messages from that address?)")
        } else {
            context.logUnsolicited(
                .halfOpenTableFull, level: .warning,
                "half-open table full (\(context.halfOpen.overallLimit)): the oldest unanswered phase 1s make room for new first messages (a flood of forged first messages?)")
        }
        context.logger.debug("evicted the unanswered phase 1 with \(victim.remote) for a new one from \(peer)")
        removePhase1(victim, reason: "evicted from the full half-open table")
        if let refusal = context.halfOpen.reserve(for: peer) { return .refused(refusal) }
        return .reservedByEviction
    }

    /// The oldest responder phase 1 with `peer` that holds a half-open slot and has heard nothing since its first
    /// reply (records of one address come in creation order).
    private func oldestUnansweredResponder(from peer: IPAddress) -> Phase1Record? {
        context.phase1s.oldestRecord(with: peer) { $0.holdsHalfOpenSlot && $0.machine?.isUnansweredResponder == true }
    }

    private func oldestUnansweredResponder() -> Phase1Record? {
        while let handle = context.halfOpenResponders.popOldest() {
            if let record = context.phase1s[handle], record.holdsHalfOpenSlot, record.machine?.isUnansweredResponder == true {
                return record
            }
        }
        return nil
    }

    /// Drops queue entries that can never be evicted again (established, past their first exchange, or gone), so
    /// the queue does not grow with every responder phase 1 the daemon ever saw.
    func pruneHalfOpenRespondersIfLarge() {
        guard context.halfOpenResponders.count > 4 * context.halfOpen.overallLimit else { return }
        context.halfOpenResponders.prune { handle in
            guard let record = context.phase1s[handle] else { return false }
            return record.holdsHalfOpenSlot && record.machine?.isUnansweredResponder == true
        }
    }
}
