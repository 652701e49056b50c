internal import IKECrypto
internal import ISAKMP
internal import Logging
internal import PFKeyListener
internal import SELinuxPolicy

extension IKEEngine {
    // MARK: - Initiator: start on an established ISAKMP SA

    /// Starts (or queues) a Quick Mode for `record` on the best phase 1 with its peer.
    func dispatchInitiatorPhase2(_ record: Phase2Record, remotePolicy: RemotePolicy) {
        let peer = record.remote.address
        if let phase1 = phase1s.records(with: peer).last(where: { $0.isEstablished && !$0.isDying }) {
            startQuickMode(record, on: phase1)
            return
        }
        record.stage = .waitingForPhase1
        arm(.phase2WaitForPhase1, owner: record.id, after: configuration.phase1Wait)
        logger.info("IPsec-SA request for \(peer) queued due to no phase1 found")
        if let negotiating = phase1s.records(with: peer).first(where: { !$0.isEstablished }) {
            record.phase1ID = negotiating.id
            negotiating.waitingPhase2.append(record.id)
            return
        }
        guard let phase1 = startInitiator(remotePolicy: remotePolicy, local: record.local, remote: record.remote) else {
            abandonPhase2(record, reason: "phase 1 could not start")
            return
        }
        record.phase1ID = phase1.id
        phase1.waitingPhase2.append(record.id)
    }

    /// GETSPI for a Quick Mode whose phase 1 is established (initiator), racoon's `quick_i1prep`.
    func startQuickMode(_ record: Phase2Record, on phase1: Phase1Record) {
        disarm(.phase2WaitForPhase1, owner: record.id)
        record.phase1ID = phase1.id
        record.stage = .initiatorAwaitingSPI
        requestSPI(for: record)
        arm(.phase2Timeout, owner: record.id, after: configuration.phase2Wait)
    }

    func requestSPI(for record: Phase2Record) {
        let request = GetSPIRequest(
            saType: .esp, source: record.remote.address.sadb, destination: record.local.address.sadb,
            mode: record.mode, reqid: record.inboundReqID)
        sendKernel(requests.getSPI(request, sequence: record.sequence))
    }

    /// The transforms we offer or accept: every encryption × authentication algorithm of the sainfo, in order.
    func transforms(for record: Phase2Record, label: SecurityLabel?) -> [Phase2Transform] {
        record.saInfo.encryption.flatMap { encryption in
            record.saInfo.authentication.map { authentication in
                Phase2Transform(
                    securityProtocol: .esp, encryption: encryption, authentication: authentication, mode: record.mode,
                    lifetimeSeconds: record.saInfo.lifetimeSeconds, pfsGroup: record.saInfo.pfsGroup,
                    securityContext: label)
            }
        }
    }

    /// racoon leaves IDci/IDcr out for host-to-host transport mode with protocol and ports "any" on both sides,
    /// when the selectors are the IKE endpoints (inventory §6.4).
    func omitsIdentities(_ record: Phase2Record) -> Bool {
        let (local, remote) = record.selectors
        return record.mode == .transport && local.isHost && remote.isHost && local.upperLayerProtocol == 0
            && remote.upperLayerProtocol == 0 && local.port == 0 && remote.port == 0
            && local.address == record.local.address && remote.address == record.remote.address
    }

