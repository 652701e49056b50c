internal import Logging

/// Every timer the engine arms, and what happens when one fires.
///
/// A timer is named by its kind and its owner's handle (`TimerID`); the engine remembers the deadline of each armed
/// timer, so a fire for a timer it has since disarmed is ignored, and an early fire is re-armed.
struct EngineTimers {
    let context: EngineContext
}

extension EngineTimers {
    func arm(_ kind: TimerID.Kind, owner: UInt64, after delay: Duration) {
        let timer = TimerID(kind: kind, owner: owner)
        let deadline = context.now + delay
        context.armedTimers[timer] = deadline
        context.effects.append(.armTimer(timer, at: deadline))
    }

    func disarm(_ kind: TimerID.Kind, owner: UInt64) {
        let timer = TimerID(kind: kind, owner: owner)
        if context.armedTimers.removeValue(forKey: timer) != nil {
            context.effects.append(.disarmTimer(timer))
        }
    }

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
            if let record = context.phase1s[timer.owner] { context.retransmitter.phase1RetransmitExpired(record) }
        case .phase1Expire:
            if let record = context.phase1s[timer.owner] { context.phase1.phase1Expired(record) }
        case .phase1SoftExpire:
            if let record = context.phase1s[timer.owner] { context.phase1.phase1SoftExpired(record) }
        case .deadPeerDetection:
            if let record = context.phase1s[timer.owner] { context.dpd.deadPeerDetectionDue(record) }
        case .phase2Retransmit:
            if let record = context.phase2s[timer.owner] { context.retransmitter.phase2RetransmitExpired(record) }
        case .phase2Timeout:
            if let record = context.phase2s[timer.owner] { context.quickMode.phase2TimedOut(record) }
        case .phase2WaitForPhase1:
            if let record = context.phase2s[timer.owner] { context.quickMode.phase1WaitTimedOut(record) }
        case .phase2Expire:
            if let record = context.phase2s[timer.owner] { context.quickMode.phase2Expired(record) }
        }
    }
}
