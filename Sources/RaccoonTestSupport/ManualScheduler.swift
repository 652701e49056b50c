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
        /// Arming order, to break ties.
        var order: UInt64
    }

    /// The current time.
    public private(set) var now: MonotonicInstant
    private var armed: [Key: Entry] = [:]
    private var counter: UInt64 = 0

    private struct Key: Hashable {
        var node: Int
        var timer: TimerID
    }

    /// A scheduler whose clock starts at `start`.
    public init(start: MonotonicInstant = .seconds(1000)) {
        self.now = start
    }

    /// Arms (or re-arms) `timer` for `node` at `deadline`.
    public mutating func arm(_ timer: TimerID, at deadline: MonotonicInstant, node: Int) {
        counter += 1
        armed[Key(node: node, timer: timer)] = Entry(node: node, timer: timer, deadline: deadline, order: counter)
    }

    /// Cancels `timer` for `node`; cancelling a timer that is not armed does nothing.
    public mutating func disarm(_ timer: TimerID, node: Int) {
        armed[Key(node: node, timer: timer)] = nil
    }

    /// The armed timers, earliest first.
    public var pending: [Entry] {
        armed.values.sorted { ($0.deadline, $0.order) < ($1.deadline, $1.order) }
    }

    /// Whether `timer` is armed for `node`.
    public func isArmed(_ timer: TimerID, node: Int) -> Bool { armed[Key(node: node, timer: timer)] != nil }

    /// Removes and returns the earliest timer due at or before `limit`, moving the clock to its deadline.
    public mutating func popDue(notAfter limit: MonotonicInstant) -> Entry? {
        // A linear scan, not `pending` (a sort per fire made floods of thousands of timers quadratic).
        let first = armed.values.min { ($0.deadline, $0.order) < ($1.deadline, $1.order) }
        guard let first, first.deadline <= limit else { return nil }
        armed[Key(node: first.node, timer: first.timer)] = nil
        if first.deadline > now { now = first.deadline }
        return first
    }

    /// Moves the clock to `instant` (never backwards) without firing anything.
    public mutating func setNow(_ instant: MonotonicInstant) {
        if instant > now { now = instant }
    }
}
