internal import ISAKMP
internal import Logging

extension Phase1Negotiator {
    func phase1Established(_ record: Phase1Record, sa: Phase1SA) {
        record.establishedAt = context.now
        if record.holdsHalfOpenSlot { context.halfOpen.release(for: record.remote.address) }
        record.lifecycle = .established(sa)
        context.phase1ByCookies[CookiePair(initiator: sa.initiatorCookie, responder: .zero)] = nil
        context.phase1ByCookies[CookiePair(initiator: sa.initiatorCookie, responder: sa.responderCookie)] = record.id
        context.logger.notice("ISAKMP-SA established \(record.local)-\(record.remote) spi:\(sa.cookieText) (\(record.exchangeText), \(sa.proposal))")
        logPhase1Keys(record, keys: sa.keys)
        context.timers.phase1Established(record, lifetime: .seconds(Int64(sa.proposal.lifetimeSeconds)))
        if record.remotePolicy.initialContact, !context.contactedPeers.contains(record.remote.address) {
            context.contactedPeers.insert(record.remote.address)
            context.informational.sendProtectedInformational(
                .notification(
                    NotificationPayload(protocolID: .isakmp, notifyType: .initialContact, spi: sa.spiBytes)),
                on: record)
        }
        if record.remotePolicy.dpdDelay > 0, sa.peerSupportsDPD {
            context.timers.deadPeerDetectionDue(record, after: .seconds(record.remotePolicy.dpdDelay))
        }
        // INITIAL-CONTACT inside the exchange's last message (charon, pluto): authenticated with the new ISAKMP SA's
        // keys like the informational one racoon sends after phase 1, and handled the same way (racoon ignored it here).
        if sa.peerSentInitialContact {
            context.logger.notice("received INITIAL-CONTACT from \(record.remote) in \(record.exchangeText): purging its older SAs")
            context.informational.purgePeer(except: record)
        }
        let waiting = record.waitingPhase2
        record.waitingPhase2 = []
        for id in waiting {
            if let phase2 = context.phase2s[id] { context.quickMode.startQuickMode(phase2, on: record) }
        }
    }

    func phase1Expired(_ record: Phase1Record) {
        if record.isEstablished {
            deletePhase1(record, notifyPeer: true, reason: "lifetime expired")
        } else {
            logPhase1Failure(
                peer: record.remote, exchange: record.exchangeText,
                cause: "phase1 negotiation failed due to time up (no acceptable message after \(context.timers.phase1NegotiationLimit))")
            removePhase1(record, reason: "timed out")
        }
    }

    func phase1SoftExpired(_ record: Phase1Record) {
        guard case .established(let sa) = record.lifecycle else { return }
        record.lifecycle = .dying(sa)
        context.logger.info("ISAKMP-SA \(record.sa?.cookieText ?? "") with \(record.remote) is dying (80 % of its lifetime)")
        // racoon rekeys phase 1 when phase-2 SAs are alive and we initiated it.
        let peer = record.remote.address
        let alive = context.phase2s.records(with: peer).contains { $0.phase1ID == record.id && $0.isEstablished }
        if record.isInitiator, alive,
            !context.phase1s.records(with: peer).contains(where: { $0.id != record.id && !$0.isDying })
        {
            startInitiator(remotePolicy: record.remotePolicy, local: record.local, remote: record.remote)
        }
    }

    func logPhase1Failure(peer: Endpoint, exchange: String, cause: String) {
        context.logger.error("phase 1 with \(peer) (\(exchange)) failed: \(cause)")
    }

    /// Refuses a first message before any state is kept for it: the failure line (rate limited, since anyone can
    /// send first messages) and the notify, unprotected (RFC 2408 §5).
    func refuseFirstMessage(
        _ datagram: Datagram, exchange: String, notify: NotifyMessageType?, cookies: (Cookie, Cookie), cause: String
    ) {
        let logged = context.logUnsolicited(
            .refusedFirstMessage, level: .error, "phase 1 with \(datagram.remote) (\(exchange)) failed: \(cause)")
        guard let notify else { return }
        context.informational.sendPlainNotify(
            notify, cookies: cookies, local: datagram.local, remote: datagram.remote, logLevel: logged ? .info : .debug)
    }

    /// Ends a phase-1 negotiation that failed: log, notify, clean up.
    func failPhase1(_ record: Phase1Record, error: Phase1Error) {
        logPhase1Failure(peer: record.remote, exchange: record.exchangeText, cause: error.description)
        if let notify = error.notifyType {
            // RFC 2408 §5: before the ISAKMP SA is established, notifies travel unprotected.
            context.informational.sendPlainNotify(
                notify, cookies: (record.initiatorCookie, record.responderCookie), local: record.local,
                remote: record.remote)
        }
        removePhase1(record, reason: "phase 1 failed")
    }

    /// Deletes an established ISAKMP SA (optionally telling the peer) and removes the record.
    func deletePhase1(_ record: Phase1Record, notifyPeer: Bool, reason: String) {
        if notifyPeer, let sa = record.sa {
            context.informational.sendProtectedInformational(
                .delete(DeletePayload(protocolID: .isakmp, spis: [sa.spiBytes])), on: record)
            context.logger.notice("ISAKMP-SA deleted \(record.local)-\(record.remote) spi:\(sa.cookieText) (\(reason))")
        }
        removePhase1(record, reason: reason)
    }

    /// Removes every trace of a phase-1 record: indexes, timers, half-open slot; waiting phase 2s give up.
    func removePhase1(_ record: Phase1Record, reason: String) {
        context.phase1s[record.id] = nil
        var pairs = [
            CookiePair(initiator: record.initiatorCookie, responder: .zero),
            CookiePair(initiator: record.initiatorCookie, responder: record.responderCookie),
        ]
        if let sa = record.sa { pairs.append(CookiePair(initiator: sa.initiatorCookie, responder: sa.responderCookie)) }
        for pair in pairs where context.phase1ByCookies[pair] == record.id { context.phase1ByCookies[pair] = nil }
        context.timers.phase1Removed(record)
        if record.holdsHalfOpenSlot {
            context.halfOpen.release(for: record.remote.address)
            record.updateNegotiation { $0.holdsHalfOpenSlot = false }
        }
        // Quick Modes in progress on this ISAKMP SA cannot finish; queued ones give up.
        let onThisPhase1 = context.phase2s.records(with: record.remote.address).filter { $0.phase1ID == record.id }
        for phase2 in onThisPhase1 where phase2.isNegotiating {
            if case .waitingForPhase1 = phase2.stage, !context.isShuttingDown,
                let replacement = context.phase1s.records(with: record.remote.address).first(where: {
                    $0.id != record.id && !$0.isDying
                })
            {
                phase2.phase1ID = replacement.id
                replacement.waitingPhase2.append(phase2.id)
                continue
            }
            context.quickMode.abandonPhase2(phase2, reason: "its phase 1 ended (\(reason))")
        }
        for phase2 in onThisPhase1 where phase2.phase1ID == record.id { phase2.phase1ID = nil }
    }

    /// The last message went unanswered through every retransmission.
    func retransmissionsExhausted(_ record: Phase1Record) {
        var cause = "phase1 negotiation failed due to time up (no answer after \(context.configuration.retransmission.retries) retransmissions)"
        if let error = record.unprotectedPeerError {
            cause += "; the peer reported \(error) without protection"
            if error == .authenticationFailed || error == .invalidHashInformation {
                cause += ": check the pre-shared key for \(record.remote.address)"
            }
        }
        logPhase1Failure(peer: record.remote, exchange: record.exchangeText, cause: cause)
        removePhase1(record, reason: "time up")
    }
}
