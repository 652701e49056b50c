internal import Logging

/// The one retransmission mechanism of every exchange (racoon's `sched` resend, `isakmp_resend`): the last message
/// of each negotiation is kept and resent on its timer (`timer { counter; interval; persend; }`), and a repeated
/// datagram from the peer gets it again.
struct Retransmitter {
    let context: EngineContext
}

extension Retransmitter {
    /// Sends `bytes` for a phase-1 record and remembers it for resending.
    func transmit(_ bytes: [UInt8], for record: Phase1Record, resendsOnTimer: Bool) {
        let datagram = Datagram(local: record.local, remote: record.remote, bytes: bytes)
        record.pending = PendingTransmission(
            datagram: datagram, retriesLeft: context.configuration.retransmission.retries, resendsOnTimer: resendsOnTimer)
        sendCopies(datagram)
        if resendsOnTimer {
            context.timers.arm(.phase1Retransmit, owner: record.id, after: context.configuration.retransmission.interval)
        } else {
            context.timers.disarm(.phase1Retransmit, owner: record.id)
        }
    }

    /// Sends `bytes` for a phase-2 record and remembers it for resending.
    func transmit(_ bytes: [UInt8], for record: Phase2Record, resendsOnTimer: Bool) {
        // Quick Mode travels between the ISAKMP SA's endpoints (the peer's port may not be 500).
        let phase1 = record.phase1ID.flatMap { context.phase1s[$0] }
        let datagram = Datagram(
            local: phase1?.local ?? record.local, remote: phase1?.remote ?? record.remote, bytes: bytes)
        record.pending = PendingTransmission(
            datagram: datagram, retriesLeft: context.configuration.retransmission.retries, resendsOnTimer: resendsOnTimer)
        sendCopies(datagram)
        if resendsOnTimer {
            context.timers.arm(.phase2Retransmit, owner: record.id, after: context.configuration.retransmission.interval)
        } else {
            context.timers.disarm(.phase2Retransmit, owner: record.id)
        }
    }

    /// `persend` copies of a datagram.
    func sendCopies(_ datagram: Datagram) {
        for _ in 0..<context.configuration.retransmission.copiesPerSend { context.send(datagram) }
    }

    /// racoon's retransmission cache: the same datagram again gets our last message again.
    func isDuplicate(_ bytes: [UInt8], of record: Phase1Record) -> Bool {
        guard record.lastReceived == bytes else { return false }
        if let pending = record.pending {
            context.logger.debug("the packet is retransmitted by \(record.remote); resending our last message")
            sendCopies(pending.datagram)
        }
        return true
    }

    func phase1RetransmitExpired(_ record: Phase1Record) {
        guard var pending = record.pending, pending.resendsOnTimer else { return }
        if pending.retriesLeft <= 0 {
            var cause = "phase1 negotiation failed due to time up (no answer after \(context.configuration.retransmission.retries) retransmissions)"
            if let error = record.unprotectedPeerError {
                cause += "; the peer reported \(error) without protection"
                if error == .authenticationFailed || error == .invalidHashInformation {
                    cause += ": check the pre-shared key for \(record.remote.address)"
                }
            }
            context.phase1.logPhase1Failure(peer: record.remote, exchange: record.exchangeText, cause: cause)
            context.phase1.removePhase1(record, reason: "time up")
            return
        }
        pending.retriesLeft -= 1
        record.pending = pending
        context.logger.debug("resending phase-1 message to \(record.remote) (\(pending.retriesLeft) retries left)")
        sendCopies(pending.datagram)
        context.timers.arm(.phase1Retransmit, owner: record.id, after: context.configuration.retransmission.interval)
    }

    func phase2RetransmitExpired(_ record: Phase2Record) {
        guard var pending = record.pending, pending.resendsOnTimer else { return }
        if pending.retriesLeft <= 0 {
            context.quickMode.logPhase2Failure(
                peer: record.remote, exchange: record.exchangeText, cause: "phase2 negotiation failed due to time up")
            context.quickMode.abandonPhase2(record, reason: "time up")
            return
        }
        pending.retriesLeft -= 1
        record.pending = pending
        sendCopies(pending.datagram)
        context.timers.arm(.phase2Retransmit, owner: record.id, after: context.configuration.retransmission.interval)
    }
}
