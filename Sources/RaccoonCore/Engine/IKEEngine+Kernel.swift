internal import ISAKMP
internal import Logging
internal import PFKeyListener

extension IKEEngine {
    // MARK: - Kernel messages (racoon `pkrecvf[]`, inventory §4.2)

    func receiveKernel(_ message: SADBMessage) {
        let event: KernelEvent
        do {
            event = try KernelEvent.classify(message, ownPID: requests.pid)
        } catch {
            logger.warning("ignored a PF_KEY \(message.type) message: \(error)")
            return
        }
        switch event {
        case .reply(let reply):
            kernelReply(reply)
        case .acquire(let acquire):
            receiveAcquire(acquire)
        case .expire(let expiry):
            receiveExpire(expiry)
        case .foreignDelete(let sa, let pid):
            receiveForeignDelete(sa, pid: pid)
        case .foreignFlush(let saType, let pid):
            logger.notice("SADB_FLUSH of \(saType) by pid \(pid): deleting our IPsec-SAs at the peers too")
            for record in phase2s.oldestFirst where record.isEstablished {
                // The kernel already flushed them; tell the peers, keep phase 1 (inventory §4.2).
                if let negotiated = record.negotiated, let phase1 = establishedPhase1(for: record) {
                    sendProtectedInformational(
                        .delete(DeletePayload(protocolID: .esp, spis: [QuickModeExchange.spiBytes(negotiated.ourSPI)])),
                        on: phase1)
                }
                removePhase2(record)
            }
        case .policyChange(let change):
            let result = spd.apply(change)
            logger.debug("SPD mirror: \(result)")
            // A context the loaded policy does not know, reported now rather than at the first negotiation.
            switch result {
            case .added(let policy), .replaced(let policy):
                if let problem = PolicyReport.contextProblem(of: policy, validate: policyChecker.validate(context:)) {
                    logger.warning("\(problem)")
                }
            default:
                break
            }
        case .other(let other):
            logger.debug("ignored PF_KEY \(other.type) from pid \(other.pid)")
        }
    }

    func kernelReply(_ reply: SADBMessage) {
        switch reply.type {
        case .getSPI, .update, .add:
            guard let record = phase2s.record(sequence: reply.sequence) else {
                logger.debug("ignored a PF_KEY \(reply.type) reply with unknown seq \(reply.sequence)")
                return
            }
            if reply.type == .getSPI {
                guard reply.errno == 0, let spi = reply.securityAssociation?.spi else {
                    failPhase2(
                        record, error: .kernelRefused("GETSPI: \(errnoText(reply.errno))"), notifyPeer: !record.isInitiator)
                    return
                }
                spiReceived(record, spi: spi)
            } else {
                installReply(record, type: reply.type, errno: reply.errno)
            }
        case .delete:
            // ESRCH: the SA was already gone (the kernel expired or flushed it first).
            if reply.errno != 0, reply.errno != 3 {
                logger.info("pfkey DELETE failed: \(errnoText(reply.errno))")
            }
        case .acquire:
            // The echo of our own ACQUIRE-with-errno: its errno is the one we sent, not a failure.
            logger.debug("the kernel acknowledged the give-up for ACQUIRE seq \(reply.sequence)")
        default:
            if reply.errno != 0 { logger.info("pfkey \(reply.type) failed: \(errnoText(reply.errno))") }
        }
    }

    // MARK: - ACQUIRE → negotiation (inventory §4.3)

    func receiveAcquire(_ acquire: SADBAcquire) {
        if acquire.shouldBeIgnored {
            logger.debug("ignored an ACQUIRE for a non-IPsec policy or a multicast address")
            return
        }
        guard let source = acquire.source.address.flatMap(IPAddress.init),
            let destination = acquire.destination.address.flatMap(IPAddress.init)
        else {
            logger.warning("ignored an ACQUIRE without usable addresses")
            return
        }
        if !configuration.listens(on: source) {
            logger.notice("ignored an ACQUIRE for \(source)->\(destination): not listening on \(source)")
            sendKernel(requests.acquireFailed(acquireSequence: acquire.sequence, errno: 2))
            return
        }
        let outbound: SecurityPolicy
        do {
            outbound = try spd.outboundPolicy(for: acquire)
        } catch {
            logger.error("failed to get IPsec-SA for an ACQUIRE from the kernel: \(error)")
            return
        }
        if initiatorInProgress(policy: outbound.id, towards: destination) {
            logger.debug("ignore the acquire because ph2 found (policy \(outbound.id), \(destination))")
            return
        }
        let flowContext = acquire.securityContext
        if let context = flowContext {
            let label = SecurityLabel(doi: context.doi, algorithm: context.algorithm, context: context.context)
            logger.info("ACQUIRE carries security context doi=\(label.doi) alg=\(label.algorithm) len=\(label.context.count + 1) \"\(label)\"")
        }
        let outcome = negotiate(
            outbound, source: source, destination: destination, flowContext: flowContext, sequence: acquire.sequence,
            fromAcquire: true
        ) { _ in
            // The kernel dropped the packet that caused the ACQUIRE (the walkthrough's lost first ping): say why.
            logger.info("ACQUIRE (seq \(acquire.sequence)) for \(source)->\(destination) by policy id:\(outbound.id): negotiating an IPsec-SA; the packet that triggered it was dropped by the kernel")
        }
        switch outcome {
        case .started:
            break
        case .inProgress:
            logger.debug("ignore the acquire because ph2 found (policy \(outbound.id), \(destination))")
        case .passive(let remote):
            logger.info("ignored an ACQUIRE for \(destination): remote \(remote.name) is passive")
        case .refused(let cause):
            logger.error("failed to begin IPsec-SA negotiation for \(source)->\(destination): \(cause)")
            sendKernel(requests.acquireFailed(acquireSequence: acquire.sequence, errno: 2))
        }
    }