    func spiReceived(_ record: Phase2Record, spi: UInt32) {
        guard let phase1 = record.phase1ID.flatMap({ phase1s[$0] }), let sa = phase1.sa else {
            abandonPhase2(record, reason: "its ISAKMP-SA vanished")
            return
        }
        switch record.stage {
        case .initiatorAwaitingSPI:
            guard let messageID = randomMessageID() else { return }
            record.messageID = messageID
            let offer = QuickModeInitiator.Offer(
                ourSPI: spi, transforms: transforms(for: record, label: record.label), pfsGroup: record.saInfo.pfsGroup,
                identities: omitsIdentities(record) ? nil : record.selectors, nonceSize: phase1.remotePolicy.nonceSize,
                securityContextAttributeType: configuration.securityContextAttributeType)
            var machine = QuickModeInitiator(phase1: sa, messageID: messageID, offer: offer, random: random)
            do {
                let first = try machine.start()
                record.stage = .initiator(machine)
                logger.info("initiate new phase 2 negotiation: \(record.local)<=>\(record.remote) (msgid \(messageID))")
                transmit(first, for: record, resendsOnTimer: true)
            } catch {
                releaseSPI(spi, for: record)
                failPhase2(record, error: error, notifyPeer: false)
            }
        case .responderAwaitingSPI(let request, let choice):
            do {
                let responder = try QuickModeResponder(
                    phase1: sa, request: request, choice: choice, ourSPI: spi, nonceSize: phase1.remotePolicy.nonceSize,
                    securityContextAttributeType: configuration.securityContextAttributeType, random: random)
                record.stage = .responder(responder)
                transmit(responder.firstReply, for: record, resendsOnTimer: true)
            } catch {
                // Found by the engine fuzzer: the stage does not hold the SPI yet, so abandonPhase2 cannot free it.
                releaseSPI(spi, for: record)
                failPhase2(record, error: error, notifyPeer: true)
            }
        case .waitingForPhase1, .initiator, .responder, .installing, .established:
            logger.debug("ignored a GETSPI reply for phase 2 #\(record.id) in another stage")
        }
    }

    // MARK: - Receive

    func receiveQuickMode(_ message: ISAKMPMessage, datagram: Datagram) {
        let peer = datagram.remote
        guard let phase1 = phase1(for: message.header, from: peer), let sa = phase1.sa else {
            logUnsolicited(.unknownCookies, "dropped a Quick Mode message from \(peer): no established ISAKMP-SA for \(message.header.initiatorCookie):\(message.header.responderCookie)")
            return
        }
        guard message.encryptedBody != nil else {
            logger.warning("dropped an unencrypted Quick Mode message from \(peer)")
            return
        }
        let messageID = message.header.messageID
        guard messageID != .zero else {
            logger.info("dropped a Quick Mode message from \(peer) with message ID 0")
            return
        }
        if let record = phase2s.records(with: phase1.remote.address).first(where: {
            $0.phase1ID == phase1.id && $0.messageID == messageID
        }) {
            if record.lastReceived == datagram.bytes {
                if let pending = record.pending {
                    logger.debug("the packet is retransmitted by \(peer); resending our last Quick Mode message")
                    sendCopies(pending.datagram)
                }
                return
            }
            stepQuickMode(record, message: message, datagram: datagram)
            return
        }
        startQuickModeResponder(message, datagram: datagram, phase1: phase1, sa: sa)
    }

    func stepQuickMode(_ record: Phase2Record, message: ISAKMPMessage, datagram: Datagram) {
        switch record.stage {
        case .initiator(var machine):
            do {
                let step = try machine.receive(message)
                record.stage = .initiator(machine)
                switch step {
                case .ignore(let reason):
                    logger.debug("ignored a Quick Mode message from \(datagram.remote): \(reason)")
                case .complete(let reply, let negotiated):
                    record.lastReceived = datagram.bytes
                    transmit(reply, for: record, resendsOnTimer: false)
                    install(record, negotiated)
                }
            } catch {
                quickModeStepFailed(record, error: error)
            }
        case .responder(var machine):
            do {
                let step = try machine.receive(message)
                record.stage = .responder(machine)
                switch step {
                case .ignore(let reason):
                    logger.debug("ignored a Quick Mode message from \(datagram.remote): \(reason)")
                case .complete(let negotiated):
                    record.lastReceived = datagram.bytes
                    record.pending = nil
                    disarm(.phase2Retransmit, owner: record.id)
                    install(record, negotiated)
                }
            } catch {
                quickModeStepFailed(record, error: error)
            }
        case .waitingForPhase1, .initiatorAwaitingSPI, .responderAwaitingSPI, .installing, .established:
            logger.debug("ignored a Quick Mode message from \(datagram.remote) for phase 2 #\(record.id) (msgid \(record.messageID))")
        }
    }

