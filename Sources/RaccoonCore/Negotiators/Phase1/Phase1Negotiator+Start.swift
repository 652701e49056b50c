internal import ISAKMP
internal import Logging

extension Phase1Negotiator {
    func startResponder(_ message: ISAKMPMessage, datagram: Datagram) {
        let header = message.header
        let peer = datagram.remote
        let mode: Phase1ExchangeMode = header.exchangeType == .aggressive ? .aggressive : .main
        let exchangeText = "\(mode == .main ? "Main Mode" : "Aggressive Mode"), responder"
        guard let chain = message.payloadChain else {
            context.logUnsolicited(.unusableFirstMessage, "dropped an encrypted first message from \(peer)")
            return
        }
        let payloads = ReceivedPayloads(chain)
        guard let offer = payloads.phase1SecurityAssociation else {
            context.logUnsolicited(.unusableFirstMessage, "dropped a \(header.exchangeType) message from \(peer): unknown cookies and not one SA payload first (RFC 2409 §5)")
            return
        }
        // Candidates: a block for this address first, then anonymous; each must allow the exchange mode.
        let candidates = context.configuration.remotes.filter { $0.address == peer.address && $0.exchangeModes.contains(mode) }
            + context.configuration.remotes.filter { $0.address == nil && $0.exchangeModes.contains(mode) }
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
            context.logUnsolicited(refusal.kind, level: .warning, "dropped a \(header.exchangeType) request from \(peer): \(refusal)")
            return
        }
        guard let responderCookie = context.randomCookie() else {
            context.halfOpen.release(for: peer.address)
            return
        }
        let parameters = Phase1Parameters(
            local: datagram.local, remote: peer, remotePolicy: remote, preSharedKeys: context.configuration.preSharedKeys,
            random: context.random)
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
            context.halfOpen.release(for: peer.address)
            refuseFirstMessage(
                datagram, exchange: exchangeText, notify: error.notifyType,
                cookies: (header.initiatorCookie, responderCookie), cause: error.description)
            return
        }
        let record = Phase1Record(
            id: context.makeHandle(), isInitiator: false, mode: mode, local: datagram.local, remote: peer, remotePolicy: remote,
            initiatorCookie: header.initiatorCookie, responderCookie: responderCookie, machine: machine,
            holdsHalfOpenSlot: true)
        record.createdAt = context.now
        context.phase1s[record.id] = record
        context.halfOpenResponders.append(record.id)
        pruneHalfOpenRespondersIfLarge()
        context.phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: responderCookie)] = record.id
        // A repeated first message (CKY-R still zero) must find this record to get MM2/AM2 again.
        context.phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: .zero)] = record.id
        record.lastReceived = datagram.bytes
        // While the table is full (a flood, most likely) this line would come once per forged message: it drops to
        // debug, and `reserveHalfOpenSlot` logs the rate-limited "table full" line instead.
        context.logger.log(
            level: admittedByEviction ? .debug : .info,
            "respond new phase 1 negotiation: \(datagram.local)<=>\(peer) (\(exchangeText), remote \(remote.name), \(choice.proposal))")
        if !payloads.recognisedVendorIDs.isEmpty {
            context.logger.debug("received vendor IDs from \(peer): \(payloads.recognisedVendorIDs.joined(separator: ", "))")
        }
        context.retransmitter.transmit(reply, for: record, resendsOnTimer: true)
        context.timers.phase1ResponderStarted(record)
    }


    /// Starts phase 1 with `remote` from `local` as initiator; returns the record, or nil when it cannot start.
    @discardableResult
    func startInitiator(remotePolicy: RemotePolicy, local: Endpoint, remote: Endpoint) -> Phase1Record? {
        guard let mode = remotePolicy.exchangeModes.first else { return nil }
        guard let cookie = context.randomCookie() else { return nil }
        let parameters = Phase1Parameters(
            local: local, remote: remote, remotePolicy: remotePolicy, preSharedKeys: context.configuration.preSharedKeys,
            random: context.random)
        let record: Phase1Record
        let first: [UInt8]
        let id = context.makeHandle()
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
        record.createdAt = context.now
        context.phase1s[record.id] = record
        context.phase1ByCookies[CookiePair(initiator: cookie, responder: .zero)] = record.id
        context.logger.info("initiate new phase 1 negotiation: \(local)<=>\(remote) (\(record.exchangeText))")
        context.retransmitter.transmit(first, for: record, resendsOnTimer: true)
        return record
    }
}
