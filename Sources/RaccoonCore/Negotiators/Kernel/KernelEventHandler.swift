internal import ISAKMP
internal import Logging
internal import PFKeyListener

/// What the kernel tells the engine (racoon `pkrecvf[]`, inventory §4.2): replies to our requests, ACQUIREs that
/// start negotiations, EXPIREs and other processes' DELETEs of our SAs.
struct KernelEventHandler {
    let context: EngineContext
}

extension KernelEventHandler {
    func kernelReply(_ reply: SADBMessage) {
        switch reply.type {
        case .getSPI, .update, .add:
            guard let record = context.phase2s.record(sequence: reply.sequence) else {
                context.logger.debug("ignored a PF_KEY \(reply.type) reply with unknown seq \(reply.sequence)")
                return
            }
            if reply.type == .getSPI {
                guard reply.errno == 0, let spi = reply.securityAssociation?.spi else {
                    context.quickMode.failPhase2(
                        record, error: .kernelRefused("GETSPI: \(errnoText(reply.errno))"), notifyPeer: !record.isInitiator)
                    return
                }
                context.quickMode.spiReceived(record, spi: spi)
            } else {
                context.quickMode.installReply(record, type: reply.type, errno: reply.errno)
            }
        case .delete:
            // ESRCH: the SA was already gone (the kernel expired or flushed it first).
            if reply.errno != 0, reply.errno != 3 {
                context.logger.info("pfkey DELETE failed: \(errnoText(reply.errno))")
            }
        case .acquire:
            // The echo of our own ACQUIRE-with-errno: its errno is the one we sent, not a failure.
            context.logger.debug("the kernel acknowledged the give-up for ACQUIRE seq \(reply.sequence)")
        default:
            if reply.errno != 0 { context.logger.info("pfkey \(reply.type) failed: \(errnoText(reply.errno))") }
        }
    }

    func receiveAcquire(_ acquire: SADBAcquire) {
        if acquire.shouldBeIgnored {
            context.logger.debug("ignored an ACQUIRE for a non-IPsec policy or a multicast address")
            return
        }
        guard let source = acquire.source.address, let destination = acquire.destination.address
        else {
            context.logger.warning("ignored an ACQUIRE without usable addresses")
            return
        }
        if !context.configuration.listens(on: source) {
            context.logger.notice("ignored an ACQUIRE for \(source)->\(destination): not listening on \(source)")
            context.sendKernel(context.requests.acquireFailed(acquireSequence: acquire.sequence, errno: 2))
            return
        }
        let outbound: SecurityPolicy
        do {
            outbound = try context.spd.outboundPolicy(for: acquire)
        } catch {
            context.logger.error("failed to get IPsec-SA for an ACQUIRE from the kernel: \(error)")
            return
        }
        if context.quickMode.initiatorInProgress(policy: outbound.id, towards: destination) {
            context.logger.debug("ignore the acquire because ph2 found (policy \(outbound.id), \(destination))")
            return
        }
        let flowContext = acquire.securityContext
        if let flow = flowContext {
            let label = SecurityLabel(doi: flow.doi, algorithm: flow.algorithm, context: flow.context)
            context.logger.info("ACQUIRE carries security context doi=\(label.doi) alg=\(label.algorithm) len=\(label.context.count + 1) \"\(label)\"")
        }
        let outcome = context.quickMode.negotiate(
            outbound, source: source, destination: destination, flowContext: flowContext, sequence: acquire.sequence,
            fromAcquire: true
        ) { _ in
            // The kernel dropped the packet that caused the ACQUIRE (the walkthrough's lost first ping): say why.
            context.logger.info("ACQUIRE (seq \(acquire.sequence)) for \(source)->\(destination) by policy id:\(outbound.id): negotiating an IPsec-SA; the packet that triggered it was dropped by the kernel")
        }
        switch outcome {
        case .started:
            break
        case .inProgress:
            context.logger.debug("ignore the acquire because ph2 found (policy \(outbound.id), \(destination))")
        case .passive(let remote):
            context.logger.info("ignored an ACQUIRE for \(destination): remote \(remote.name) is passive")
        case .refused(let cause):
            context.logger.error("failed to begin IPsec-SA negotiation for \(source)->\(destination): \(cause)")
            context.sendKernel(context.requests.acquireFailed(acquireSequence: acquire.sequence, errno: 2))
        }
    }

