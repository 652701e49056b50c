internal import RaccoonCore
public import Dispatch

/// The daemon's event loop: one serial `DispatchQueue` on which every handler runs, so handlers never run
/// concurrently and need no locks (style §3.5).
///
/// Sources are created here, in nonisolated code: a Dispatch handler closure formed in a `@MainActor` context
/// (top-level code, `@main`'s `main()`) inherits MainActor isolation and traps at run time when it runs on this
/// queue (SE-0423). Every handler is therefore `@Sendable` and built inside these methods.
public final class EventLoop: Sendable {
    /// The serial queue.
    public let queue: DispatchQueue

    /// A loop with a new serial queue named `label`.
    public init(label: String = "raccoon.loop") {
        queue = DispatchQueue(label: label)
    }

    /// Whether the caller runs on the loop's queue.
    public func preconditionInLoop() {
        dispatchPrecondition(condition: .onQueue(queue))
    }

    /// A read source for `fd`: `handler` runs on the loop whenever the descriptor is readable (it must drain it
    /// until "would block"). The source is resumed; cancel it before closing the descriptor.
    public func makeReadSource(fileDescriptor fd: Int32, handler: @escaping @Sendable () -> Void) -> any DispatchSourceRead {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }

    /// A signal source: `handler` runs on the loop when `signal` arrives. The signal must already be blocked in
    /// every thread (`SignalMask.blockDaemonSignals()`), or its default action may kill the process first.
    public func makeSignalSource(signal: Int32, handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }

    /// A timer source that runs `handler` on the loop; it is resumed but set for no time until `schedule(_:after:)`.
    public func makeTimer(handler: @escaping @Sendable () -> Void) -> any DispatchSourceTimer {
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .distantFuture)
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }

    /// Sets `timer` to fire once, `delay` from now (a zero or negative delay fires at once), replacing any earlier
    /// setting.
    public func schedule(_ timer: any DispatchSourceTimer, after delay: Duration) {
        let (seconds, attoseconds) = delay.components
        let nanoseconds = max(0, seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)), leeway: .milliseconds(1))
    }

    /// Runs `body` on the loop, later.
    public func execute(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }
}
