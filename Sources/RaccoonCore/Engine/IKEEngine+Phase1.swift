internal import IKECrypto
internal import ISAKMP
internal import Logging

extension IKEEngine {
    // MARK: - Receive path (racoon `isakmp_main`, inventory §6.1)

    func receive(_ datagram: Datagram) {
        let peer = datagram.remote
        // RFC 3947 §4: a single 0xff byte is a NAT-T keepalive.
        if datagram.bytes == [0xff] { return }
        guard peer.port != 0 else {
            logger.debug("dropped a datagram from \(peer): source port 0")
            return
        }
        let message: ISAKMPMessage
        do {
            message = try ISAKMPMessage(parsing: datagram.bytes)
        } catch {
            logUnsolicited(.malformed, "dropped a malformed ISAKMP datagram from \(peer): \(error)")
            return
        }
        let header = message.header
        switch header.exchangeType {
        case .identityProtection, .aggressive:
            guard header.messageID == .zero else {
                logUnsolicited(.unexpectedHeader, "dropped a \(header.exchangeType) message from \(peer) with message ID \(header.messageID)")
                return
            }
            receivePhase1(message, datagram: datagram)
        case .informational:
            receiveInformational(message, datagram: datagram)
        case .quickMode:
            receiveQuickMode(message, datagram: datagram)
        case .base, .authenticationOnly, .transaction, .newGroupMode, .unknown:
            logUnsolicited(.unexpectedHeader, "dropped a \(header.exchangeType) message from \(peer): exchange not supported")
        }
    }

