internal import ISAKMP
internal import Logging

extension IKEEngine {
    // MARK: - Rate-limited refusal log (CVE-2008-3652 class: a flood must not flood the log either)

    /// Logs a refused first message, at most once per refusal kind per second of the engine's clock.
    func logRefusal(_ refusal: HalfOpenRefusal, exchangeType: ExchangeType, peer: Endpoint) {
        guard refusalLog.admit(refusal.kind, at: now) == .log else { return }
        logger.warning("dropped a \(exchangeType) request from \(peer): \(refusal)")
    }

    /// Logs how many refusal lines the last interval held back, once it is over (at the first event after it).
    func logSuppressedRefusals() {
        for summary in refusalLog.dueSummaries(at: now) {
            let what = summary.kind == .overall
                ? "first messages at the full half-open table"
                : "phase-1 requests dropped at the per-peer half-open limit"
            logger.warning("suppressed \(summary.count) similar lines (\(what)) in the \(refusalLog.interval) from \(summary.since)")
        }
    }
}
