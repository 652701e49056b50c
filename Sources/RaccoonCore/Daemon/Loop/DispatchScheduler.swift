internal import Dispatch

/// The real timer seam: arms the engine's `TimerID`s as one-shot `DispatchSourceTimer`s on the loop, the
/// Dispatch counterpart of RaccoonTestSupport's `ManualScheduler`.
///
/// Re-arming a timer replaces it; a timer fires at most once per arming. Confined to the loop (not Sendable).
public final class DispatchScheduler {
    private let loop: EventLoop
    private let clock: () -> MonotonicInstant
    private var timers: [TimerID: any DispatchSourceTimer] = [:]
    private var generation: UInt64 = 0
    private var generations: [TimerID: UInt64] = [:]
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
        for source in timers.values { source.cancel() }
    }

    /// The number of armed timers.
    public var armedCount: Int { timers.count }

    /// Whether `timer` is armed.
    public func isArmed(_ timer: TimerID) -> Bool { timers[timer] != nil }

    /// Arms (or re-arms) `timer` to fire at `deadline` on the monotonic clock.
    public func arm(_ timer: TimerID, at deadline: MonotonicInstant) {
        loop.preconditionInLoop()
        timers.removeValue(forKey: timer)?.cancel()
        generation &+= 1
        let mine = generation
        generations[timer] = mine
        let fired = LoopBound(self, loop: loop)
        let source = loop.makeTimer(after: deadline.duration(since: clock())) { @Sendable in
            fired.value.fire(timer, generation: mine)
        }
        timers[timer] = source
    }

    /// Cancels `timer`; cancelling one that is not armed does nothing.
    public func disarm(_ timer: TimerID) {
        loop.preconditionInLoop()
        timers.removeValue(forKey: timer)?.cancel()
        generations[timer] = nil
    }

    /// Cancels every timer.
    public func disarmAll() {
        loop.preconditionInLoop()
        for source in timers.values { source.cancel() }
        timers.removeAll()
        generations.removeAll()
    }

    private func fire(_ timer: TimerID, generation: UInt64) {
        // A cancelled source may still deliver a handler already queued; only the current arming counts.
        guard generations[timer] == generation else { return }
        timers.removeValue(forKey: timer)?.cancel()
        generations[timer] = nil
        onFire(timer)
    }
}
