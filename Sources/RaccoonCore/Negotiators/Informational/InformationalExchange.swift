internal import IKECrypto
internal import ISAKMP
internal import Logging

/// Informational exchanges (RFC 2409 §5.7, RFC 2408 §4.8): protected Notify and Delete on an ISAKMP SA, unprotected
/// notifies before one exists, and what the engine does with those it receives.
struct InformationalExchange {
    let context: EngineContext
}

extension InformationalExchange {
    /// Sends one Notify or Delete in a protected Informational exchange:
    /// HDR*, HASH(1), N/D with HASH(1) = prf(SKEYID_a, M-ID | N/D).
    func sendProtectedInformational(_ payload: Payload, on record: Phase1Record) {
        guard let sa = record.sa, let messageID = context.randomMessageID() else { return }
        do {
            let body = PayloadChain([payload]).bytes
            let hash = try sa.keys.informationalHash(messageID: messageID.rawValue, payloads: body)
            let iv = try sa.exchangeIV(messageID: messageID)
            let header = ISAKMPHeader(
                initiatorCookie: sa.initiatorCookie, responderCookie: sa.responderCookie, exchangeType: .informational,
                messageID: messageID)
            let sealed = try sa.sealer.seal(
                header: header, payloads: [.hash(HashPayload(hashData: hash)), payload], iv: iv, random: context.random)
            context.send(Datagram(local: record.local, remote: record.remote, bytes: sealed.bytes))
            if case .delete(let delete) = payload {
                // racoon: "sendto Information delete." (debug); said once per DELETE so the peer's side can be checked.
                let spis = delete.protocolID == .isakmp
                    ? [sa.cookieText]
                    : delete.spis.map { $0.count == 4 ? spiText($0.reduce(0) { $0 << 8 | UInt32($1) }) : "\($0)" }
                context.logger.info("sent DELETE for \(delete.protocolID) spi=\(spis.joined(separator: ",")) to \(record.remote)")
            }
        } catch {
            context.logger.error("could not build an informational message for \(record.remote): \(error)")
        }
    }

    /// Sends an unprotected Informational exchange with one Notify (before the ISAKMP SA exists).
    func sendPlainNotify(
        _ type: NotifyMessageType, cookies: (Cookie, Cookie), local: Endpoint, remote: Endpoint,
        logLevel: Logger.Level = .info
    ) {
        guard let messageID = context.randomMessageID() else { return }
        let header = ISAKMPHeader(
            initiatorCookie: cookies.0, responderCookie: cookies.1, exchangeType: .informational, messageID: messageID)
        let notify = NotificationPayload(
            protocolID: .isakmp, notifyType: type, spi: cookies.0.bytes + cookies.1.bytes)
        let message = ISAKMPMessage(header: header, payloads: [.notification(notify)])
        context.logger.log(level: logLevel, "sending notify \(type) to \(remote)")
        context.send(Datagram(local: local, remote: remote, bytes: message.serialized()))
    }

