internal import RaccoonCore
internal import Dispatch

/// A non-Sendable value confined to one serial `DispatchQueue` (apple/swift-nio's `NIOLoopBound` over Dispatch).
///
/// `DispatchSerialQueue` does not exist on Linux, so there is no queue-backed actor; instead every access checks
/// that it runs on the loop's queue, and the box may cross `@Sendable` closure boundaries because its contents
/// are only ever touched there. A wrong-queue access is our own bug and stops the process.
public struct LoopBound<Value>: @unchecked Sendable {
    private let queue: DispatchQueue
    private let box: Box

    private final class Box {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Wraps `value`, which from now on lives on `loop`. Must be called on the loop's queue, or before the loop
    /// starts (the value is then handed over and never touched elsewhere).
    public init(_ value: Value, loop: EventLoop) {
        self.queue = loop.queue
        self.box = Box(value)
    }

    /// The value; only on the loop's queue.
    public var value: Value {
        get {
            dispatchPrecondition(condition: .onQueue(queue))
            return box.value
        }
        nonmutating set {
            dispatchPrecondition(condition: .onQueue(queue))
            box.value = newValue
        }
    }

    /// Runs `body` with in-place access to the value; only on the loop's queue.
    public func withValue<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        dispatchPrecondition(condition: .onQueue(queue))
        return try body(&box.value)
    }
}