    /// A message that does not decrypt or verify may be forged: it is logged and ignored, and the exchange goes on.
    /// An authentic message that is unacceptable ends the exchange with a notify.
    func quickModeStepFailed(_ record: Phase2Record, error: Phase2Error) {
        switch error {
        case .undecryptable, .hashMismatch:
            logger.warning("ignored a Quick Mode message from \(record.remote) (msgid \(record.messageID)): \(error)")
        default:
            failPhase2(record, error: error, notifyPeer: true)
        }
    }

    // MARK: - Responder

    func startQuickModeResponder(_ message: ISAKMPMessage, datagram: Datagram, phase1: Phase1Record, sa: Phase1SA) {
        let peer = datagram.remote
        let exchange = "Quick Mode, responder"
        let request: QuickModeRequest
        do {
            request = try QuickModeResponder.parseRequest(
                sa, message, securityContextAttributeType: configuration.securityContextAttributeType)
        } catch {
            logPhase2Failure(peer: peer, exchange: exchange, cause: error.description)
            // A message that does not decrypt or verify may be forged: answer only what we could authenticate.
            switch error {
            case .undecryptable, .hashMismatch, .internalFailure: break
            default: sendPhase2Notify(error, spi: nil, on: phase1)
            }
            return
        }
        let initiatorSPI = request.offers.first?.spi
        let result = prepareResponder(request, phase1: phase1)
        switch result {
        case .failure(let error):
            logPhase2Failure(peer: peer, exchange: exchange, cause: error.description)
            sendPhase2Notify(error, spi: initiatorSPI, on: phase1)
        case .success(let prepared):
            let record = Phase2Record(
                id: makeHandle(), isInitiator: false, phase1ID: phase1.id, messageID: request.messageID,
                sequence: makeSequence(), fromAcquire: false, local: phase1.local, remote: phase1.remote,
                mode: prepared.mode, inboundReqID: prepared.inboundReqID, outboundReqID: prepared.outboundReqID,
                policyID: prepared.policyID, selectors: prepared.selectors, label: request.label,
                saInfo: prepared.saInfo, stage: .responderAwaitingSPI(request, prepared.choice))
            record.lastReceived = datagram.bytes
            phase2s[record.id] = record
            logger.info("respond new phase 2 negotiation: \(record.local)<=>\(record.remote) (msgid \(request.messageID), \(prepared.choice.transform))")
            requestSPI(for: record)
            arm(.phase2Timeout, owner: record.id, after: configuration.phase2Wait)
        }
    }

    struct PreparedResponder {
        var mode: IPsecMode
        var inboundReqID: UInt32
        var outboundReqID: UInt32
        var policyID: UInt32?
        var selectors: (local: ClientSelector, remote: ClientSelector)
        var saInfo: SAInfoPolicy
        var choice: Phase2Selection.Choice
    }

