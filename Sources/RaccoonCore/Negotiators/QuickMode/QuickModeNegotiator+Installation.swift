internal import IKECrypto
internal import Logging
internal import PFKeyListener
internal import SELinuxPolicy

extension QuickModeNegotiator {
    /// The SADB record of one SA of the pair: the inbound SA (peer → us, our SPI) or the outbound one.
    func installation(_ record: Phase2Record, _ negotiated: Phase2Negotiated, inbound: Bool) -> SAInstallation {
        let transform = negotiated.transform
        let keys = inbound ? negotiated.inboundKeys : negotiated.outboundKeys
        let (source, destination) = inbound ? (record.remote.address, record.local.address) : (record.local.address, record.remote.address)
        return SAInstallation(
            saType: transform.securityProtocol.saType, spi: inbound ? negotiated.ourSPI : negotiated.peerSPI,
            source: source, destination: destination, mode: record.mode,
            reqid: inbound ? record.inboundReqID : record.outboundReqID,
            authAlgorithm: transform.authentication.sadb, encryptionAlgorithm: transform.encryption.sadb,
            authKey: keys.authentication.withUnsafeBytes { KeyBytes($0) },
            encryptionKey: keys.encryption.withUnsafeBytes { KeyBytes($0) },
            lifetimeSeconds: UInt64(transform.lifetimeSeconds),
            securityContext: record.label.map {
                SADBSecurityContext(algorithm: $0.algorithm, doi: $0.doi, context: $0.bytesWithNUL)
            })
    }

    /// The responder installs its inbound SA (UPDATE of the larval SA GETSPI reserved) before it sends QM2, as
    /// pluto does: the initiator installs both SAs when QM2 arrives and may send on its new outbound SA before QM3
    /// reaches us (charon does, re-keying every few seconds: pings were lost). The outbound SA waits for QM3, the
    /// proof that the initiator holds its inbound SA (RFC 2409 §5.5; the commit bit of RFC 2408 §3.1 is the
    /// protocol's other answer to this race, and neither racoon nor charon uses it). racoon installs both after QM3.
    func installInboundEarly(_ record: Phase2Record, _ negotiated: Phase2Negotiated) {
        context.sendKernel(context.requests.update(installation(record, negotiated, inbound: true), sequence: record.sequence))
    }

    /// Installs the pair; `responderInbound` is where the responder's inbound SA stands (`nil` for the initiator).
    func install(
        _ record: Phase2Record, _ negotiated: Phase2Negotiated, responderInbound: Phase2Record.ResponderInboundSA? = nil
    ) {
        // racoon: UPDATE the inbound larval SA, then ADD the outbound one (inventory §4.1); a responder has sent the
        // UPDATE with QM2 already.
        var awaiting: Set<SADBMessageType> = [.update, .add]
        switch responderInbound {
        case nil:
            context.sendKernel(context.requests.update(installation(record, negotiated, inbound: true), sequence: record.sequence))
        case .updateSent:
            break
        case .installed:
            awaiting = [.add]
            logEstablished(record, negotiated, inbound: true)
        }
        if record.isInitiator, let delay = outboundDeferral(record) {
            awaiting.remove(.add)
            record.stage = .outboundHeldBack(negotiated, awaiting: awaiting)
            context.timers.outboundSwitchDeferred(record, by: delay)
            context.logger.debug("outbound SA spi=\(spiText(negotiated.peerSPI)) of phase 2 #\(record.id) held back \(delay): the old pair carries the flow until the peer has installed its inbound SA")
        } else {
            record.stage = .installing(negotiated, awaiting: awaiting)
            context.sendKernel(context.requests.add(installation(record, negotiated, inbound: false), sequence: record.sequence))
        }
        let transform = negotiated.transform
        if transform.securityProtocol == .esp {
            for (spi, source, destination, keys) in [
                (negotiated.ourSPI, record.remote.address, record.local.address, negotiated.inboundKeys),
                (negotiated.peerSPI, record.local.address, record.remote.address, negotiated.outboundKeys),
            ] {
                context.effects.append(.keysDerived(.esp(
                    source: source, destination: destination, spi: spi, encryption: transform.encryption,
                    encryptionKey: keys.encryption, authentication: transform.authentication,
                    authenticationKey: keys.authentication)))
            }
        }
    }

    /// The responder installs its SAs when QM3 arrives (RFC 2409 §5.5 says no more), and the kernel sends on the
    /// newest outbound SA at once: an initiator that adds its new outbound SA with QM3 loses what it sends before the
    /// responder has processed QM3 (charon, about 40 ms under TCG: a ping lost in CI). While a live pair protects
    /// the flow, a re-keying initiator therefore holds its new outbound SA back `outboundSwitchDelay` and the old
    /// pair carries the traffic meanwhile (strongSwan's IKEv2 re-key holds the responder's back the same way). A
    /// first negotiation has no pair to fall back on, and a pair that ends within twice the delay is no help: `nil`,
    /// install at once. racoon installs at once.
    func outboundDeferral(_ record: Phase2Record) -> Duration? {
        let delay = Phase2Record.outboundSwitchDelay
        let covered = context.phase2s.records(with: record.remote.address).contains { other in
            guard other.id != record.id, other.isEstablished, other.protectsSameFlow(as: record),
                let negotiated = other.negotiated, let established = other.establishedAt
            else { return false }
            return established + .seconds(Int64(negotiated.transform.lifetimeSeconds)) > context.now + delay * 2
        }
        return covered ? delay : nil
    }