    // MARK: - Outbound policy → initiator Quick Mode (ACQUIRE, establish-sa)

    /// Why `negotiate` did or did not start a Quick Mode.
    enum PolicyNegotiation {
        /// The Quick Mode exists and has started, or waits for phase 1.
        case started(Phase2Record)
        /// An initiator Quick Mode for this policy and peer is already under way.
        case inProgress
        /// The peer's remote block is `passive`: we never initiate towards it.
        case passive(RemotePolicy)
        /// It cannot be negotiated; the cause names what is missing.
        case refused(String)
    }

    /// Whether an initiator Quick Mode for this outbound policy and peer is under way (racoon's `getph2byid`).
    func initiatorInProgress(policy id: UInt32, towards destination: IPAddress) -> Bool {
        phase2s.records(with: destination).contains {
            $0.policyID == id && !$0.isEstablished && $0.isInitiator
        }
    }

    /// Creates the initiator Quick Mode for an outbound policy and starts it, or queues it behind phase 1 (racoon's
    /// `pk_recvacquire` → `isakmp_post_acquire`). The kernel's ACQUIRE and `raccoonctl establish-sa` both come here.
    /// `announce` runs once the record exists, before anything is sent.
    func negotiate(
        _ outbound: SecurityPolicy, source: IPAddress, destination: IPAddress, flowContext: SADBSecurityContext?,
        sequence: UInt32, fromAcquire: Bool, announce: (Phase2Record) -> Void
    ) -> PolicyNegotiation {
        if initiatorInProgress(policy: outbound.id, towards: destination) { return .inProgress }
        guard outbound.requests.count == 1, let template = outbound.requests.first, template.saType == .esp else {
            return .refused(
                "policy \(outbound.id) must have exactly one ESP request (AH, IPComp and bundles are not supported)")
        }
        let label = flowContext.map { SecurityLabel(doi: $0.doi, algorithm: $0.algorithm, context: $0.context) }
        let inbound = spd.inboundPolicy(reversing: outbound, flowContext: flowContext) { flow, policy in
            let decision = policyChecker.polmatch(subject: flow.label, object: policy.label)
            if !decision.isAllowed { logger.info("polmatch \(flow.label) -> \(policy.label): \(decision)") }
            return decision.isAllowed
        }
        if inbound == nil { logger.notice("no in-bound policy found for policy \(outbound.id)") }
        let inboundTemplate = inbound?.requests.first { $0.saType == .esp }
        let selector = outbound.selector
        guard let localSelector = ClientSelector(
                address: selector.source, prefixLength: selector.sourcePrefixLength, port: selector.sourcePort,
                upperLayerProtocol: selector.upperLayerProtocol),
            let remoteSelector = ClientSelector(
                address: selector.destination, prefixLength: selector.destinationPrefixLength,
                port: selector.destinationPort, upperLayerProtocol: selector.upperLayerProtocol)
        else {
            return .refused("policy \(outbound.id) has an unusable selector")
        }
        guard let remotePolicy = RemoteSelection.select(for: destination, among: configuration.remotes) else {
            return .refused("no remote configuration for \(destination)")
        }
        if remotePolicy.passive { return .passive(remotePolicy) }
        guard let saInfo = SAInfoSelection.select(
            local: localSelector, remote: remoteSelector, phase1ID: remotePolicy.phase1ID, among: configuration.saInfos)
        else {
            return .refused("no sainfo matches \(localSelector) \(remoteSelector)")
        }
        let record = Phase2Record(
            id: makeHandle(), isInitiator: true, phase1ID: nil, messageID: .zero, sequence: sequence,
            fromAcquire: fromAcquire, local: configuration.localEndpoint(source),
            remote: Endpoint(address: destination, port: remotePolicy.port), mode: template.mode,
            inboundReqID: inboundTemplate?.reqid ?? 0, outboundReqID: template.reqid, policyID: outbound.id,
            selectors: (localSelector, remoteSelector), label: label, saInfo: saInfo, stage: .waitingForPhase1)
        phase2s[record.id] = record
        announce(record)
        dispatchInitiatorPhase2(record, remotePolicy: remotePolicy)
        return .started(record)
    }

