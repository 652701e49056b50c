internal import ISAKMP
internal import Logging

/// Dead Peer Detection (RFC 3706): R-U-THERE probes on an idle ISAKMP SA, and the verdict when they go unanswered.
struct DeadPeerDetection {
    let context: EngineContext
}

extension DeadPeerDetection {
    func deadPeerDetectionDue(_ record: Phase1Record) {
        guard let sa = record.sa else { return }
        let policy = record.remotePolicy
        if record.dpdOutstanding != nil {
            record.dpdFailures += 1
            if record.dpdFailures >= policy.dpdMaxFail {
                context.logger.error("DPD: remote \(record.remote) seems to be dead (\(record.dpdFailures) R-U-THERE unanswered)")
                for phase2 in context.phase2s.records(with: record.remote.address) {
                    if phase2.isEstablished { context.quickMode.deletePhase2(phase2, notifyPeer: false, reason: "DPD") }
                }
                context.phase1.removePhase1(record, reason: "dead peer")
                return
            }
        }
        if record.dpdSequence == 0 {
            // RFC 3706 §5: start at a random value; racoon keeps it below 0x0fff so it never wraps.
            record.dpdSequence = ((try? context.random.uint32()) ?? 1) & 0x0fff | 1
        } else {
            record.dpdSequence &+= 1
        }
        record.dpdOutstanding = record.dpdSequence
        let sequence = record.dpdSequence
        let data = [UInt8(sequence >> 24), UInt8(truncatingIfNeeded: sequence >> 16),
                    UInt8(truncatingIfNeeded: sequence >> 8), UInt8(truncatingIfNeeded: sequence)]
        context.informational.sendProtectedInformational(
            .notification(NotificationPayload(protocolID: .isakmp, notifyType: .rUThere, spi: sa.spiBytes, notificationData: data)),
            on: record)
        // Until the ACK arrives, probe again every dpd_retry seconds.
        context.timers.deadPeerDetectionDue(record, after: .seconds(max(1, policy.dpdRetry)))
    }
}
