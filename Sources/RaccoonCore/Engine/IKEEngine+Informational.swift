internal import IKECrypto
internal import ISAKMP
internal import Logging
internal import PFKeyListener

extension IKEEngine {
    // MARK: - Sending (RFC 2409 §5.7)

    /// Sends one Notify or Delete in a protected Informational exchange:
    /// HDR*, HASH(1), N/D with HASH(1) = prf(SKEYID_a, M-ID | N/D).
    func sendProtectedInformational(_ payload: Payload, on record: Phase1Record) {
        guard let sa = record.sa, let messageID = randomMessageID() else { return }
        do {
            let body = PayloadChain([payload]).bytes
            let hash = try sa.keys.informationalHash(messageID: messageID.rawValue, payloads: body)
            let iv = try sa.exchangeIV(messageID: messageID)
            let header = ISAKMPHeader(
                initiatorCookie: sa.initiatorCookie, responderCookie: sa.responderCookie, exchangeType: .informational,
                messageID: messageID)
            let sealed = try sa.sealer.seal(
                header: header, payloads: [.hash(HashPayload(hashData: hash)), payload], iv: iv, random: random)
            send(Datagram(local: record.local, remote: record.remote, bytes: sealed.bytes))
            if case .delete(let delete) = payload {
                // racoon: "sendto Information delete." (debug); said once per DELETE so the peer's side can be checked.
                let spis = delete.protocolID == .isakmp
                    ? [sa.cookieText]
                    : delete.spis.map { $0.count == 4 ? spiText($0.reduce(0) { $0 << 8 | UInt32($1) }) : "\($0)" }
                logger.info("sent DELETE for \(delete.protocolID) spi=\(spis.joined(separator: ",")) to \(record.remote)")
            }
        } catch {
            logger.error("could not build an informational message for \(record.remote): \(error)")
        }
    }

    // MARK: - Receiving

    func receiveInformational(_ message: ISAKMPMessage, datagram: Datagram) {
        let peer = datagram.remote
        guard let record = phase1(for: message.header, from: peer) else {
            if let chain = message.payloadChain {
                logUnprotectedNotifies(
                    ReceivedPayloads(chain), from: peer, note: "for unknown cookies", unsolicited: true)
            } else {
                logUnsolicited(.unknownCookies, "dropped an encrypted informational message from \(peer): unknown cookies")
            }
            return
        }
        guard let sa = record.sa else {
            // Before the key exchange completes, notifies may arrive in the clear (RFC 2408 §5).
            guard let chain = message.payloadChain else {
                logger.info("dropped an encrypted informational message from \(peer): phase 1 is not established")
                return
            }
            let payloads = ReceivedPayloads(chain)
            if phase1PassedKeyExchange(record) {
                // CVE-2007-1841: after the key exchange, an unencrypted informational message could be forged.
                let notifies = payloads.notifications.map { "\($0.notifyType)" }.joined(separator: ", ")
                logger.warning("ignored an unencrypted informational message from \(peer) (\(notifies.isEmpty ? payloads.summary : notifies)): phase 1 is past the key exchange, so it must be encrypted (CVE-2007-1841)")
                if let error = payloads.notifications.first(where: { isErrorNotify($0.notifyType) }) {
                    record.unprotectedPeerError = error.notifyType
                }
                return
            }
            logUnprotectedNotifies(payloads, from: peer, note: "during \(record.exchangeText)")
            // An error notify from the peer about this very negotiation ends it.
            if let error = payloads.notifications.first(where: { isErrorNotify($0.notifyType) }) {
                logPhase1Failure(
                    peer: peer, exchange: record.exchangeText,
                    cause: "the peer sent \(error.notifyType)")
                removePhase1(record, reason: "the peer refused")
            }
            return
        }
        guard message.encryptedBody != nil else {
            logger.warning("ignored an unencrypted informational message from \(peer): ISAKMP-SA \(sa.cookieText) is established, so it must be encrypted (CVE-2007-1841)")
            return
        }
        let opened: ISAKMPMessageSealer.Opened
        do {
            let iv = try sa.exchangeIV(messageID: message.header.messageID)
            opened = try sa.sealer.open(message, iv: iv)
        } catch {
            logger.warning("dropped an informational message from \(peer): it does not decrypt (\(error))")
            return
        }
        let chain = opened.chain
        guard chain.payloads.count >= 2, case .hash(let hash) = chain.payloads[0] else {
            logger.warning("dropped an informational message from \(peer): HASH(1) must come first and cover a payload")
            return
        }
        // RFC 2409 §5.7: HASH(1) = prf(SKEYID_a, M-ID | N/D), the one payload after the HASH.
        guard let expected = try? sa.keys.informationalHash(
            messageID: message.header.messageID.rawValue, payloads: Array(chain.payloadBytes(at: 1))),
            Phase1Exchange.verify(hash.hashData, expected)
        else {
            logger.warning("dropped an informational message from \(peer): HASH(1) mismatch")
            return
        }
        switch chain.payloads[1] {
        case .notification(let notification):
            receiveNotification(notification, on: record)
        case .delete(let delete):
            receiveDelete(delete, on: record)
        default:
            logger.info("ignored an informational message from \(peer) carrying \(chain.payloads[1].payloadType)")
        }
    }

