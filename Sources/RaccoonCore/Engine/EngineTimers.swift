internal import Logging

/// Every timer the engine arms, and what happens when one fires.
///
/// A timer is named by its kind and its owner's handle (`TimerID`); the engine remembers the deadline of each armed
/// timer, so a fire for a timer it has since disarmed is ignored, and an early fire is re-armed.
struct EngineTimers {
    let context: EngineContext
}

extension EngineTimers {
    // MARK: - Phase 1 (RFC 2409 §5; racoon `isakmp_ph1expire`, `isakmp_ph1resend`)

    /// How long a phase-1 negotiation may take before it is abandoned (all retransmissions plus one interval).
    var phase1NegotiationLimit: Duration {
        context.configuration.retransmission.interval * (context.configuration.retransmission.retries + 2)
    }

    /// A responder phase 1 exists: it must finish within the negotiation limit.
    func phase1ResponderStarted(_ record: Phase1Record) {
        arm(.phase1Expire, owner: record.id, after: phase1NegotiationLimit)
    }

    /// A responder reported a failure that keeps the handle: the negotiation gets the limit once more, then ends.
    func phase1FailureReported(_ record: Phase1Record) {
        disarm(.phase1Expire, owner: record.id)
        arm(.phase1Expire, owner: record.id, after: phase1NegotiationLimit)
    }

    /// The ISAKMP SA is established: soft expiry at 80 % of its lifetime (no new Quick Mode on a dying SA), hard at
    /// 100 %.
    func phase1Established(_ record: Phase1Record, lifetime: Duration) {
        disarm(.phase1Expire, owner: record.id)
        arm(.phase1SoftExpire, owner: record.id, after: lifetime * 0.8)
        arm(.phase1Expire, owner: record.id, after: lifetime)
    }

    /// The phase-1 record is gone: none of its timers may fire.
    func phase1Removed(_ record: Phase1Record) {
        for kind in [TimerID.Kind.phase1Retransmit, .phase1Expire, .phase1SoftExpire, .deadPeerDetection] {
            disarm(kind, owner: record.id)
        }
    }

    // MARK: - Dead Peer Detection (RFC 3706 §5)

    /// The next R-U-THERE is due `delay` from now: `dpd_delay` after the SA was established or last acknowledged,
    /// `dpd_retry` after an unanswered probe.
    func deadPeerDetectionDue(_ record: Phase1Record, after delay: Duration) {
        arm(.deadPeerDetection, owner: record.id, after: delay)
    }

    // MARK: - Retransmission (`timer { counter; interval; }`)

    /// The last message of `record` is resent after the interval unless an answer comes first.
    func retransmissionArmed(_ record: some RetransmittedExchange) {
        arm(type(of: record).retransmitTimer, owner: record.id, after: context.configuration.retransmission.interval)
    }

    /// The last message of `record` is no longer resent.
    func retransmissionStopped(_ record: some RetransmittedExchange) {
        disarm(type(of: record).retransmitTimer, owner: record.id)
    }

    // MARK: - Quick Mode (RFC 2409 §5.5; `timer { phase1; phase2; }`)

    /// An initiator Quick Mode waits `timer { phase1; }` for its ISAKMP SA.
    func quickModeQueued(_ record: Phase2Record) {
        arm(.phase2WaitForPhase1, owner: record.id, after: context.configuration.phase1Wait)
    }

    /// A Quick Mode has its ISAKMP SA and begins: it must install its SAs within `timer { phase2; }`.
    func quickModeStarted(_ record: Phase2Record) {
        disarm(.phase2WaitForPhase1, owner: record.id)
        arm(.phase2Timeout, owner: record.id, after: context.configuration.phase2Wait)
    }

