

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
    /// the forged records time out. When only the overall limit stands in the way, the oldest responder phase 1
    /// that has heard nothing since its first reply is dropped to make room, as a SYN cache drops its oldest entry:
    /// a forged negotiation never gets further, while a real peer's third message arrives within a round trip and
    /// moves its record out of reach. The per-peer limit is never bypassed, and established SAs, initiators and
    /// negotiations past their first exchange are never evicted.
    ///
    /// The "table full" warning is rate limited with the other unsolicited-datagram lines (one per second, then a
    /// summary).
    func reserveHalfOpenSlot(for peer: IPAddress) -> HalfOpenReservation {
        guard let refusal = context.halfOpen.reserve(for: peer) else { return .reserved }
        guard context.halfOpen.halfOpenCount >= context.halfOpen.overallLimit,
            context.halfOpen.halfOpenCount(for: peer) < context.halfOpen.perPeerLimit,
            let victim = oldestUnansweredResponder()
        else { return .refused(refusal) }
        context.evictedHalfOpenCount += 1
        context.logUnsolicited(
            .halfOpenTableFull, level: .warning,
            "half-open table full (\(context.halfOpen.overallLimit)): the oldest unanswered phase 1s make room for new first messages (a flood of forged first messages?)")
        context.logger.debug("evicted the unanswered phase 1 with \(victim.remote) for a new one from \(peer)")
        removePhase1(victim, reason: "evicted from the full half-open table")
        if let refusal = context.halfOpen.reserve(for: peer) { return .refused(refusal) }
        return .reservedByEviction
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