    /// Whether phase 1 has passed the point after which unencrypted informational messages are refused
    /// (racoon: initiator past MSG3SENT, responder past MSG2SENT; inventory §6.5).
    func phase1PassedKeyExchange(_ record: Phase1Record) -> Bool {
        switch record.machine {
        case .mainInitiator(let machine): return machine.awaiting == "MM6"
        case .mainResponder(let machine): return machine.awaiting == "MM5"
        case .aggressiveInitiator: return false
        case .aggressiveResponder: return true
        case .established: return true
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
                logUnsolicited(.unprotectedNotify, level: level, text())
            } else {
                logger.log(level: level, "\(text())")
            }
        }
        for notification in payloads.notifications {
            log(.notice, "notification \(notification.notifyType) received from \(peer) \(note) (unprotected)")
        }
        if payloads.notifications.isEmpty {
            log(.info, "ignored an unprotected informational message from \(peer) \(note): \(payloads.summary)")
        }
    }

    // MARK: - Notify

    func receiveNotification(_ notification: NotificationPayload, on record: Phase1Record) {
        let peer = record.remote
        switch notification.notifyType {
        case .initialContact:
            logger.notice("received INITIAL-CONTACT from \(peer): purging its older SAs")
            purgePeer(except: record)
        case .rUThere:
            guard let sequence = notification.dpdSequenceNumber, let sa = record.sa else { return }
            var data: [UInt8] = []
            for shift in stride(from: 24, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: sequence >> UInt32(shift))) }
            sendProtectedInformational(
                .notification(
                    NotificationPayload(protocolID: .isakmp, notifyType: .rUThereAck, spi: sa.spiBytes, notificationData: data)),
                on: record)
        case .rUThereAck:
            guard let sequence = notification.dpdSequenceNumber, let sa = record.sa else { return }
            // RFC 3706 §5: the ACK echoes our sequence number and carries our cookies (either order accepted).
            let cookies = notification.spi
            let reversed = sa.responderCookie.bytes + sa.initiatorCookie.bytes
            guard record.dpdOutstanding == sequence, cookies == sa.spiBytes || cookies == reversed else {
                logger.info("ignored an R-U-THERE-ACK from \(peer) with sequence \(sequence)")
                return
            }
            record.dpdOutstanding = nil
            record.dpdFailures = 0
            arm(.deadPeerDetection, owner: record.id, after: .seconds(max(1, record.remotePolicy.dpdDelay)))
        case .responderLifetime:
            logger.info("RESPONDER-LIFETIME received from \(peer) outside Quick Mode; ignored")
        default:
            // An error about one of our Quick Modes: the SPI is the one we proposed. A responder that refuses before
            // it has chosen a proposal may send no SPI or zero (charon 5.9); the notify is authenticated by this
            // ISAKMP SA, so it is then taken for our only Quick Mode still waiting for QM2 on it.
            let spi = QuickModeExchange.spi(notification.spi)
            let onThisPhase1 = phase2s.records(with: record.remote.address)
            let waiting = onThisPhase1.filter {
                if $0.phase1ID == record.id, case .initiator = $0.stage { return true }
                return false
            }
            let named = onThisPhase1.first {
                $0.phase1ID == record.id && !$0.isEstablished && spi != nil && spi != 0 && ourProposedSPI($0) == spi
            }
            if isErrorNotify(notification.notifyType),
                let phase2 = named ?? ((spi == nil || spi == 0) && waiting.count == 1 ? waiting.first : nil)
            {
                failPhase2(
                    phase2, error: .noProposalChosen("the peer refused with \(notification.notifyType)"), notifyPeer: false)
                return
            }
            logger.notice("notification \(notification.notifyType) received from \(peer)")
        }
    }

    // MARK: - Delete

    func receiveDelete(_ delete: DeletePayload, on record: Phase1Record) {
        let peer = record.remote
        switch delete.protocolID {
        case .isakmp:
            for spi in delete.spis where spi.count == 16 {
                let initiator = Cookie(rawValue: spi[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                let responder = Cookie(rawValue: spi[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                guard let id = phase1ByCookies[CookiePair(initiator: initiator, responder: responder)],
                    let target = phase1s[id], target.remote.address == peer.address
                else { continue }
                logger.notice("ISAKMP-SA deleted \(target.local)-\(target.remote) spi:\(initiator):\(responder) (the peer deleted it)")
                removePhase1(target, reason: "deleted by the peer")
            }
        case .esp, .ah:
            for bytes in delete.spis {
                guard let spi = QuickModeExchange.spi(bytes) else { continue }
                // The peer names its inbound SPI: our outbound SA.
                guard let phase2 = phase2s.records(with: peer.address).first(where: { $0.negotiated?.peerSPI == spi })
                else {
                    logger.info("DELETE from \(peer) for unknown \(delete.protocolID) SPI \(spiText(spi))")
                    continue
                }
                deletePhase2(phase2, notifyPeer: false, reason: "deleted by the peer")
            }
        default:
            logger.info("ignored a DELETE for \(delete.protocolID) from \(peer)")
        }
    }

    /// INITIAL-CONTACT: the peer rebooted, so every SA with it that was established before this exchange began is
    /// stale (inventory §6.5). SAs of a simultaneous negotiation, established later, are kept.
    func purgePeer(except current: Phase1Record) {
        let peer = current.remote.address
        let cutoff = current.createdAt
        for phase2 in phase2s.records(with: peer)
        where phase2.phase1ID != current.id
            && (phase2.establishedAt.map { $0 < cutoff } ?? false)
        {
            deletePhase2(phase2, notifyPeer: false, reason: "INITIAL-CONTACT")
        }
        for record in phase1s.records(with: peer)
        where record.id != current.id
            && (record.establishedAt.map { $0 < cutoff } ?? false)
        {
            logger.notice("ISAKMP-SA deleted \(record.local)-\(record.remote) spi:\(record.sa?.cookieText ?? "") (INITIAL-CONTACT)")
            removePhase1(record, reason: "INITIAL-CONTACT")
        }
    }

    // MARK: - DPD (RFC 3706)

    func deadPeerDetectionDue(_ record: Phase1Record) {
        guard let sa = record.sa else { return }
        let policy = record.remotePolicy
        if record.dpdOutstanding != nil {
            record.dpdFailures += 1
            if record.dpdFailures >= policy.dpdMaxFail {
                logger.error("DPD: remote \(record.remote) seems to be dead (\(record.dpdFailures) R-U-THERE unanswered)")
                for phase2 in phase2s.records(with: record.remote.address) {
                    if phase2.isEstablished { deletePhase2(phase2, notifyPeer: false, reason: "DPD") }
                }
                removePhase1(record, reason: "dead peer")
                return
            }
        }
        if record.dpdSequence == 0 {
            // RFC 3706 §5: start at a random value; racoon keeps it below 0x0fff so it never wraps.
            record.dpdSequence = ((try? random.uint32()) ?? 1) & 0x0fff | 1
        } else {
            record.dpdSequence &+= 1
        }
        record.dpdOutstanding = record.dpdSequence
        let sequence = record.dpdSequence
        let data = [UInt8(sequence >> 24), UInt8(truncatingIfNeeded: sequence >> 16),
                    UInt8(truncatingIfNeeded: sequence >> 8), UInt8(truncatingIfNeeded: sequence)]
        sendProtectedInformational(
            .notification(NotificationPayload(protocolID: .isakmp, notifyType: .rUThere, spi: sa.spiBytes, notificationData: data)),
            on: record)
        // Until the ACK arrives, probe again every dpd_retry seconds.
        arm(.deadPeerDetection, owner: record.id, after: .seconds(max(1, policy.dpdRetry)))
    }
}