    func receiveInformational(_ message: ISAKMPMessage, datagram: Datagram) {
        let peer = datagram.remote
        guard let record = context.phase1.phase1(for: message.header, from: peer) else {
            if let chain = message.payloadChain {
                logUnprotectedNotifies(
                    ReceivedPayloads(chain), from: peer, note: "for unknown cookies", unsolicited: true)
            } else {
                context.logUnsolicited(.unknownCookies, "dropped an encrypted informational message from \(peer): unknown cookies")
            }
            return
        }
        guard let sa = record.sa else {
            // Before the key exchange completes, notifies may arrive in the clear (RFC 2408 §5).
            guard let chain = message.payloadChain else {
                context.logger.info("dropped an encrypted informational message from \(peer): phase 1 is not established")
                return
            }
            let payloads = ReceivedPayloads(chain)
            if phase1PassedKeyExchange(record) {
                // CVE-2007-1841: after the key exchange, an unencrypted informational message could be forged.
                let notifies = payloads.notifications.map { "\($0.notifyType)" }.joined(separator: ", ")
                context.logger.warning("ignored an unencrypted informational message from \(peer) (\(notifies.isEmpty ? payloads.summary : notifies)): phase 1 is past the key exchange, so it must be encrypted (CVE-2007-1841)")
                if let error = payloads.notifications.first(where: { isErrorNotify($0.notifyType) }) {
                    record.unprotectedPeerError = error.notifyType
                }
                return
            }
            logUnprotectedNotifies(payloads, from: peer, note: "during \(record.exchangeText)")
            // An error notify from the peer about this very negotiation ends it.
            if let error = payloads.notifications.first(where: { isErrorNotify($0.notifyType) }) {
                context.phase1.logPhase1Failure(
                    peer: peer, exchange: record.exchangeText,
                    cause: "the peer sent \(error.notifyType)")
                context.phase1.removePhase1(record, reason: "the peer refused")
            }
            return
        }
        guard message.encryptedBody != nil else {
            context.logger.warning("ignored an unencrypted informational message from \(peer): ISAKMP-SA \(sa.cookieText) is established, so it must be encrypted (CVE-2007-1841)")
            return
        }
        let opened: ISAKMPMessageSealer.Opened
        do {
            let iv = try sa.exchangeIV(messageID: message.header.messageID)
            opened = try sa.sealer.open(message, iv: iv)
        } catch {
            context.logger.warning("dropped an informational message from \(peer): it does not decrypt (\(error))")
            return
        }
        let chain = opened.chain
        guard chain.payloads.count >= 2, case .hash(let hash) = chain.payloads[0] else {
            context.logger.warning("dropped an informational message from \(peer): HASH(1) must come first and cover a payload")
            return
        }
        // RFC 2409 §5.7: HASH(1) = prf(SKEYID_a, M-ID | N/D), the one payload after the HASH.
        guard let expected = try? sa.keys.informationalHash(
            messageID: message.header.messageID.rawValue, payloads: Array(chain.payloadBytes(at: 1))),
            Phase1Exchange.verify(hash.hashData, expected)
        else {
            context.logger.warning("dropped an informational message from \(peer): HASH(1) mismatch")
            return
        }
        switch chain.payloads[1] {
        case .notification(let notification):
            receiveNotification(notification, on: record)
        case .delete(let delete):
            receiveDelete(delete, on: record)
        default:
            context.logger.info("ignored an informational message from \(peer) carrying \(chain.payloads[1].payloadType)")
        }
    }

    /// Whether phase 1 has passed the point after which unencrypted informational messages are refused
    /// (racoon: initiator past MSG3SENT, responder past MSG2SENT; inventory §6.5).
    func phase1PassedKeyExchange(_ record: Phase1Record) -> Bool {
        guard let machine = record.machine else { return true }
        switch machine {
        case .mainInitiator(let machine): return machine.awaiting == .mm6
        case .mainResponder(let machine): return machine.awaiting == .mm5
        case .aggressiveInitiator: return false
        case .aggressiveResponder: return true
        }
    }

    func isErrorNotify(_ type: NotifyMessageType) -> Bool {
        switch type {
        case .unknown(let value): return value < 8192
        case .connected, .responderLifetime, .replayStatus, .initialContact, .rUThere, .rUThereAck: return false
        default: return true
        }
    }

    /// Logs the notifies of an unprotected informational message; `unsolicited` (no negotiation matches its cookies)
    /// rate limits the lines.
    func logUnprotectedNotifies(
        _ payloads: ReceivedPayloads, from peer: Endpoint, note: String, unsolicited: Bool = false
    ) {
        func log(_ level: Logger.Level, _ text: @autoclosure () -> String) {
            if unsolicited {
                context.logUnsolicited(.unprotectedNotify, level: level, text())
            } else {
                context.logger.log(level: level, "\(text())")
            }
        }
        for notification in payloads.notifications {
            log(.notice, "notification \(notification.notifyType) received from \(peer) \(note) (unprotected)")
        }
        if payloads.notifications.isEmpty {
            log(.info, "ignored an unprotected informational message from \(peer) \(note): \(payloads.summary)")
        }
    }
}