    /// Policy, sainfo and transform for a verified QM1 (racoon `get_proposal_r`, `ipsecdoi_selectph2proposal`).
    func prepareResponder(_ request: QuickModeRequest, phase1: Phase1Record) -> Result<PreparedResponder, Phase2Error> {
        let local: ClientSelector
        let remote: ClientSelector
        if let identities = request.identities {
            local = identities.responder
            remote = identities.initiator
        } else {
            local = ClientSelector(address: phase1.local.address)
            remote = ClientSelector(address: phase1.remote.address)
        }
        // The inbound policy: traffic from the peer's side to ours.
        let candidates = spd.policies.values.filter { policy in
            policy.direction == .inbound && policy.policyType == .ipsec
                && policy.selector.contains(selector: remote, to: local)
        }.sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
        guard !candidates.isEmpty else {
            return .failure(.noPolicy("no inbound policy for \(remote) -> \(local)"))
        }
        var inbound: SecurityPolicy?
        var labelRefusals: [String] = []
        for candidate in candidates {
            switch (request.label, candidate.securityContext) {
            case (nil, nil):
                inbound = candidate
            case (let label?, nil):
                labelRefusals.append("the peer proposes security context \(label) but policy \(candidate.id) is unlabeled")
            case (nil, let context?):
                labelRefusals.append("the peer proposes no security context but policy \(candidate.id) is labeled \(context.label)")
            case (let label?, let context?):
                let decision = policyChecker.polmatch(subject: label.text, object: context.label)
                if decision.isAllowed {
                    inbound = candidate
                } else {
                    labelRefusals.append("polmatch \(label) -> \(context.label) for policy \(candidate.id): \(decision)")
                }
            }
            if inbound != nil { break }
        }
        guard let inbound else {
            return .failure(.securityContextRefused(labelRefusals.joined(separator: "; ")))
        }
        guard let template = inbound.requests.first(where: { $0.saType == .esp }) else {
            return .failure(.noPolicy("inbound policy \(inbound.id) has no ESP request"))
        }
        let outbound = spd.policies.values.first { policy in
            policy.direction == .outbound && policy.selector == inbound.selector.reversed
        }
        let outboundTemplate = outbound?.requests.first(where: { $0.saType == .esp })
        guard let saInfo = SAInfoSelection.select(
            local: request.identities == nil ? nil : local, remote: request.identities == nil ? nil : remote,
            phase1ID: phase1.remotePolicy.phase1ID, among: configuration.saInfos)
            ?? SAInfoSelection.select(local: local, remote: remote, phase1ID: phase1.remotePolicy.phase1ID, among: configuration.saInfos)
        else {
            return .failure(.noSAInfo("\(local) \(remote)"))
        }
        switch (request.peerPublic != nil, saInfo.pfsGroup) {
        case (true, nil):
            return .failure(.pfsMismatch("QM1 carries a KE payload but the sainfo has no pfs_group"))
        case (false, let group?):
            return .failure(.pfsMismatch("pfs_group \(group.rawValue) is required but QM1 has no KE payload"))
        default:
            break
        }
        let record = Phase2Record(
            id: 0, isInitiator: false, phase1ID: nil, messageID: request.messageID, sequence: 0, fromAcquire: false,
            local: phase1.local, remote: phase1.remote, mode: template.mode, inboundReqID: 0, outboundReqID: 0,
            policyID: nil, selectors: (local, remote), label: request.label, saInfo: saInfo, stage: .waitingForPhase1)
        let ours = transforms(for: record, label: request.label)
        switch Phase2Selection.select(offers: request.offers, ours: ours, rule: phase1.remotePolicy.proposalCheck) {
        case .failure(let refusal):
            return .failure(.noProposalChosen(refusal.summary))
        case .success(let choice):
            return .success(
                PreparedResponder(
                    mode: template.mode, inboundReqID: template.reqid, outboundReqID: outboundTemplate?.reqid ?? 0,
                    policyID: outbound?.id, selectors: (local, remote), saInfo: saInfo, choice: choice))
        }
    }

    // MARK: - Installation

    func install(_ record: Phase2Record, _ negotiated: Phase2Negotiated) {
        record.stage = .installing(negotiated)
        record.awaitingKernelReplies = [.update, .add]
        let transform = negotiated.transform
        let context = record.label.map {
            SADBSecurityContext(algorithm: $0.algorithm, doi: $0.doi, context: $0.bytesWithNUL)
        }
        func installation(spi: UInt32, source: IPAddress, destination: IPAddress, reqid: UInt32,
                          keys: (encryption: SecretBytes, authentication: SecretBytes)) -> SAInstallation {
            SAInstallation(
                saType: transform.securityProtocol.saType, spi: spi, source: source.sadb,
                destination: destination.sadb, mode: record.mode, reqid: reqid,
                authAlgorithm: transform.authentication.sadb, encryptionAlgorithm: transform.encryption.sadb,
                authKey: keys.authentication.withUnsafeBytes { KeyBytes($0) },
                encryptionKey: keys.encryption.withUnsafeBytes { KeyBytes($0) },
                lifetimeSeconds: UInt64(transform.lifetimeSeconds), securityContext: context)
        }
        // racoon: UPDATE the inbound larval SA, then ADD the outbound one (inventory §4.1).
        sendKernel(requests.update(
            installation(spi: negotiated.ourSPI, source: record.remote.address, destination: record.local.address,
                         reqid: record.inboundReqID, keys: negotiated.inboundKeys),
            sequence: record.sequence))
        sendKernel(requests.add(
            installation(spi: negotiated.peerSPI, source: record.local.address, destination: record.remote.address,
                         reqid: record.outboundReqID, keys: negotiated.outboundKeys),
            sequence: record.sequence))
        if transform.securityProtocol == .esp {
            for (spi, source, destination, keys) in [
                (negotiated.ourSPI, record.remote.address, record.local.address, negotiated.inboundKeys),
                (negotiated.peerSPI, record.local.address, record.remote.address, negotiated.outboundKeys),
            ] {
                effects.append(.keysDerived(.esp(
                    source: source, destination: destination, spi: spi, encryption: transform.encryption,
                    encryptionKey: keys.encryption, authentication: transform.authentication,
                    authenticationKey: keys.authentication)))
            }
        }
    }

