internal import ISAKMP
internal import Logging

extension InformationalExchange {
    func receiveNotification(_ notification: NotificationPayload, on record: Phase1Record) {
        let peer = record.remote
        switch notification.notifyType {
        case .initialContact:
            context.logger.notice("received INITIAL-CONTACT from \(peer): purging its older SAs")
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
                context.logger.info("ignored an R-U-THERE-ACK from \(peer) with sequence \(sequence)")
                return
            }
            record.dpdOutstanding = nil
            record.dpdFailures = 0
            context.timers.deadPeerDetectionDue(record, after: .seconds(max(1, record.remotePolicy.dpdDelay)))
        case .responderLifetime:
            context.logger.info("RESPONDER-LIFETIME received from \(peer) outside Quick Mode; ignored")
        default:
            // An error about one of our Quick Modes: the SPI is the one we proposed. A responder that refuses before
            // it has chosen a proposal may send no SPI or zero (charon 5.9); the notify is authenticated by this
            // ISAKMP SA, so it is then taken for our only Quick Mode still waiting for QM2 on it.
            let spi = QuickModeExchange.spi(notification.spi)
            let onThisPhase1 = context.phase2s.records(with: record.remote.address)
            let waiting = onThisPhase1.filter {
                if $0.phase1ID == record.id, case .initiator = $0.stage { return true }
                return false
            }
            let named = onThisPhase1.first {
                $0.phase1ID == record.id && !$0.isEstablished && spi != nil && spi != 0 && context.quickMode.ourProposedSPI($0) == spi
            }
            if isErrorNotify(notification.notifyType),
                let phase2 = named ?? ((spi == nil || spi == 0) && waiting.count == 1 ? waiting.first : nil)
            {
                context.quickMode.failPhase2(
                    phase2, error: .noProposalChosen("the peer refused with \(notification.notifyType)"), notifyPeer: false)
                return
            }
            context.logger.notice("notification \(notification.notifyType) received from \(peer)")
        }
    }

    func receiveDelete(_ delete: DeletePayload, on record: Phase1Record) {
        let peer = record.remote
        switch delete.protocolID {
        case .isakmp:
            for spi in delete.spis where spi.count == 16 {
                let initiator = Cookie(rawValue: spi[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                let responder = Cookie(rawValue: spi[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                guard let id = context.phase1ByCookies[CookiePair(initiator: initiator, responder: responder)],
                    let target = context.phase1s[id], target.remote.address == peer.address
                else { continue }
                context.logger.notice("ISAKMP-SA deleted \(target.local)-\(target.remote) spi:\(initiator):\(responder) (the peer deleted it)")
                context.phase1.removePhase1(target, reason: "deleted by the peer")
            }
        case .esp, .ah:
            for bytes in delete.spis {
                guard let spi = QuickModeExchange.spi(bytes) else { continue }
                // The peer names its inbound SPI, our outbound SA (racoon, charon); an SPI of ours (the peer's
                // outbound SA) names the same pair. Expired pairs are still on file, so a late DELETE finds them.
                let records = context.phase2s.records(with: peer.address)
                guard let phase2 = records.first(where: { $0.negotiated?.peerSPI == spi })
                    ?? records.first(where: { $0.negotiated?.ourSPI == spi })
                else {
                    context.logger.info("DELETE from \(peer) for unknown \(delete.protocolID) SPI \(spiText(spi))")
                    continue
                }
                context.quickMode.deletePhase2(phase2, notifyPeer: false, reason: "deleted by the peer")
            }
        default:
            context.logger.info("ignored a DELETE for \(delete.protocolID) from \(peer)")
        }
    }

    /// INITIAL-CONTACT: the peer rebooted, so every SA with it that was established before this exchange began is
    /// stale (inventory §6.5). SAs of a simultaneous negotiation, established later, are kept.
    func purgePeer(except current: Phase1Record) {
        let peer = current.remote.address
        let cutoff = current.createdAt
        for phase2 in context.phase2s.records(with: peer)
        where phase2.phase1ID != current.id
            && (phase2.establishedAt.map { $0 < cutoff } ?? false)
        {
            context.quickMode.deletePhase2(phase2, notifyPeer: false, reason: "INITIAL-CONTACT")
        }
        for record in context.phase1s.records(with: peer)
        where record.id != current.id
            && (record.establishedAt.map { $0 < cutoff } ?? false)
        {
            context.logger.notice("ISAKMP-SA deleted \(record.local)-\(record.remote) spi:\(record.sa?.cookieText ?? "") (INITIAL-CONTACT)")
            context.phase1.removePhase1(record, reason: "INITIAL-CONTACT")
        }
    }
}
