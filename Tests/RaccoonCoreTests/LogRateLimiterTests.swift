import Testing

@testable import RaccoonCore

@Suite struct LogRateLimiterTests {
    typealias Limiter = LogRateLimiter<UnsolicitedDrop>
    let t0 = MonotonicInstant.seconds(100)

    @Test func oneLinePerKindPerIntervalThenASummary() {
        var limiter = Limiter(interval: .seconds(1))
        #expect(limiter.dueSummaries(at: t0).isEmpty)
        #expect(limiter.admit(.halfOpenTableFull, at: t0) == .log)
        for step in 1...9 {
            #expect(limiter.admit(.halfOpenTableFull, at: t0 + .milliseconds(100 * step)) == .suppress)
        }
        #expect(limiter.suppressedCount(.halfOpenTableFull) == 9)
        // The interval is half-open: [t0, t0 + 1 s).
        #expect(limiter.dueSummaries(at: t0 + .milliseconds(999)).isEmpty)
        #expect(limiter.dueSummaries(at: t0 + .seconds(1)) == [.init(kind: .halfOpenTableFull, count: 9, since: t0)])
        // Reported once; the next line opens a new interval.
        #expect(limiter.dueSummaries(at: t0 + .seconds(1)).isEmpty)
        #expect(limiter.admit(.halfOpenTableFull, at: t0 + .seconds(1)) == .log)
    }

    @Test func kindsAreLimitedSeparately() {
        var limiter = Limiter(interval: .seconds(1))
        #expect(limiter.admit(.halfOpenTableFull, at: t0) == .log)
        #expect(limiter.admit(.halfOpenPerPeer, at: t0) == .log)
        #expect(limiter.admit(.halfOpenPerPeer, at: t0) == .suppress)
        #expect(limiter.admit(.halfOpenTableFull, at: t0 + .milliseconds(500)) == .suppress)
        #expect(limiter.admit(.halfOpenTableFull, at: t0 + .milliseconds(600)) == .suppress)
        #expect(
            limiter.dueSummaries(at: t0 + .seconds(5)) == [
                .init(kind: .halfOpenTableFull, count: 2, since: t0), .init(kind: .halfOpenPerPeer, count: 1, since: t0),
            ])
    }

    @Test func anIntervalWithoutSuppressedLinesHasNoSummary() {
        var limiter = Limiter(interval: .seconds(1))
        #expect(limiter.admit(.halfOpenTableFull, at: t0) == .log)
        #expect(limiter.dueSummaries(at: t0 + .seconds(2)).isEmpty)
        #expect(limiter.admit(.halfOpenTableFull, at: t0 + .seconds(2)) == .log)
        // A line exactly one interval after the last logged one is logged again.
        #expect(limiter.admit(.halfOpenTableFull, at: t0 + .seconds(3)) == .log)
        #expect(limiter.suppressedCount(.halfOpenTableFull) == 0)
    }
}
