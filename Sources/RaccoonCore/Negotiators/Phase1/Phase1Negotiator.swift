internal import IKECrypto
internal import ISAKMP
internal import Logging

/// Main Mode and Aggressive Mode (RFC 2409 §5, §5.4): starts them, runs each message through the record's state
/// machine, and ends them. The exchanges themselves are the machines in `Phase1/` (`MainModeInitiator`, …); this
/// type is their orchestration over the engine's tables (racoon `isakmp_ph1begin_i/r`, `ph1_main`).
struct Phase1Negotiator {
    let context: EngineContext
}

extension Phase1Negotiator {
    func receivePhase1(_ message: ISAKMPMessage, datagram: Datagram) {
        let header = message.header
        if let record = phase1(for: header, from: datagram.remote) {
            if context.retransmitter.answersRepeat(datagram.bytes, of: record) { return }
            guard header.exchangeType == (record.mode == .main ? .identityProtection : .aggressive) else {
                context.logger.info("ignored a \(header.exchangeType) message from \(datagram.remote) for a \(record.exchangeText) exchange")
                return
            }
            step(record, message: message, datagram: datagram)
            return
        }
        guard header.responderCookie.isZero else {
            context.logUnsolicited(.unknownCookies, "dropped a \(header.exchangeType) message from \(datagram.remote): unknown cookies \(header.initiatorCookie):\(header.responderCookie)")
            return
        }
        startResponder(message, datagram: datagram)
    }

    /// The phase-1 record for a message's cookies, if any.
    func phase1(for header: ISAKMPHeader, from peer: Endpoint) -> Phase1Record? {
        if let id = context.phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: header.responderCookie)],
            let record = context.phase1s[id]
        {
            return record
        }
        // Our own initiator that has not learned CKY-R yet.
        if let id = context.phase1ByCookies[CookiePair(initiator: header.initiatorCookie, responder: .zero)],
            let record = context.phase1s[id], record.isInitiator, record.remote.address == peer.address
        {
            return record
        }
        // A first message (CKY-R zero) whose CKY-I we already know from this peer: a retransmission, or a
        // collision that racoon drops too (`getph1byindex0`).
        if header.responderCookie.isZero {
            return context.phase1s.records(with: peer.address).first { $0.initiatorCookie == header.initiatorCookie }
        }
        return nil
    }

    /// Runs a phase-1 message through the record's state machine.
    func step(_ record: Phase1Record, message: ISAKMPMessage, datagram: Datagram) {
        defer { logPhase1Keys(record, keys: nil) }
        guard var negotiation = record.negotiation else {
            context.logger.debug("ignored a \(message.header.exchangeType) message from \(datagram.remote): ISAKMP-SA \(record.sa?.cookieText ?? "") is already established")
            return
        }
        let result = Result { () throws(Phase1Error) in try negotiation.machine.receive(message) }
        record.lifecycle = .negotiating(negotiation)
        switch result {
        case .failure(let error):
            switch error {
            case .undecryptable, .hashMismatch:
                // racoon keeps the handle after a later message fails: a forged or corrupted message must not end
                // the negotiation. The peer hears about it once; the negotiation ends by its timers otherwise.
                if negotiation.reportedFailure {
                    context.logger.debug("phase 1 with \(record.remote) (\(record.exchangeText)): the same failure again; still waiting")
                } else {
                    record.updateNegotiation { $0.reportedFailure = true }
                    // A responder's last message evidently arrived; resending it would only make the initiator
                    // resend too. The initiator keeps resending: the failing message may be a forgery and the real
                    // answer lost, and its retransmission limit still ends the negotiation.
                    if !record.isInitiator {
                        context.retransmitter.stopResending(record)
                        context.timers.phase1FailureReported(record)
                    }
                    logPhase1Failure(peer: record.remote, exchange: record.exchangeText, cause: error.description)
                    if let notify = error.notifyType {
                        context.informational.sendPlainNotify(
                            notify, cookies: (record.initiatorCookie, record.responderCookie), local: record.local,
                            remote: record.remote)
                    }
                }
            default:
                failPhase1(record, error: error)
            }
        case .success(.ignore(let reason)):
            context.logger.debug("ignored a message from \(datagram.remote) in \(record.exchangeText): \(reason)")
        case .success(.send(let bytes)):
            record.lastReceived = datagram.bytes
            if record.responderCookie.isZero, !message.header.responderCookie.isZero {
                learnResponderCookie(record, message.header.responderCookie)
            }
            context.retransmitter.transmit(bytes, for: record, resendsOnTimer: true)
        case .success(.established(let sa, let reply)):
            record.lastReceived = datagram.bytes
            if record.responderCookie.isZero { learnResponderCookie(record, sa.responderCookie) }
            if let reply {
                context.retransmitter.transmit(reply, for: record, resendsOnTimer: false)
            } else {
                context.retransmitter.forget(record)
            }
            phase1Established(record, sa: sa)
        }
    }

    func learnResponderCookie(_ record: Phase1Record, _ cookie: Cookie) {
        context.phase1ByCookies[CookiePair(initiator: record.initiatorCookie, responder: .zero)] = nil
        record.responderCookie = cookie
        context.phase1ByCookies[CookiePair(initiator: record.initiatorCookie, responder: cookie)] = record.id
    }

    /// The key-log row of an ISAKMP SA, once, as soon as its keys exist: the first encrypted message (MM5) can
    /// then be read in Wireshark even when phase 1 fails there (a wrong pre-shared key).
    func logPhase1Keys(_ record: Phase1Record, keys: Phase1Keys?) {
        guard !record.keysLogged, let keys = keys ?? record.machine?.derivedKeys else { return }
        record.keysLogged = true
        context.effects.append(.keysDerived(.isakmp(initiatorCookie: record.initiatorCookie.rawValue, encryptionKey: keys.encryptionKey)))
    }
}
