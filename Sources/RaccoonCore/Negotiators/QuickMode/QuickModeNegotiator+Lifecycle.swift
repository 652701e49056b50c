internal import ISAKMP
internal import Logging
internal import PFKeyListener

extension QuickModeNegotiator {
    func logPhase2Failure(peer: Endpoint, exchange: String, cause: String) {
        context.logger.error("phase 2 with \(peer) (\(exchange)) failed: \(cause)")
    }

    /// The SPI we proposed (initiator) or were offered first (responder): the one a peer's notify names.
    func ourProposedSPI(_ record: Phase2Record) -> UInt32? {
        switch record.stage {
        case .initiator(let machine): return machine.offer.ourSPI
        case .responder(let machine, _): return machine.request.offers.first?.spi
        case .responderAwaitingSPI(let request, _): return request.offers.first?.spi
        case .outboundHeldBack(let negotiated, _), .installing(let negotiated, _), .established(let negotiated),
            .rekeying(let negotiated), .expired(let negotiated):
            return negotiated.ourSPI
        case .waitingForPhase1, .initiatorAwaitingSPI: return nil
        }
    }

    func sendPhase2Notify(_ error: Phase2Error, spi: UInt32?, on phase1: Phase1Record) {
        guard let type = error.notifyType, phase1.isEstablished else { return }
        let spiBytes = spi.map(QuickModeExchange.spiBytes) ?? []
        context.logger.info("sending notify \(type) to \(phase1.remote)")
        context.informational.sendProtectedInformational(
            .notification(NotificationPayload(protocolID: .esp, notifyType: type, spi: spiBytes)), on: phase1)
    }

    /// Ends a Quick Mode that failed: log, notify the peer, tell the kernel, clean up.
    func failPhase2(_ record: Phase2Record, error: Phase2Error, notifyPeer: Bool) {
        logPhase2Failure(peer: record.remote, exchange: record.exchangeText, cause: error.description)
        if notifyPeer, let phase1 = record.phase1ID.flatMap({ context.phase1s[$0] }) {
            sendPhase2Notify(error, spi: ourProposedSPI(record), on: phase1)
        }
        abandonPhase2(record, reason: error.description)
    }

    /// Removes a Quick Mode that will not complete; an ACQUIRE-started one tells the kernel (ENOENT).
    func abandonPhase2(_ record: Phase2Record, reason: String) {
        if record.fromAcquire, record.isNegotiating {
            context.sendKernel(context.requests.acquireFailed(acquireSequence: record.sequence, errno: 2))
        }
        if record.isNegotiating, let negotiated = record.negotiated {
            deleteKernelSAs(record, negotiated)
        } else if let spi = reservedSPI(record) {
            releaseSPI(spi, for: record)
        }
        removePhase2(record)
    }

    /// Deletes the larval inbound SA GETSPI reserved for `record`, which would otherwise linger until the kernel
    /// expires it (30 s).
    func releaseSPI(_ spi: UInt32, for record: Phase2Record) {
        context.sendKernel(context.requests.delete(
            .esp, spi: spi, source: record.remote.address, destination: record.local.address,
            sequence: context.makeSequence()))
    }

    /// The SPI GETSPI reserved for a Quick Mode that has not installed its SAs yet.
    func reservedSPI(_ record: Phase2Record) -> UInt32? {
        switch record.stage {
        case .initiator(let machine): return machine.offer.ourSPI
        case .responder(let machine, _): return machine.ourSPI
        case .waitingForPhase1, .initiatorAwaitingSPI, .responderAwaitingSPI, .outboundHeldBack, .installing,
            .established, .rekeying, .expired:
            return nil
        }
    }

    /// Deletes an installed SA pair (optionally telling the peer). The record retires: the kernel may already have
    /// queued its EXPIREs for the pair, and the peer may still send its DELETE (a shutdown removes it at once).
    func deletePhase2(_ record: Phase2Record, notifyPeer: Bool, reason: String) {
        // A retired pair was deleted already (SADB_DELETE sent, the peer told): a flush, INITIAL-CONTACT or an
        // administrator's delete must not do it again.
        if record.isRetired, let negotiated = record.negotiated {
            context.logger.info("IPsec-SA \(record.local.address)<=>\(record.remote.address) spi=\(spiText(negotiated.ourSPI))/\(spiText(negotiated.peerSPI)) was already deleted (\(reason))")
            if context.isShuttingDown { removePhase2(record) }
            return
        }
        guard let negotiated = record.negotiated else {
            abandonPhase2(record, reason: reason)
            return
        }
        if notifyPeer, let phase1 = establishedPhase1(for: record) {
            context.informational.sendProtectedInformational(
                .delete(DeletePayload(
                    protocolID: negotiated.transform.securityProtocol == .ah ? .ah : .esp,
                    spis: [QuickModeExchange.spiBytes(negotiated.ourSPI)])),
                on: phase1)
        }
        deleteKernelSAs(record, negotiated)
        context.logger.notice("IPsec-SA deleted: \(negotiated.transform.securityProtocol)/\(record.mode.racoonName) \(record.local.address)<=>\(record.remote.address) spi=\(spiText(negotiated.ourSPI))/\(spiText(negotiated.peerSPI)) (\(reason))")
        if context.isShuttingDown {
            removePhase2(record)
        } else {
            retirePhase2(record, negotiated)
        }
    }

