internal import ISAKMP
internal import Logging

extension EngineContext {
    /// Logs a line about an unsolicited datagram at `level`, at most once per kind per second of the engine's clock.
    /// Lines held back are still logged at debug level, so `log debug;` loses nothing. Returns whether the line
    /// went out at `level`.
    @discardableResult
    func logUnsolicited(
        _ kind: UnsolicitedDrop, level: Logger.Level = .info, _ message: @autoclosure () -> String
    ) -> Bool {
        guard unsolicitedLog.admit(kind, at: now) == .log else {
            logger.debug("\(message())")
            return false
        }
        logger.log(level: level, "\(message())")
        return true
    }

    /// Logs how many lines the last interval held back, once it is over (at the first event after it).
    func logSuppressedUnsolicited() {
        for summary in unsolicitedLog.dueSummaries(at: now) {
            logger.warning("suppressed \(summary.count) similar lines (\(summary.kind.summaryText)) in the \(unsolicitedLog.interval) from \(summary.since)")
        }
    }
}
