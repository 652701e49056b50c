internal import Logging

/// A negotiation whose last message the `Retransmitter` keeps: a phase 1 or a Quick Mode.
protocol RetransmittedExchange: AnyObject {
    /// The engine's handle, the owner of the retransmission timer.
    var id: UInt64 { get }
    /// The last message sent, for resending and for answering duplicates.
    var pending: PendingTransmission? { get set }
    /// The last datagram received for this exchange (duplicate detection).
    var lastReceived: [UInt8]? { get set }
    /// The timer that resends.
    static var retransmitTimer: TimerID.Kind { get }
    /// "phase-1 message", "Quick Mode message" for log lines.
    static var messageName: String { get }
}

extension Phase1Record: RetransmittedExchange {
    static var retransmitTimer: TimerID.Kind { .phase1Retransmit }
    static var messageName: String { "phase-1 message" }
}

extension Phase2Record: RetransmittedExchange {
    static var retransmitTimer: TimerID.Kind { .phase2Retransmit }
    static var messageName: String { "Quick Mode message" }
}

/// The one retransmission mechanism of every exchange (racoon's `isakmp_resend`, `timer { counter; interval;
/// persend; }`): the last message of each negotiation is kept and resent on its timer, and a repeated datagram from
/// the peer gets it again (racoon's retransmission cache).
struct Retransmitter {
    let context: EngineContext

    /// What a due retransmission timer led to.
    enum Outcome {
        /// The message went out again.
        case resent
        /// Every retry is used up: the negotiation has failed.
        case exhausted
        /// Nothing to resend (a final reply kept only for duplicates).
        case idle
    }
}

extension Retransmitter {
    /// Sends `datagram` for `record` and keeps it: resent on the timer when `resendsOnTimer` (a request), otherwise
    /// only to answer the peer's duplicates (a final reply, RFC 2408 §5 does not acknowledge it).
    func transmit(_ datagram: Datagram, for record: some RetransmittedExchange, resendsOnTimer: Bool) {
        let retransmission = context.configuration.retransmission
        record.pending = PendingTransmission(
            datagram: datagram, retriesLeft: retransmission.retries, resendsOnTimer: resendsOnTimer)
        sendCopies(datagram)
        if resendsOnTimer {
            context.timers.retransmissionArmed(record)
        } else {
            context.timers.retransmissionStopped(record)
        }
    }

    /// Sends `bytes` for a phase 1, between its endpoints.
    func transmit(_ bytes: [UInt8], for record: Phase1Record, resendsOnTimer: Bool) {
        transmit(
            Datagram(local: record.local, remote: record.remote, bytes: bytes), for: record,
            resendsOnTimer: resendsOnTimer)
    }

    /// Sends `bytes` for a Quick Mode, between its ISAKMP SA's endpoints (the peer's port may not be 500).
    func transmit(_ bytes: [UInt8], for record: Phase2Record, resendsOnTimer: Bool) {
        let phase1 = record.phase1ID.flatMap { context.phase1s[$0] }
        let datagram = Datagram(
            local: phase1?.local ?? record.local, remote: phase1?.remote ?? record.remote, bytes: bytes)
        transmit(datagram, for: record, resendsOnTimer: resendsOnTimer)
    }

    /// Keeps the last message for duplicates only: the timer no longer resends it.
    func stopResending(_ record: some RetransmittedExchange) {
        record.pending?.resendsOnTimer = false
        context.timers.retransmissionStopped(record)
    }

    /// Forgets the last message: the exchange is over and nothing more will be asked of it.
    func forget(_ record: some RetransmittedExchange) {
        record.pending = nil
        context.timers.retransmissionStopped(record)
    }

    /// `persend` copies of a datagram.
    func sendCopies(_ datagram: Datagram) {
        for _ in 0..<context.configuration.retransmission.copiesPerSend { context.send(datagram) }
    }

    /// Whether `bytes` repeats the last datagram received for `record`; if so our last message goes out again.
    func answersRepeat(_ bytes: [UInt8], of record: some RetransmittedExchange) -> Bool {
        guard record.lastReceived == bytes else { return false }
        if let pending = record.pending {
            context.logger.debug(
                "the packet is retransmitted by \(pending.datagram.remote); resending our last \(type(of: record).messageName)")
            sendCopies(pending.datagram)
        }
        return true
    }

    /// The retransmission timer of `record` is due: resend, or report that the retries are used up.
    func due(_ record: some RetransmittedExchange) -> Outcome {
        guard var pending = record.pending, pending.resendsOnTimer else { return .idle }
        guard pending.retriesLeft > 0 else { return .exhausted }
        pending.retriesLeft -= 1
        record.pending = pending
        context.logger.debug(
            "resending \(type(of: record).messageName) to \(pending.datagram.remote) (\(pending.retriesLeft) retries left)")
        sendCopies(pending.datagram)
        context.timers.retransmissionArmed(record)
        return .resent
    }
}