    func receiveExpire(_ expiry: SAExpiry) {
        guard let record = phase2(forSPI: expiry.sa.spi, source: expiry.sa.source, destination: expiry.sa.destination)
        else {
            context.logger.debug("ignored an EXPIRE for \(expiry.sa): not ours")
            return
        }
        if expiry.isHard {
            context.logger.info("IPsec-SA expired: \(expiry.sa)")
            guard record.negotiated != nil else { return }
            // The sibling of an SA that expired a moment ago (the kernel expires both halves of a pair together):
            // it is being deleted already.
            if case .expired = record.stage { return }
            // The kernel removed this SA: delete its sibling and tell the peer, whose copy of the pair may live longer
            // (charon keeps the inbound half of a pair it replaced until its own life_time). The record retires.
            context.quickMode.deletePhase2(record, notifyPeer: true, reason: "expired")
            return
        }
        // Soft expiry: the initiator re-keys on the live ISAKMP SA (racoon); the responder waits for the peer.
        guard record.isInitiator, case .established(let negotiated) = record.stage else { return }
        record.stage = .rekeying(negotiated)
        // Both sides re-key in IKEv1 and nothing arbitrates. A peer whose soft lifetime is shorter (strongSwan's
        // rekey_time) has replaced this pair already, and the peer re-keys its own pair in turn: a second replacement
        // would only leave one pair more on each side. The replacement must be clearly younger (by the soft window,
        // a fifth of the lifetime), so that two pairs negotiated at once do not both wait for each other.
        if let replacement = peerReplacement(of: record, lifetime: negotiated.transform.lifetimeSeconds) {
            context.logger.info("IPsec-SA soft-expired (\(expiry.sa)): not re-keying, the peer replaced it (phase 2 #\(replacement.id))")
            return
        }
        guard let remotePolicy = RemoteSelection.select(for: record.remote.address, among: context.configuration.remotes) else {
            return
        }
        context.logger.info("IPsec-SA soft-expired (\(expiry.sa)): re-keying")
        let rekey = Phase2Record(
            id: context.makeHandle(), isInitiator: true, phase1ID: nil, messageID: .zero, sequence: context.makeSequence(),
            fromAcquire: false, local: record.local, remote: record.remote, mode: record.mode,
            inboundReqID: record.inboundReqID, outboundReqID: record.outboundReqID, policyID: record.policyID,
            selectors: record.selectors, label: record.label, saInfo: record.saInfo, stage: .waitingForPhase1)
        context.phase2s[rekey.id] = rekey
        context.quickMode.dispatchInitiatorPhase2(rekey, remotePolicy: remotePolicy)
    }

    /// A younger SA pair the peer negotiated for the same flow, established at least a fifth of `lifetime` after
    /// `record`.
    func peerReplacement(of record: Phase2Record, lifetime: UInt32) -> Phase2Record? {
        guard let established = record.establishedAt else { return nil }
        let window = Duration.seconds(Int64(lifetime)) * 0.2
        return context.phase2s.records(with: record.remote.address).last {
            !$0.isInitiator && $0.isEstablished && $0.protectsSameFlow(as: record)
                && ($0.establishedAt.map { $0 >= established + window } ?? false)
        }
    }

    func receiveForeignDelete(_ sa: SAIdentity, pid: UInt32) {
        guard let record = phase2(forSPI: sa.spi, source: sa.source, destination: sa.destination)
        else {
            context.logger.debug("ignored a DELETE by pid \(pid) for \(sa): not ours")
            return
        }
        context.logger.notice("IPsec-SA \(sa) deleted by pid \(pid): telling \(record.remote)")
        context.quickMode.deletePhase2(record, notifyPeer: true, reason: "deleted by pid \(pid)")
    }

    /// The phase-2 record that installed the SA `spi` from `source` to `destination`: our inbound SA comes from the
    /// peer, our outbound SA goes to it, so the record is among the peer's.
    func phase2(forSPI spi: UInt32, source: IPAddress, destination: IPAddress) -> Phase2Record? {
        if let outbound = context.phase2s.records(with: destination).first(where: { $0.negotiated?.peerSPI == spi }) {
            return outbound
        }
        return context.phase2s.records(with: source).first {
            $0.negotiated?.ourSPI == spi && $0.local.address == destination
        }
    }
}
