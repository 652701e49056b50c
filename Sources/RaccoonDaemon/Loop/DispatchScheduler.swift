public import RaccoonCore
internal import Dispatch

/// The real timer seam: the engine's `TimerID`s in a `TimerQueue`, behind one `DispatchSourceTimer` set for the
/// earliest deadline. The Dispatch counterpart of RaccoonTestSupport's `ManualScheduler`.
///
/// One source for all timers, not one per timer: creating, resuming and cancelling a Dispatch source each wakes
/// Dispatch's manager thread, which cost about a sixth of the responder's CPU in a profile of the benchmark. Here
/// arming touches Dispatch only when the new deadline is the earliest, and disarming never does (the source may
/// then fire with nothing due, and is set for the next deadline).
///
/// Re-arming a timer replaces it; a timer fires at most once per arming. Confined to the loop (not Sendable).
public final class DispatchScheduler {
    private let loop: EventLoop
    private let clock: () -> MonotonicInstant
    private var queue = TimerQueue<TimerID>()
    private var source: (any DispatchSourceTimer)?
    /// The deadline the source is set for, nil when it is set for none.
    private var scheduled: MonotonicInstant?
    /// Set while due timers run; their arms wait for the source to be set once afterwards.
    private var isFiring = false
    /// Called on the loop when an armed timer is due.
    private let onFire: @Sendable (TimerID) -> Void

    /// A scheduler on `loop`; `onFire` runs on the loop for every due timer. `clock` gives "now" (tests may
    /// substitute it).
    public init(
        loop: EventLoop, clock: @escaping () -> MonotonicInstant = MonotonicClock.now,
        onFire: @escaping @Sendable (TimerID) -> Void
    ) {
        self.loop = loop
        self.clock = clock
        self.onFire = onFire
    }

    deinit {
        source?.cancel()
    }

    /// The number of armed timers.
    public var armedCount: Int { queue.count }

    /// Whether `timer` is armed.
    public func isArmed(_ timer: TimerID) -> Bool { queue.isArmed(timer) }

    /// Arms (or re-arms) `timer` to fire at `deadline` on the monotonic clock.
    public func arm(_ timer: TimerID, at deadline: MonotonicInstant) {
        loop.preconditionInLoop()
        queue.arm(timer, at: deadline)
        if !isFiring, scheduled.map({ deadline < $0 }) ?? true { setSource(for: deadline) }
    }

    /// Cancels `timer`; cancelling one that is not armed does nothing.
    public func disarm(_ timer: TimerID) {
        loop.preconditionInLoop()
        queue.disarm(timer)
    }

    /// Cancels every timer.
    public func disarmAll() {
        loop.preconditionInLoop()
        queue.removeAll()
    }

    /// The source fired: run every timer now due, earliest first, then set the source for the next one. A timer
    /// the engine disarms while an earlier one runs does not fire.
    private func fire() {
        scheduled = nil
        isFiring = true
        let now = clock()
        while let due = queue.popDue(notAfter: now) { onFire(due.key) }
        isFiring = false
        if let next = queue.earliest() { setSource(for: next.deadline) }
    }

    private func setSource(for deadline: MonotonicInstant) {
        let timer: any DispatchSourceTimer
        if let source {
            timer = source
        } else {
            let fired = LoopBound(self, loop: loop)
            timer = loop.makeTimer { @Sendable in fired.value.fire() }
            source = timer
        }
        loop.schedule(timer, after: deadline.duration(since: clock()))
        scheduled = deadline
    }
}