    /// Adds the outbound SA `outboundDeferral` held back: its timer fired, or the pair that carried the flow ended.
    func installDeferredOutbound(_ record: Phase2Record) {
        guard case .outboundHeldBack(let negotiated, let awaiting) = record.stage else { return }
        record.stage = .installing(negotiated, awaiting: awaiting.union([.add]))
        context.sendKernel(context.requests.add(installation(record, negotiated, inbound: false), sequence: record.sequence))
    }

    /// `retired` no longer carries its flow: a replacement still holding back its outbound SA installs it now,
    /// unless another live pair carries the flow.
    func installDeferredOutbounds(after retired: Phase2Record) {
        for waiting in context.phase2s.records(with: retired.remote.address)
        where waiting.isHoldingOutboundBack && waiting.protectsSameFlow(as: retired) && outboundDeferral(waiting) == nil {
            context.timers.outboundSwitchedEarly(waiting)
            installDeferredOutbound(waiting)
        }
    }

    /// The kernel's answer to the UPDATE sent with QM2: a refusal ends the Quick Mode (the peer is told, so it does
    /// not keep sending on an SA we cannot receive on).
    func earlyInboundReply(_ record: Phase2Record, _ machine: QuickModeResponder, _ negotiated: Phase2Negotiated, errno: UInt8) {
        if errno != 0 {
            failPhase2(record, error: .kernelRefused(kernelRefusal(record, negotiated, type: .update, errno: errno)), notifyPeer: true)
            return
        }
        record.stage = .responder(machine, inbound: .installed)
        context.logger.debug("inbound SA spi=\(spiText(negotiated.ourSPI)) installed before QM3 for phase 2 #\(record.id)")
    }

    func kernelRefusal(_ record: Phase2Record, _ negotiated: Phase2Negotiated, type: SADBMessageType, errno: UInt8) -> String {
        var cause = "\(type): \(errnoText(errno))"
        if errno == 13, let label = record.label {
            let process = context.policyChecker.status().processContext
            cause += " (\(PolicyDecision.setcontextRefusal(process: process, context: label.text)))"
        }
        if errno == 38 || errno == 93 {
            // ENOSYS: a crypto algorithm is missing; EPROTONOSUPPORT: the IPsec protocol is (xfrm_init_state).
            cause += " (this kernel lacks \(negotiated.transform.securityProtocol) or one of the SA's algorithms:"
                + " load esp4/esp6, ah4/ah6 or xfrm_ipcomp and the cipher's module, or build the kernel with them)"
        }
        return cause
    }

    /// "IPsec-SA established" for one SA of the pair, with what protects the flow, so the log alone tells it.
    func logEstablished(_ record: Phase2Record, _ negotiated: Phase2Negotiated, inbound: Bool) {
        let transform = negotiated.transform
        let name = "\(transform.securityProtocol)/\(record.mode.racoonName)"
        var details = "\(transform.encryption)/\(transform.authentication), lifetime \(transform.lifetimeSeconds) s"
        if let group = transform.pfsGroup { details += ", pfs group \(group.rawValue)" }
        if let label = record.label { details += ", security context \"\(label.text)\"" }
        if inbound {
            context.logger.notice("IPsec-SA established: \(name) \(record.remote)->\(record.local) spi=\(spiText(negotiated.ourSPI)) (\(details))")
        } else {
            context.logger.notice("IPsec-SA established: \(name) \(record.local)->\(record.remote) spi=\(spiText(negotiated.peerSPI)) (\(details))")
        }
    }

    func installReply(_ record: Phase2Record, type: SADBMessageType, errno: UInt8) {
        if type == .update, case .responder(let machine, .updateSent) = record.stage, let negotiated = machine.negotiated {
            earlyInboundReply(record, machine, negotiated, errno: errno)
            return
        }
        if type == .update, case .outboundHeldBack(let negotiated, var awaiting) = record.stage, awaiting.contains(.update) {
            if errno != 0 {
                failPhase2(record, error: .kernelRefused(kernelRefusal(record, negotiated, type: type, errno: errno)), notifyPeer: false)
                return
            }
            awaiting.remove(.update)
            record.stage = .outboundHeldBack(negotiated, awaiting: awaiting)
            logEstablished(record, negotiated, inbound: true)
            return
        }
        guard case .installing(let negotiated, var awaiting) = record.stage, awaiting.contains(type) else {
            context.logger.debug("ignored a \(type) reply for phase 2 #\(record.id)")
            return
        }
        if errno != 0 {
            failPhase2(record, error: .kernelRefused(kernelRefusal(record, negotiated, type: type, errno: errno)), notifyPeer: false)
            return
        }
        awaiting.remove(type)
        record.stage = .installing(negotiated, awaiting: awaiting)
        logEstablished(record, negotiated, inbound: type == .update)
        if awaiting.isEmpty {
            record.stage = .established(negotiated)
            record.establishedAt = context.now
            context.timers.phase2Installed(record, lifetime: .seconds(Int64(negotiated.transform.lifetimeSeconds)))
        }
    }
}