    /// The ISAKMP SA to protect a notify about `record`: its own, or any other established one with the peer
    /// (its own may have been replaced by a phase-1 rekey).
    func establishedPhase1(for record: Phase2Record) -> Phase1Record? {
        if let own = record.phase1ID.flatMap({ context.phase1s[$0] }), own.isEstablished { return own }
        return context.phase1s.records(with: record.remote.address).last { $0.isEstablished }
    }

    /// Deletes the pair's SAs from the kernel (an outbound SA still held back was never added).
    func deleteKernelSAs(_ record: Phase2Record, _ negotiated: Phase2Negotiated) {
        let saType = negotiated.transform.securityProtocol.saType
        context.sendKernel(context.requests.delete(
            saType, spi: negotiated.ourSPI, source: record.remote.address,
            destination: record.local.address, sequence: context.makeSequence()))
        if record.isHoldingOutboundBack { return }
        context.sendKernel(context.requests.delete(
            saType, spi: negotiated.peerSPI, source: record.local.address,
            destination: record.remote.address, sequence: context.makeSequence()))
    }

    func removePhase2(_ record: Phase2Record) {
        context.phase2s[record.id] = nil
        context.timers.phase2Removed(record)
        if let phase1 = record.phase1ID.flatMap({ context.phase1s[$0] }) {
            phase1.waitingPhase2.removeAll { $0 == record.id }
        }
    }
}

extension QuickModeNegotiator {
    // MARK: - Timers

    /// The last Quick Mode message went unanswered through every retransmission.
    func retransmissionsExhausted(_ record: Phase2Record) {
        logPhase2Failure(
            peer: record.remote, exchange: record.exchangeText, cause: "phase2 negotiation failed due to time up")
        abandonPhase2(record, reason: "time up")
    }

    /// `timer { phase2; }` ran out before the SA pair was installed.
    func phase2TimedOut(_ record: Phase2Record) {
        logPhase2Failure(
            peer: record.remote, exchange: record.exchangeText, cause: "give up to get IPsec-SA due to time up to wait")
        abandonPhase2(record, reason: "time up")
    }

    /// A queued Quick Mode waited `timer { phase1; }` for its phase 1.
    func phase1WaitTimedOut(_ record: Phase2Record) {
        logPhase2Failure(
            peer: record.remote, exchange: record.exchangeText,
            cause: "phase2 negotiation failed due to time up waiting for phase1")
        abandonPhase2(record, reason: "no phase 1")
    }

    /// The handle timer: an expired record's grace is over, so it goes. Otherwise the SA pair outlived its lifetime
    /// without a hard EXPIRE from the kernel: it is deleted now, and the record retires like an expired one.
    func phase2Expired(_ record: Phase2Record) {
        guard let negotiated = record.negotiated else {
            removePhase2(record)
            return
        }
        if case .expired = record.stage {
            context.logger.debug("IPsec-SA handle for \(record.remote) spi=\(spiText(negotiated.ourSPI))/\(spiText(negotiated.peerSPI)) retired")
            removePhase2(record)
            return
        }
        context.logger.info("IPsec-SA pair with \(record.remote) spi=\(spiText(negotiated.ourSPI))/\(spiText(negotiated.peerSPI)) reached its lifetime (\(negotiated.transform.lifetimeSeconds) s) without a hard EXPIRE: deleting it")
        deleteKernelSAs(record, negotiated)
        retirePhase2(record, negotiated)
    }

    /// The pair's SAs are gone or being deleted: the record stays `Phase2Record.retirementGrace` for the late EXPIRE
    /// and DELETE that name them.
    func retirePhase2(_ record: Phase2Record, _ negotiated: Phase2Negotiated) {
        record.stage = .expired(negotiated)
        context.timers.phase2Retired(record, grace: Phase2Record.retirementGrace)
        installDeferredOutbounds(after: record)
    }
}