    func installReply(_ record: Phase2Record, type: SADBMessageType, errno: UInt8) {
        guard case .installing(let negotiated) = record.stage, record.awaitingKernelReplies.contains(type) else {
            logger.debug("ignored a \(type) reply for phase 2 #\(record.id)")
            return
        }
        if errno != 0 {
            var cause = "\(type): \(errnoText(errno))"
            if errno == 13, let label = record.label {
                let process = policyChecker.status().processContext
                cause += " (\(PolicyDecision.setcontextRefusal(process: process, context: label.text)))"
            }
            if errno == 38 || errno == 93 {
                // ENOSYS: a crypto algorithm is missing; EPROTONOSUPPORT: the IPsec protocol is (xfrm_init_state).
                cause += " (this kernel lacks \(negotiated.transform.securityProtocol) or one of the SA's algorithms:"
                    + " load esp4/esp6, ah4/ah6 or xfrm_ipcomp and the cipher's module, or build the kernel with them)"
            }
            failPhase2(record, error: .kernelRefused(cause), notifyPeer: false)
            return
        }
        record.awaitingKernelReplies.remove(type)
        let transform = negotiated.transform
        let name = "\(transform.securityProtocol)/\(record.mode.racoonName)"
        // The algorithms, lifetime, PFS group and context, so the log alone tells what protects the flow.
        var details = "\(transform.encryption)/\(transform.authentication), lifetime \(transform.lifetimeSeconds) s"
        if let group = transform.pfsGroup { details += ", pfs group \(group.rawValue)" }
        if let label = record.label { details += ", security context \"\(label.text)\"" }
        if type == .update {
            logger.notice("IPsec-SA established: \(name) \(record.remote)->\(record.local) spi=\(spiText(negotiated.ourSPI)) (\(details))")
        } else {
            logger.notice("IPsec-SA established: \(name) \(record.local)->\(record.remote) spi=\(spiText(negotiated.peerSPI)) (\(details))")
        }
        if record.awaitingKernelReplies.isEmpty {
            record.stage = .established(negotiated)
            record.establishedAt = now
            disarm(.phase2Timeout, owner: record.id)
            arm(.phase2Expire, owner: record.id, after: .seconds(Int64(transform.lifetimeSeconds)))
        }
    }

    // MARK: - Failure and removal

    func logPhase2Failure(peer: Endpoint, exchange: String, cause: String) {
        logger.error("phase 2 with \(peer) (\(exchange)) failed: \(cause)")
    }

    /// The SPI we proposed (initiator) or were offered first (responder): the one a peer's notify names.
    func ourProposedSPI(_ record: Phase2Record) -> UInt32? {
        switch record.stage {
        case .initiator(let machine): return machine.offer.ourSPI
        case .responder(let machine): return machine.request.offers.first?.spi
        case .responderAwaitingSPI(let request, _): return request.offers.first?.spi
        case .installing(let negotiated), .established(let negotiated): return negotiated.ourSPI
        case .waitingForPhase1, .initiatorAwaitingSPI: return nil
        }
    }

