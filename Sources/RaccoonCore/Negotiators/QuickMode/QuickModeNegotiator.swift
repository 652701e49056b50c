internal import IKECrypto
internal import ISAKMP
internal import Logging
internal import PFKeyListener

/// Quick Mode (RFC 2409 §5.5) in both roles: GETSPI, the exchange, the SA pair's installation and removal. The
/// exchange itself is `QuickModeInitiator`/`QuickModeResponder` in `Phase2/`; this type is its orchestration over the
/// engine's tables and the kernel (racoon `isakmp_post_acquire`, `quick_i1prep`, `quick_r1recv`, `pk_sendupdate`).
struct QuickModeNegotiator {
    let context: EngineContext
}

extension QuickModeNegotiator {
    func receiveQuickMode(_ message: ISAKMPMessage, datagram: Datagram) {
        let peer = datagram.remote
        guard let phase1 = context.phase1.phase1(for: message.header, from: peer), let sa = phase1.sa else {
            context.logUnsolicited(.unknownCookies, "dropped a Quick Mode message from \(peer): no established ISAKMP-SA for \(message.header.initiatorCookie):\(message.header.responderCookie)")
            return
        }
        guard message.encryptedBody != nil else {
            context.logger.warning("dropped an unencrypted Quick Mode message from \(peer)")
            return
        }
        let messageID = message.header.messageID
        guard messageID != .zero else {
            context.logger.info("dropped a Quick Mode message from \(peer) with message ID 0")
            return
        }
        if let record = context.phase2s.records(with: phase1.remote.address).first(where: {
            $0.phase1ID == phase1.id && $0.messageID == messageID
        }) {
            if context.retransmitter.answersRepeat(datagram.bytes, of: record) { return }
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
                    context.logger.debug("ignored a Quick Mode message from \(datagram.remote): \(reason)")
                case .complete(let reply, let negotiated):
                    record.lastReceived = datagram.bytes
                    context.retransmitter.transmit(reply, for: record, resendsOnTimer: false)
                    install(record, negotiated)
                }
            } catch {
                quickModeStepFailed(record, error: error)
            }
        case .responder(var machine, let inbound):
            do {
                let step = try machine.receive(message)
                record.stage = .responder(machine, inbound: inbound)
                switch step {
                case .ignore(let reason):
                    context.logger.debug("ignored a Quick Mode message from \(datagram.remote): \(reason)")
                case .complete(let negotiated):
                    record.lastReceived = datagram.bytes
                    context.retransmitter.forget(record)
                    install(record, negotiated, responderInbound: inbound)
                }
            } catch {
                quickModeStepFailed(record, error: error)
            }
        case .waitingForPhase1, .initiatorAwaitingSPI, .responderAwaitingSPI, .outboundHeldBack, .installing,
            .established, .rekeying, .expired:
            context.logger.debug("ignored a Quick Mode message from \(datagram.remote) for phase 2 #\(record.id) (msgid \(record.messageID))")
        }
    }

    /// A message that does not decrypt or verify may be forged: it is logged and ignored, and the exchange goes on.
    /// An authentic message that is unacceptable ends the exchange with a notify.
    func quickModeStepFailed(_ record: Phase2Record, error: Phase2Error) {
        switch error {
        case .undecryptable, .hashMismatch:
            context.logger.warning("ignored a Quick Mode message from \(record.remote) (msgid \(record.messageID)): \(error)")
        default:
            failPhase2(record, error: error, notifyPeer: true)
        }
    }

    func requestSPI(for record: Phase2Record) {
        let request = GetSPIRequest(
            saType: .esp, source: record.remote.address, destination: record.local.address,
            mode: record.mode, reqid: record.inboundReqID)
        context.sendKernel(context.requests.getSPI(request, sequence: record.sequence))
    }

    func spiReceived(_ record: Phase2Record, spi: UInt32) {
        guard let phase1 = record.phase1ID.flatMap({ context.phase1s[$0] }), let sa = phase1.sa else {
            abandonPhase2(record, reason: "its ISAKMP-SA vanished")
            return
        }
        switch record.stage {
        case .initiatorAwaitingSPI:
            guard let messageID = context.randomMessageID() else { return }
            record.messageID = messageID
            let offer = QuickModeInitiator.Offer(
                ourSPI: spi, transforms: transforms(for: record, label: record.label), pfsGroup: record.saInfo.pfsGroup,
                identities: omitsIdentities(record) ? nil : record.selectors, nonceSize: phase1.remotePolicy.nonceSize,
                securityContextAttributeType: context.configuration.securityContextAttributeType)
            var machine = QuickModeInitiator(phase1: sa, messageID: messageID, offer: offer, random: context.random)
            do {
                let first = try machine.start()
                record.stage = .initiator(machine)
                context.logger.info("initiate new phase 2 negotiation: \(record.local)<=>\(record.remote) (msgid \(messageID))")
                context.retransmitter.transmit(first, for: record, resendsOnTimer: true)
            } catch {
                releaseSPI(spi, for: record)
                failPhase2(record, error: error, notifyPeer: false)
            }
        case .responderAwaitingSPI(let request, let choice):
            do {
                let responder = try QuickModeResponder(
                    phase1: sa, request: request, choice: choice, ourSPI: spi, nonceSize: phase1.remotePolicy.nonceSize,
                    securityContextAttributeType: context.configuration.securityContextAttributeType, random: context.random)
                record.stage = .responder(responder, inbound: .updateSent)
                if let negotiated = responder.negotiated { installInboundEarly(record, negotiated) }
                context.retransmitter.transmit(responder.firstReply, for: record, resendsOnTimer: true)
            } catch {
                // Found by the engine fuzzer: the stage does not hold the SPI yet, so abandonPhase2 cannot free it.
                releaseSPI(spi, for: record)
                failPhase2(record, error: error, notifyPeer: true)
            }
        case .waitingForPhase1, .initiator, .responder, .outboundHeldBack, .installing, .established, .rekeying,
            .expired:
            context.logger.debug("ignored a GETSPI reply for phase 2 #\(record.id) in another stage")
        }
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
}
