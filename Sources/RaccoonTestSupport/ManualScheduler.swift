public import RaccoonCore

/// A manual clock and timer wheel for engine tests: nothing happens until the test advances time.
///
/// Timers are kept per node (an index the test chooses, one per engine). `advance(to:)` returns the due timers in
/// time order, earliest first, ties in arming order, so runs are deterministic.
public struct ManualScheduler: Sendable {
    /// One armed timer.
    public struct Entry: Hashable, Sendable {
        /// The node (engine) that armed it.
        public var node: Int
        /// The timer.
        public var timer: TimerID
        /// When it is due.
        public var deadline: MonotonicInstant
    }

    /// The current time.
    public private(set) var now: MonotonicInstant
    private var queue = TimerQueue<Key>()

    private struct Key: Hashable, Sendable {
        var node: Int
        var timer: TimerID
    }

    /// A scheduler whose clock starts at `start`.
    public init(start: MonotonicInstant = .seconds(1000)) {
        self.now = start
    }

    /// Arms (or re-arms) `timer` for `node` at `deadline`.
    public mutating func arm(_ timer: TimerID, at deadline: MonotonicInstant, node: Int) {
        queue.arm(Key(node: node, timer: timer), at: deadline)
    }

    /// Cancels `timer` for `node`; cancelling a timer that is not armed does nothing.
    public mutating func disarm(_ timer: TimerID, node: Int) {
        queue.disarm(Key(node: node, timer: timer))
    }

    /// The armed timers, earliest first.
    public var pending: [Entry] {
        queue.pending.map { Entry(node: $0.key.node, timer: $0.key.timer, deadline: $0.deadline) }
    }

    /// Whether `timer` is armed for `node`.
    public func isArmed(_ timer: TimerID, node: Int) -> Bool { queue.isArmed(Key(node: node, timer: timer)) }

    /// Removes and returns the earliest timer due at or before `limit`, moving the clock to its deadline.
    public mutating func popDue(notAfter limit: MonotonicInstant) -> Entry? {
        guard let first = queue.popDue(notAfter: limit) else { return nil }
        if first.deadline > now { now = first.deadline }
        return Entry(node: first.key.node, timer: first.key.timer, deadline: first.deadline)
    }

    /// Moves the clock to `instant` (never backwards) without firing anything.
    public mutating func setNow(_ instant: MonotonicInstant) {
        if instant > now { now = instant }
    }
}