    func sendPhase2Notify(_ error: Phase2Error, spi: UInt32?, on phase1: Phase1Record) {
        guard let type = error.notifyType, phase1.isEstablished else { return }
        let spiBytes = spi.map(QuickModeExchange.spiBytes) ?? []
        logger.info("sending notify \(type) to \(phase1.remote)")
        sendProtectedInformational(
            .notification(NotificationPayload(protocolID: .esp, notifyType: type, spi: spiBytes)), on: phase1)
    }

    /// Ends a Quick Mode that failed: log, notify the peer, tell the kernel, clean up.
    func failPhase2(_ record: Phase2Record, error: Phase2Error, notifyPeer: Bool) {
        logPhase2Failure(peer: record.remote, exchange: record.exchangeText, cause: error.description)
        if notifyPeer, let phase1 = record.phase1ID.flatMap({ phase1s[$0] }) {
            sendPhase2Notify(error, spi: ourProposedSPI(record), on: phase1)
        }
        abandonPhase2(record, reason: error.description)
    }

    /// Removes a Quick Mode that will not complete; an ACQUIRE-started one tells the kernel (ENOENT).
    func abandonPhase2(_ record: Phase2Record, reason: String) {
        if record.fromAcquire, !record.isEstablished {
            sendKernel(requests.acquireFailed(acquireSequence: record.sequence, errno: 2))
        }
        if case .installing(let negotiated) = record.stage {
            deleteKernelSAs(record, negotiated)
        } else if let spi = reservedSPI(record) {
            releaseSPI(spi, for: record)
        }
        removePhase2(record)
    }

    /// Deletes the larval inbound SA GETSPI reserved for `record`, which would otherwise linger until the kernel
    /// expires it (30 s).
    func releaseSPI(_ spi: UInt32, for record: Phase2Record) {
        sendKernel(requests.delete(
            .esp, spi: spi, source: record.remote.address.sadb, destination: record.local.address.sadb,
            sequence: makeSequence()))
    }

    /// The SPI GETSPI reserved for a Quick Mode that has not installed its SAs yet.
    func reservedSPI(_ record: Phase2Record) -> UInt32? {
        switch record.stage {
        case .initiator(let machine): return machine.offer.ourSPI
        case .responder(let machine): return machine.ourSPI
        case .waitingForPhase1, .initiatorAwaitingSPI, .responderAwaitingSPI, .installing, .established: return nil
        }
    }

    /// Deletes an installed SA pair (optionally telling the peer) and removes the record.
    func deletePhase2(_ record: Phase2Record, notifyPeer: Bool, reason: String) {
        guard let negotiated = record.negotiated else {
            abandonPhase2(record, reason: reason)
            return
        }
        if notifyPeer, let phase1 = establishedPhase1(for: record) {
            sendProtectedInformational(
                .delete(DeletePayload(
                    protocolID: negotiated.transform.securityProtocol == .ah ? .ah : .esp,
                    spis: [QuickModeExchange.spiBytes(negotiated.ourSPI)])),
                on: phase1)
        }
        deleteKernelSAs(record, negotiated)
        logger.notice("IPsec-SA deleted: \(negotiated.transform.securityProtocol)/\(record.mode.racoonName) \(record.local.address)<=>\(record.remote.address) spi=\(spiText(negotiated.ourSPI))/\(spiText(negotiated.peerSPI)) (\(reason))")
        removePhase2(record)
    }

    /// The ISAKMP SA to protect a notify about `record`: its own, or any other established one with the peer
    /// (its own may have been replaced by a phase-1 rekey).
    func establishedPhase1(for record: Phase2Record) -> Phase1Record? {
        if let own = record.phase1ID.flatMap({ phase1s[$0] }), own.isEstablished { return own }
        return phase1s.records(with: record.remote.address).last { $0.isEstablished }
    }

    func deleteKernelSAs(_ record: Phase2Record, _ negotiated: Phase2Negotiated) {
        let saType = negotiated.transform.securityProtocol.saType
        sendKernel(requests.delete(
            saType, spi: negotiated.ourSPI, source: record.remote.address.sadb,
            destination: record.local.address.sadb, sequence: makeSequence()))
        sendKernel(requests.delete(
            saType, spi: negotiated.peerSPI, source: record.local.address.sadb,
            destination: record.remote.address.sadb, sequence: makeSequence()))
    }