    // MARK: - EXPIRE, foreign DELETE

    /// The phase-2 record that installed the SA `spi` from `source` to `destination`: our inbound SA comes from the
    /// peer, our outbound SA goes to it, so the record is among the peer's.
    func phase2(forSPI spi: UInt32, source: SADBIPAddress, destination: SADBIPAddress) -> Phase2Record? {
        if let to = IPAddress(destination), let outbound = phase2s.records(with: to).first(where: {
            $0.negotiated?.peerSPI == spi
        }) {
            return outbound
        }
        guard let from = IPAddress(source), let to = IPAddress(destination) else { return nil }
        return phase2s.records(with: from).first { $0.negotiated?.ourSPI == spi && $0.local.address == to }
    }

    func receiveExpire(_ expiry: SAExpiry) {
        guard let record = phase2(forSPI: expiry.sa.spi, source: expiry.sa.source, destination: expiry.sa.destination)
        else {
            logger.debug("ignored an EXPIRE for \(expiry.sa): not ours")
            return
        }
        if expiry.isHard {
            logger.info("IPsec-SA expired: \(expiry.sa)")
            guard let negotiated = record.negotiated else { return }
            // The kernel removed this SA; remove its sibling and the handle.
            let saType = negotiated.transform.securityProtocol.saType
            if expiry.sa.spi == negotiated.ourSPI {
                sendKernel(requests.delete(
                    saType, spi: negotiated.peerSPI, source: record.local.address.sadb,
                    destination: record.remote.address.sadb, sequence: makeSequence()))
            } else {
                sendKernel(requests.delete(
                    saType, spi: negotiated.ourSPI, source: record.remote.address.sadb,
                    destination: record.local.address.sadb, sequence: makeSequence()))
            }
            removePhase2(record)
            return
        }
        // Soft expiry: the initiator re-keys on the live ISAKMP SA (racoon); the responder waits for the peer.
        guard record.isInitiator, record.isEstablished, !record.rekeyStarted else { return }
        record.rekeyStarted = true
        guard let remotePolicy = RemoteSelection.select(for: record.remote.address, among: configuration.remotes) else {
            return
        }
        logger.info("IPsec-SA soft-expired (\(expiry.sa)): re-keying")
        let rekey = Phase2Record(
            id: makeHandle(), isInitiator: true, phase1ID: nil, messageID: .zero, sequence: makeSequence(),
            fromAcquire: false, local: record.local, remote: record.remote, mode: record.mode,
            inboundReqID: record.inboundReqID, outboundReqID: record.outboundReqID, policyID: record.policyID,
            selectors: record.selectors, label: record.label, saInfo: record.saInfo, stage: .waitingForPhase1)
        phase2s[rekey.id] = rekey
        dispatchInitiatorPhase2(rekey, remotePolicy: remotePolicy)
    }

    func receiveForeignDelete(_ sa: SAIdentity, pid: UInt32) {
        guard let record = phase2(forSPI: sa.spi, source: sa.source, destination: sa.destination)
        else {
            logger.debug("ignored a DELETE by pid \(pid) for \(sa): not ours")
            return
        }
        logger.notice("IPsec-SA \(sa) deleted by pid \(pid): telling \(record.remote)")
        deletePhase2(record, notifyPeer: true, reason: "deleted by pid \(pid)")
    }

    // MARK: - Timers

    func timerFired(_ timer: TimerID) {
        switch timer.kind {
        case .phase1Retransmit, .phase1Expire, .phase1SoftExpire, .deadPeerDetection:
            guard let record = phase1s[timer.owner] else { return }
            switch timer.kind {
            case .phase1Retransmit: phase1RetransmitExpired(record)
            case .phase1Expire: phase1Expired(record)
            case .phase1SoftExpire: phase1SoftExpired(record)
            default: deadPeerDetectionDue(record)
            }
        case .phase2Retransmit, .phase2Timeout, .phase2WaitForPhase1, .phase2Expire:
            guard let record = phase2s[timer.owner] else { return }
            switch timer.kind {
            case .phase2Retransmit:
                phase2RetransmitExpired(record)
            case .phase2Timeout:
                logPhase2Failure(
                    peer: record.remote, exchange: record.exchangeText,
                    cause: "give up to get IPsec-SA due to time up to wait")
                abandonPhase2(record, reason: "time up")
            case .phase2WaitForPhase1:
                logPhase2Failure(
                    peer: record.remote, exchange: record.exchangeText,
                    cause: "phase2 negotiation failed due to time up waiting for phase1")
                abandonPhase2(record, reason: "no phase 1")
            default:
                logger.info("IPsec-SA handle for \(record.remote) expired (lifetime \(record.negotiated?.transform.lifetimeSeconds ?? 0) s)")
                removePhase2(record)
            }
        }
    }
}