    /// The phase-1 record for a message's cookies, if any.
    func phase1(for header: ISAKMPHeader, from peer: Endpoint) -> Phase1Record? {
        if let id = phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: header.responderCookie)],
            let record = phase1s[id]
        {
            return record
        }
        // Our own initiator that has not learned CKY-R yet.
        if let id = phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: .zero)],
            let record = phase1s[id], record.isInitiator, record.remote.address == peer.address
        {
            return record
        }
        // A first message (CKY-R zero) whose CKY-I we already know from this peer: a retransmission, or a
        // collision that racoon drops too (`getph1byindex0`).
        if header.responderCookie.isZero {
            return phase1s.records(with: peer.address).first { $0.initiatorCookie == header.initiatorCookie }
        }
        return nil
    }

    func receivePhase1(_ message: ISAKMPMessage, datagram: Datagram) {
        let header = message.header
        if let record = phase1(for: header, from: datagram.remote) {
            if isDuplicate(datagram.bytes, of: record) { return }
            guard header.exchangeType == (record.mode == .main ? .identityProtection : .aggressive) else {
                logger.info("ignored a \(header.exchangeType) message from \(datagram.remote) for a \(record.exchangeText) exchange")
                return
            }
            step(record, message: message, datagram: datagram)
            return
        }
        guard header.responderCookie.isZero else {
            logUnsolicited(.unknownCookies, "dropped a \(header.exchangeType) message from \(datagram.remote): unknown cookies \(header.initiatorCookie):\(header.responderCookie)")
            return
        }
        startResponder(message, datagram: datagram)
    }

    /// racoon's retransmission cache: the same datagram again gets our last message again.
    func isDuplicate(_ bytes: [UInt8], of record: Phase1Record) -> Bool {
        guard record.lastReceived == bytes else { return false }
        if let pending = record.pending {
            logger.debug("the packet is retransmitted by \(record.remote); resending our last message")
            sendCopies(pending.datagram)
        }
        return true
    }

    /// The key-log row of an ISAKMP SA, once, as soon as its keys exist: the first encrypted message (MM5) can
    /// then be read in Wireshark even when phase 1 fails there (a wrong pre-shared key).
    func logPhase1Keys(_ record: Phase1Record, keys: Phase1Keys?) {
        guard !record.keysLogged, let keys = keys ?? record.machine.derivedKeys else { return }
        record.keysLogged = true
        effects.append(.keysDerived(.isakmp(initiatorCookie: record.initiatorCookie.rawValue, encryptionKey: keys.encryptionKey)))
    }

    /// Runs a phase-1 message through the record's state machine.
    func step(_ record: Phase1Record, message: ISAKMPMessage, datagram: Datagram) {
        defer { logPhase1Keys(record, keys: nil) }
        let result: Result<Phase1Step, Phase1Error>
        switch record.machine {
        case .mainInitiator(var machine):
            result = Result { () throws(Phase1Error) in try machine.receive(message) }
            record.machine = .mainInitiator(machine)
        case .mainResponder(var machine):
            result = Result { () throws(Phase1Error) in try machine.receive(message) }
            record.machine = .mainResponder(machine)
        case .aggressiveInitiator(var machine):
            result = Result { () throws(Phase1Error) in try machine.receive(message) }
            record.machine = .aggressiveInitiator(machine)
        case .aggressiveResponder(var machine):
            result = Result { () throws(Phase1Error) in try machine.receive(message) }
            record.machine = .aggressiveResponder(machine)
        case .established:
            logger.debug("ignored a \(message.header.exchangeType) message from \(datagram.remote): ISAKMP-SA \(record.sa?.cookieText ?? "") is already established")
            return
        }
        switch result {
        case .failure(let error):
            switch error {
            case .undecryptable, .hashMismatch:
                // racoon keeps the handle after a later message fails: a forged or corrupted message must not end
                // the negotiation. The peer hears about it once; the negotiation ends by its timers otherwise.
                if record.reportedFailure {
                    logger.debug("phase 1 with \(record.remote) (\(record.exchangeText)): the same failure again; still waiting")
                } else {
                    record.reportedFailure = true
                    // A responder's last message evidently arrived; resending it would only make the initiator
                    // resend too. The initiator keeps resending: the failing message may be a forgery and the real
                    // answer lost, and its retransmission limit still ends the negotiation.
                    if !record.isInitiator {
                        record.pending?.resendsOnTimer = false
                        disarm(.phase1Retransmit, owner: record.id)
                        disarm(.phase1Expire, owner: record.id)
                        arm(.phase1Expire, owner: record.id, after: phase1NegotiationLimit)
                    }
                    logPhase1Failure(peer: record.remote, exchange: record.exchangeText, cause: error.description)
                    if let notify = error.notifyType {
                        sendPlainNotify(
                            notify, cookies: (record.initiatorCookie, record.responderCookie), local: record.local,
                            remote: record.remote)
                    }
                }
            default:
                failPhase1(record, error: error)
            }
        case .success(.ignore(let reason)):
            logger.debug("ignored a message from \(datagram.remote) in \(record.exchangeText): \(reason)")
        case .success(.send(let bytes)):
            record.lastReceived = datagram.bytes
            if record.responderCookie.isZero, !message.header.responderCookie.isZero {
                learnResponderCookie(record, message.header.responderCookie)
            }
            transmit(bytes, for: record, resendsOnTimer: true)
        case .success(.established(let sa, let reply)):
            record.lastReceived = datagram.bytes
            if record.responderCookie.isZero { learnResponderCookie(record, sa.responderCookie) }
            if let reply {
                transmit(reply, for: record, resendsOnTimer: false)
            } else {
                record.pending = nil
                disarm(.phase1Retransmit, owner: record.id)
            }
            phase1Established(record, sa: sa)
        }
    }

    func learnResponderCookie(_ record: Phase1Record, _ cookie: Cookie) {
        phase1ByCookies[CookiePair(initiator: record.initiatorCookie, responder: .zero)] = nil
        record.responderCookie = cookie
        phase1ByCookies[CookiePair(initiator: record.initiatorCookie, responder: cookie)] = record.id
    }

    // MARK: - Responder start

    func startResponder(_ message: ISAKMPMessage, datagram: Datagram) {
        let header = message.header
        let peer = datagram.remote
        let mode: Phase1ExchangeMode = header.exchangeType == .aggressive ? .aggressive : .main
        let exchangeText = "\(mode == .main ? "Main Mode" : "Aggressive Mode"), responder"
        guard let chain = message.payloadChain else {
            logUnsolicited(.unusableFirstMessage, "dropped an encrypted first message from \(peer)")
            return
        }
        let payloads = ReceivedPayloads(chain)
        guard let offer = payloads.phase1SecurityAssociation else {
            logUnsolicited(.unusableFirstMessage, "dropped a \(header.exchangeType) message from \(peer): unknown cookies and not one SA payload first (RFC 2409 §5)")
            return
        }
        // Candidates: a block for this address first, then anonymous; each must allow the exchange mode.
        let candidates = configuration.remotes.filter { $0.address == peer.address && $0.exchangeModes.contains(mode) }
            + configuration.remotes.filter { $0.address == nil && $0.exchangeModes.contains(mode) }
        guard !candidates.isEmpty else {
            refuseFirstMessage(
                datagram, exchange: exchangeText, notify: .noProposalChosen, cookies: (header.initiatorCookie, .zero),
                cause: "no remote block accepts \(mode == .main ? "Main" : "Aggressive") Mode from \(peer.address)")
            return
        }
        var refusals: [String] = []
        var selected: (RemotePolicy, Phase1Selection.Choice)?
        do {
            let offers = try Phase1Exchange.offers(in: offer)
            for remote in candidates {
                switch Phase1Selection.select(offers: offers, ours: remote.proposals, rule: remote.proposalCheck) {
                case .success(let choice):
                    selected = (remote, choice)
                case .failure(let refusal):
                    refusals.append(refusal.summary)
                }
                if selected != nil { break }
            }
        } catch {
            refuseFirstMessage(
                datagram, exchange: exchangeText, notify: error.notifyType, cookies: (header.initiatorCookie, .zero),
                cause: error.description)
            return
        }
        guard let (remote, choice) = selected else {
            let error = Phase1Error.noProposalChosen(refusals.joined(separator: "; "))
            refuseFirstMessage(
                datagram, exchange: exchangeText, notify: .noProposalChosen, cookies: (header.initiatorCookie, .zero),
                cause: error.description)
            return
        }
        let admittedByEviction: Bool
        switch reserveHalfOpenSlot(for: peer.address) {
        case .reserved:
            admittedByEviction = false
        case .reservedByEviction:
            admittedByEviction = true
        case .refused(let refusal):
            logUnsolicited(refusal.kind, level: .warning, "dropped a \(header.exchangeType) request from \(peer): \(refusal)")
            return
        }
        guard let responderCookie = randomCookie() else {
            halfOpen.release(for: peer.address)
            return
        }
        let parameters = Phase1Parameters(
            local: datagram.local, remote: peer, remotePolicy: remote, preSharedKeys: configuration.preSharedKeys,
            random: random)
        let machine: Phase1Record.Machine
        let reply: [UInt8]
        do {
            switch mode {
            case .main:
                let responder = try MainModeResponder(
                    parameters: parameters, initiatorCookie: header.initiatorCookie, responderCookie: responderCookie,
                    offer: offer, choice: choice, peerSupportsDPD: payloads.peerSupportsDPD)
                reply = responder.firstReply
                machine = .mainResponder(responder)
            case .aggressive:
                let responder = try AggressiveModeResponder(
                    parameters: parameters, initiatorCookie: header.initiatorCookie, responderCookie: responderCookie,
                    offer: offer, payloads: payloads, choice: choice)
                reply = responder.firstReply
                machine = .aggressiveResponder(responder)
            }
        } catch {
            halfOpen.release(for: peer.address)
            refuseFirstMessage(
                datagram, exchange: exchangeText, notify: error.notifyType,
                cookies: (header.initiatorCookie, responderCookie), cause: error.description)
            return
        }
        let record = Phase1Record(
            id: makeHandle(), isInitiator: false, mode: mode, local: datagram.local, remote: peer, remotePolicy: remote,
            initiatorCookie: header.initiatorCookie, responderCookie: responderCookie, machine: machine,
            holdsHalfOpenSlot: true)
        record.createdAt = now
        phase1s[record.id] = record
        halfOpenResponders.append(record.id)
        pruneHalfOpenRespondersIfLarge()
        phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: responderCookie)] = record.id
        // A repeated first message (CKY-R still zero) must find this record to get MM2/AM2 again.
        phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: .zero)] = record.id
        record.lastReceived = datagram.bytes
        // While the table is full (a flood, most likely) this line would come once per forged message: it drops to
        // debug, and `reserveHalfOpenSlot` logs the rate-limited "table full" line instead.
        logger.log(
            level: admittedByEviction ? .debug : .info,
            "respond new phase 1 negotiation: \(datagram.local)<=>\(peer) (\(exchangeText), remote \(remote.name), \(choice.proposal))")
        if !payloads.recognisedVendorIDs.isEmpty {
            logger.debug("received vendor IDs from \(peer): \(payloads.recognisedVendorIDs.joined(separator: ", "))")
        }
        transmit(reply, for: record, resendsOnTimer: true)
        arm(.phase1Expire, owner: record.id, after: phase1NegotiationLimit)
    }

    /// How long a phase-1 negotiation may take before it is abandoned (all retransmissions plus one interval).
    var phase1NegotiationLimit: Duration {
        configuration.retransmission.interval * (configuration.retransmission.retries + 2)
    }

    // MARK: - Initiator start

    /// Starts phase 1 with `remote` from `local` as initiator; returns the record, or nil when it cannot start.
    @discardableResult
    func startInitiator(remotePolicy: RemotePolicy, local: Endpoint, remote: Endpoint) -> Phase1Record? {
        guard let mode = remotePolicy.exchangeModes.first else { return nil }
        guard let cookie = randomCookie() else { return nil }
        let parameters = Phase1Parameters(
            local: local, remote: remote, remotePolicy: remotePolicy, preSharedKeys: configuration.preSharedKeys,
            random: random)
        let record: Phase1Record
        let first: [UInt8]
        let id = makeHandle()
        switch mode {
        case .main:
            var machine = MainModeInitiator(parameters: parameters, initiatorCookie: cookie)
            first = machine.start()
            record = Phase1Record(
                id: id, isInitiator: true, mode: mode, local: local, remote: remote, remotePolicy: remotePolicy,
                initiatorCookie: cookie, responderCookie: .zero, machine: .mainInitiator(machine),
                holdsHalfOpenSlot: false)
        case .aggressive:
            var machine = AggressiveModeInitiator(parameters: parameters, initiatorCookie: cookie)
            do {
                first = try machine.start()
            } catch {
                logPhase1Failure(peer: remote, exchange: "Aggressive Mode, initiator", cause: error.description)
                return nil
            }
            record = Phase1Record(
                id: id, isInitiator: true, mode: mode, local: local, remote: remote, remotePolicy: remotePolicy,
                initiatorCookie: cookie, responderCookie: .zero, machine: .aggressiveInitiator(machine),
                holdsHalfOpenSlot: false)
        }
        record.createdAt = now
        phase1s[record.id] = record
        phase1ByCookies[CookiePair(initiator: cookie, responder: .zero)] = record.id
        logger.info("initiate new phase 1 negotiation: \(local)<=>\(remote) (\(record.exchangeText))")
        transmit(first, for: record, resendsOnTimer: true)
        return record
    }

    // MARK: - Established

    func phase1Established(_ record: Phase1Record, sa: Phase1SA) {
        record.sa = sa
        record.machine = .established
        record.establishedAt = now
        if record.holdsHalfOpenSlot {
            halfOpen.release(for: record.remote.address)
            record.holdsHalfOpenSlot = false
        }
        phase1ByCookies[CookiePair(initiator: sa.initiatorCookie, responder: .zero)] = nil
        phase1ByCookies[CookiePair(initiator: sa.initiatorCookie, responder: sa.responderCookie)] = record.id
        logger.notice("ISAKMP-SA established \(record.local)-\(record.remote) spi:\(sa.cookieText) (\(record.exchangeText), \(sa.proposal))")
        logPhase1Keys(record, keys: sa.keys)
        // Lifetime: soft at 80 % (no new Quick Mode starts on a dying SA), hard at 100 %.
        let lifetime = Duration.seconds(Int64(sa.proposal.lifetimeSeconds))
        disarm(.phase1Expire, owner: record.id)
        arm(.phase1SoftExpire, owner: record.id, after: lifetime * 0.8)
        arm(.phase1Expire, owner: record.id, after: lifetime)
        if record.remotePolicy.initialContact, !contactedPeers.contains(record.remote.address) {
            contactedPeers.insert(record.remote.address)
            sendProtectedInformational(
                .notification(
                    NotificationPayload(protocolID: .isakmp, notifyType: .initialContact, spi: sa.spiBytes)),
                on: record)
        }
        if record.remotePolicy.dpdDelay > 0, sa.peerSupportsDPD {
            arm(.deadPeerDetection, owner: record.id, after: .seconds(record.remotePolicy.dpdDelay))
        }
        let waiting = record.waitingPhase2
        record.waitingPhase2 = []
        for id in waiting {
            if let phase2 = phase2s[id] { startQuickMode(phase2, on: record) }
        }
    }

    // MARK: - Failure and removal

    func logPhase1Failure(peer: Endpoint, exchange: String, cause: String) {
        logger.error("phase 1 with \(peer) (\(exchange)) failed: \(cause)")
    }

    /// Refuses a first message before any state is kept for it: the failure line (rate limited, since anyone can
    /// send first messages) and the notify, unprotected (RFC 2408 §5).
    func refuseFirstMessage(
        _ datagram: Datagram, exchange: String, notify: NotifyMessageType?, cookies: (Cookie, Cookie), cause: String
    ) {
        let logged = logUnsolicited(
            .refusedFirstMessage, level: .error, "phase 1 with \(datagram.remote) (\(exchange)) failed: \(cause)")
        guard let notify else { return }
        sendPlainNotify(
            notify, cookies: cookies, local: datagram.local, remote: datagram.remote, logLevel: logged ? .info : .debug)
    }

    /// Ends a phase-1 negotiation that failed: log, notify, clean up.
    func failPhase1(_ record: Phase1Record, error: Phase1Error) {
        logPhase1Failure(peer: record.remote, exchange: record.exchangeText, cause: error.description)
        if let notify = error.notifyType {
            // RFC 2408 §5: before the ISAKMP SA is established, notifies travel unprotected.
            sendPlainNotify(
                notify, cookies: (record.initiatorCookie, record.responderCookie), local: record.local,
                remote: record.remote)
        }
        removePhase1(record, reason: "phase 1 failed")
    }

    /// Deletes an established ISAKMP SA (optionally telling the peer) and removes the record.
    func deletePhase1(_ record: Phase1Record, notifyPeer: Bool, reason: String) {
        if notifyPeer, let sa = record.sa {
            sendProtectedInformational(
                .delete(DeletePayload(protocolID: .isakmp, spis: [sa.spiBytes])), on: record)
            logger.notice("ISAKMP-SA deleted \(record.local)-\(record.remote) spi:\(sa.cookieText) (\(reason))")
        }
        removePhase1(record, reason: reason)
    }

    /// Removes every trace of a phase-1 record: indexes, timers, half-open slot; waiting phase 2s give up.
    func removePhase1(_ record: Phase1Record, reason: String) {
        phase1s[record.id] = nil
        var pairs = [
            CookiePair(initiator: record.initiatorCookie, responder: .zero),
            CookiePair(initiator: record.initiatorCookie, responder: record.responderCookie),
        ]
        if let sa = record.sa { pairs.append(CookiePair(initiator: sa.initiatorCookie, responder: sa.responderCookie)) }
        for pair in pairs where phase1ByCookies[pair] == record.id { phase1ByCookies[pair] = nil }
        for kind in [TimerID.Kind.phase1Retransmit, .phase1Expire, .phase1SoftExpire, .deadPeerDetection] {
            disarm(kind, owner: record.id)
        }
        if record.holdsHalfOpenSlot {
            halfOpen.release(for: record.remote.address)
            record.holdsHalfOpenSlot = false
        }
        // Quick Modes in progress on this ISAKMP SA cannot finish; queued ones give up.
        let onThisPhase1 = phase2s.records(with: record.remote.address).filter { $0.phase1ID == record.id }
        for phase2 in onThisPhase1 where !phase2.isEstablished {
            if case .waitingForPhase1 = phase2.stage, !isShuttingDown,
                let replacement = phase1s.records(with: record.remote.address).first(where: {
                    $0.id != record.id && !$0.isDying
                })
            {
                phase2.phase1ID = replacement.id
                replacement.waitingPhase2.append(phase2.id)
                continue
            }
            abandonPhase2(phase2, reason: "its phase 1 ended (\(reason))")
        }
        for phase2 in onThisPhase1 where phase2.phase1ID == record.id { phase2.phase1ID = nil }
    }

    // MARK: - Timers

    func phase1RetransmitExpired(_ record: Phase1Record) {
        guard var pending = record.pending, pending.resendsOnTimer else { return }
        if pending.retriesLeft <= 0 {
            var cause = "phase1 negotiation failed due to time up (no answer after \(configuration.retransmission.retries) retransmissions)"
            if let error = record.unprotectedPeerError {
                cause += "; the peer reported \(error) without protection"
                if error == .authenticationFailed || error == .invalidHashInformation {
                    cause += ": check the pre-shared key for \(record.remote.address)"
                }
            }
            logPhase1Failure(peer: record.remote, exchange: record.exchangeText, cause: cause)
            removePhase1(record, reason: "time up")
            return
        }
        pending.retriesLeft -= 1
        record.pending = pending
        logger.debug("resending phase-1 message to \(record.remote) (\(pending.retriesLeft) retries left)")
        sendCopies(pending.datagram)
        arm(.phase1Retransmit, owner: record.id, after: configuration.retransmission.interval)
    }

    func phase1Expired(_ record: Phase1Record) {
        if record.isEstablished {
            deletePhase1(record, notifyPeer: true, reason: "lifetime expired")
        } else {
            logPhase1Failure(
                peer: record.remote, exchange: record.exchangeText,
                cause: "phase1 negotiation failed due to time up (no acceptable message after \(phase1NegotiationLimit))")
            removePhase1(record, reason: "timed out")
        }
    }

    func phase1SoftExpired(_ record: Phase1Record) {
        record.isDying = true
        logger.info("ISAKMP-SA \(record.sa?.cookieText ?? "") with \(record.remote) is dying (80 % of its lifetime)")
        // racoon rekeys phase 1 when phase-2 SAs are alive and we initiated it.
        let peer = record.remote.address
        let alive = phase2s.records(with: peer).contains { $0.phase1ID == record.id && $0.isEstablished }
        if record.isInitiator, alive,
            !phase1s.records(with: peer).contains(where: { $0.id != record.id && !$0.isDying })
        {
            startInitiator(remotePolicy: record.remotePolicy, local: record.local, remote: record.remote)
        }
    }

    // MARK: - Unprotected notifies

    /// Sends an unprotected Informational exchange with one Notify (before the ISAKMP SA exists).
    func sendPlainNotify(
        _ type: NotifyMessageType, cookies: (Cookie, Cookie), local: Endpoint, remote: Endpoint,
        logLevel: Logger.Level = .info
    ) {
        guard let messageID = randomMessageID() else { return }
        let header = ISAKMPHeader(
            initiatorCookie: cookies.0, responderCookie: cookies.1, exchangeType: .informational, messageID: messageID)
        let notify = NotificationPayload(
            protocolID: .isakmp, notifyType: type, spi: cookies.0.bytes + cookies.1.bytes)
        let message = ISAKMPMessage(header: header, payloads: [.notification(notify)])
        logger.log(level: logLevel, "sending notify \(type) to \(remote)")
        send(Datagram(local: local, remote: remote, bytes: message.serialized()))
    }
}