    /// Both SAs are installed: the handle lives as long as the SAs, and a little longer so that the kernel's own hard
    /// EXPIRE (counted from the SAs' creation) normally comes first.
    func phase2Installed(_ record: Phase2Record, lifetime: Duration) {
        disarm(.phase2Timeout, owner: record.id)
        arm(.phase2Expire, owner: record.id, after: lifetime + Phase2Record.kernelExpiryMargin)
    }

    /// A re-keying initiator holds back its new outbound SA for `delay` (`QuickModeNegotiator.outboundDeferral`).
    func outboundSwitchDeferred(_ record: Phase2Record, by delay: Duration) {
        arm(.phase2OutboundSwitch, owner: record.id, after: delay)
    }

    /// The held-back outbound SA is installed before its timer (the old pair ended first).
    func outboundSwitchedEarly(_ record: Phase2Record) {
        disarm(.phase2OutboundSwitch, owner: record.id)
    }

    /// The pair's SAs are gone or being deleted: the record itself goes after `grace`.
    func phase2Retired(_ record: Phase2Record, grace: Duration) {
        disarm(.phase2Timeout, owner: record.id)
        disarm(.phase2Expire, owner: record.id)
        arm(.phase2Expire, owner: record.id, after: grace)
    }

    /// The Quick Mode record is gone: none of its timers may fire.
    func phase2Removed(_ record: Phase2Record) {
        for kind in [TimerID.Kind.phase2Retransmit, .phase2Timeout, .phase2WaitForPhase1, .phase2Expire, .phase2OutboundSwitch] {
            disarm(kind, owner: record.id)
        }
    }

    // MARK: - The engine's table of armed timers

    private func arm(_ kind: TimerID.Kind, owner: UInt64, after delay: Duration) {
        let timer = TimerID(kind: kind, owner: owner)
        let deadline = context.now + delay
        context.armedTimers[timer] = deadline
        context.effects.append(.armTimer(timer, at: deadline))
    }

    private func disarm(_ kind: TimerID.Kind, owner: UInt64) {
        let timer = TimerID(kind: kind, owner: owner)
        if context.armedTimers.removeValue(forKey: timer) != nil {
            context.effects.append(.disarmTimer(timer))
        }
    }

    // MARK: - Dispatch

    /// A timer the driver reports due. A fire for a timer we have since disarmed is stale. A fire before the deadline
    /// (a timer re-armed later, or a scheduler that fires a little early) is re-armed, so the deadline is never lost.
    func fired(_ timer: TimerID) {
        guard let deadline = context.armedTimers[timer] else { return }
        guard deadline <= context.now else {
            context.effects.append(.armTimer(timer, at: deadline))
            return
        }
        context.armedTimers[timer] = nil
        switch timer.kind {
        case .phase1Retransmit:
            if let record = context.phase1s[timer.owner], case .exhausted = context.retransmitter.due(record) {
                context.phase1.retransmissionsExhausted(record)
            }
        case .phase1Expire:
            if let record = context.phase1s[timer.owner] { context.phase1.phase1Expired(record) }
        case .phase1SoftExpire:
            if let record = context.phase1s[timer.owner] { context.phase1.phase1SoftExpired(record) }
        case .deadPeerDetection:
            if let record = context.phase1s[timer.owner] { context.dpd.deadPeerDetectionDue(record) }
        case .phase2Retransmit:
            if let record = context.phase2s[timer.owner], case .exhausted = context.retransmitter.due(record) {
                context.quickMode.retransmissionsExhausted(record)
            }
        case .phase2Timeout:
            if let record = context.phase2s[timer.owner] { context.quickMode.phase2TimedOut(record) }
        case .phase2WaitForPhase1:
            if let record = context.phase2s[timer.owner] { context.quickMode.phase1WaitTimedOut(record) }
        case .phase2Expire:
            if let record = context.phase2s[timer.owner] { context.quickMode.phase2Expired(record) }
        case .phase2OutboundSwitch:
            if let record = context.phase2s[timer.owner] { context.quickMode.installDeferredOutbound(record) }
        }
    }
}
