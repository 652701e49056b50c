internal import ISAKMP
internal import Logging
internal import PFKeyListener

/// Routes each input to the negotiator it belongs to: datagrams by exchange type and cookies (racoon
/// `isakmp_main`, inventory §6.1), kernel messages by their classification.
struct EngineRouter {
    let context: EngineContext
}

extension EngineRouter {
    func receive(_ datagram: Datagram) {
        let peer = datagram.remote
        // RFC 3947 §4: a single 0xff byte is a NAT-T keepalive.
        if datagram.bytes == [0xff] { return }
        guard peer.port != 0 else {
            context.logger.debug("dropped a datagram from \(peer): source port 0")
            return
        }
        let message: ISAKMPMessage
        do {
            message = try ISAKMPMessage(parsing: datagram.bytes)
        } catch {
            context.logUnsolicited(.malformed, "dropped a malformed ISAKMP datagram from \(peer): \(error)")
            return
        }
        let header = message.header
        switch header.exchangeType {
        case .identityProtection, .aggressive:
            guard header.messageID == .zero else {
                context.logUnsolicited(.unexpectedHeader, "dropped a \(header.exchangeType) message from \(peer) with message ID \(header.messageID)")
                return
            }
            context.phase1.receivePhase1(message, datagram: datagram)
        case .informational:
            context.informational.receiveInformational(message, datagram: datagram)
        case .quickMode:
            context.quickMode.receiveQuickMode(message, datagram: datagram)
        case .base, .authenticationOnly, .transaction, .newGroupMode, .unknown:
            context.logUnsolicited(.unexpectedHeader, "dropped a \(header.exchangeType) message from \(peer): exchange not supported")
        }
    }

    func receiveKernel(_ message: SADBMessage) {
        let event: KernelEvent
        do {
            event = try KernelEvent.classify(message, ownPID: context.requests.pid)
        } catch {
            context.logger.warning("ignored a PF_KEY \(message.type) message: \(error)")
            return
        }
        switch event {
        case .reply(let reply):
            context.kernelEvents.kernelReply(reply)
        case .acquire(let acquire):
            context.kernelEvents.receiveAcquire(acquire)
        case .expire(let expiry):
            context.kernelEvents.receiveExpire(expiry)
        case .foreignDelete(let sa, let pid):
            context.kernelEvents.receiveForeignDelete(sa, pid: pid)
        case .foreignFlush(let saType, let pid):
            context.logger.notice("SADB_FLUSH of \(saType) by pid \(pid): deleting our IPsec-SAs at the peers too")
            for record in context.phase2s.oldestFirst where record.isEstablished {
                // The kernel already flushed them; tell the peers, keep phase 1 (inventory §4.2).
                if let negotiated = record.negotiated, let phase1 = context.quickMode.establishedPhase1(for: record) {
                    context.informational.sendProtectedInformational(
                        .delete(DeletePayload(protocolID: .esp, spis: [QuickModeExchange.spiBytes(negotiated.ourSPI)])),
                        on: phase1)
                }
                context.quickMode.removePhase2(record)
            }
        case .policyChange(let change):
            let result = context.spd.apply(change)
            context.logger.debug("SPD mirror: \(result)")
            // A context the loaded policy does not know, reported now rather than at the first negotiation.
            switch result {
            case .added(let policy), .replaced(let policy):
                if let problem = PolicyReport.contextProblem(of: policy, validate: context.policyChecker.validate(context:)) {
                    context.logger.warning("\(problem)")
                }
            default:
                break
            }
        case .other(let other):
            context.logger.debug("ignored PF_KEY \(other.type) from pid \(other.pid)")
        }
    }
}
