/// Holds back repeated log lines of one kind: at most one line per kind per `interval`, and a summary of how many
/// were held back ("suppressed N similar lines") once that interval is over.
///
/// A flood of spoofed first messages (the CVE-2008-3652 class) must not become a flood of log lines. The limiter is
/// sans-I/O like the engine: every call carries the engine's notion of time (the event's `MonotonicInstant`); it
/// arms no timer, so a summary is due at the first event after its interval, whatever that event is.
struct LogRateLimiter<Kind: Hashable & Comparable>: Sendable where Kind: Sendable {
    /// What to do with one line.
    enum Decision: Equatable {
        /// Log it.
        case log
        /// Drop it (counted for the summary).
        case suppress
    }

    /// A summary to log: `count` lines of `kind` were suppressed in the interval that began at `since`.
    struct Summary: Equatable {
        var kind: Kind
        var count: Int
        var since: MonotonicInstant
    }

    private struct Window {
        var start: MonotonicInstant
        var suppressed: Int
    }

    /// The shortest time between two logged lines of one kind.
    let interval: Duration
    private var windows: [Kind: Window] = [:]

    /// A limiter allowing one line per kind per `interval`.
    init(interval: Duration) {
        self.interval = interval
    }

    /// Whether a line of `kind` at `now` is logged. Call ``dueSummaries(at:)`` first, so that the summary of the
    /// previous interval comes before the line that opens the next one.
    mutating func admit(_ kind: Kind, at now: MonotonicInstant) -> Decision {
        if var window = windows[kind], now < window.start + interval {
            window.suppressed += 1
            windows[kind] = window
            return .suppress
        }
        windows[kind] = Window(start: now, suppressed: 0)
        return .log
    }

    /// The summaries of intervals that ended by `now` and held lines back, in kind order; their kinds start afresh.
    mutating func dueSummaries(at now: MonotonicInstant) -> [Summary] {
        guard !windows.isEmpty else { return [] }
        var summaries: [Summary] = []
        for (kind, window) in windows where now >= window.start + interval {
            if window.suppressed > 0 { summaries.append(Summary(kind: kind, count: window.suppressed, since: window.start)) }
            windows[kind] = nil
        }
        return summaries.sorted { $0.kind < $1.kind }
    }

    /// The number of lines of `kind` held back in the current interval.
    func suppressedCount(_ kind: Kind) -> Int { windows[kind]?.suppressed ?? 0 }
}