    func removePhase2(_ record: Phase2Record) {
        phase2s[record.id] = nil
        for kind in [TimerID.Kind.phase2Retransmit, .phase2Timeout, .phase2WaitForPhase1, .phase2Expire] {
            disarm(kind, owner: record.id)
        }
        if let phase1 = record.phase1ID.flatMap({ phase1s[$0] }) {
            phase1.waitingPhase2.removeAll { $0 == record.id }
        }
    }

    // MARK: - Timers

    func phase2RetransmitExpired(_ record: Phase2Record) {
        guard var pending = record.pending, pending.resendsOnTimer else { return }
        if pending.retriesLeft <= 0 {
            logPhase2Failure(
                peer: record.remote, exchange: record.exchangeText, cause: "phase2 negotiation failed due to time up")
            abandonPhase2(record, reason: "time up")
            return
        }
        pending.retriesLeft -= 1
        record.pending = pending
        sendCopies(pending.datagram)
        arm(.phase2Retransmit, owner: record.id, after: configuration.retransmission.interval)
    }
}

extension ClientSelector {
    /// The PF_KEY upper-layer protocol: IKE's 0 ("any") is PF_KEY's 255.
    var sadbProtocol: UInt8 { upperLayerProtocol == 0 ? 255 : upperLayerProtocol }

    /// The engine's selector for one side of a PF_KEY selector.
    init?(address: SADBIPAddress, prefixLength: UInt8, port: UInt16, upperLayerProtocol: UInt8) {
        guard let ip = IPAddress(address) else { return nil }
        self.init(
            address: ip, prefixLength: Int(prefixLength), upperLayerProtocol: upperLayerProtocol == 255 ? 0 : upperLayerProtocol,
            port: port)
    }
}

extension TrafficSelector {
    /// Whether this PF_KEY selector covers traffic from `source` to `destination` (exactly, or as a wider policy).
    func contains(selector source: ClientSelector, to destination: ClientSelector) -> Bool {
        guard self.source.family == (source.address.isIPv4 ? .ipv4 : .ipv6),
            self.destination.family == (destination.address.isIPv4 ? .ipv4 : .ipv6)
        else { return false }
        return source.address.sadb.isWithin(self.source, prefixLength: Int(sourcePrefixLength))
            && Int(sourcePrefixLength) <= source.prefixLength
            && destination.address.sadb.isWithin(self.destination, prefixLength: Int(destinationPrefixLength))
            && Int(destinationPrefixLength) <= destination.prefixLength
            && (upperLayerProtocol == 255 || upperLayerProtocol == source.sadbProtocol)
            && (sourcePort == 0 || sourcePort == source.port)
            && (destinationPort == 0 || destinationPort == destination.port)
    }
}

extension ESPAuthentication {
    /// The PF_KEY algorithm number.
    var sadb: SADBAuthenticationAlgorithm {
        switch self {
        case .hmacMD5: return .hmacMD5
        case .hmacSHA1: return .hmacSHA1
        case .hmacSHA256: return .hmacSHA256
        }
    }
}

extension ESPEncryption {
    /// The PF_KEY algorithm number.
    var sadb: SADBEncryptionAlgorithm {
        switch self {
        case .tripleDES: return .tripleDESCBC
        case .aes: return .aesCBC
        }
    }
}

/// An errno as `ENOENT (2)` for log lines.
func errnoText(_ errno: UInt8) -> String {
    let names: [UInt8: String] = [
        1: "EPERM", 2: "ENOENT", 3: "ESRCH", 12: "ENOMEM", 13: "EACCES", 17: "EEXIST", 22: "EINVAL", 38: "ENOSYS",
        93: "EPROTONOSUPPORT", 95: "EOPNOTSUPP", 105: "ENOBUFS",
    ]
    return "\(names[errno] ?? "errno") (\(errno))"
}
