/// Armed timers ordered by deadline: a binary min-heap with lazy cancellation.
///
/// Arming costs O(log n), disarming O(1) (the heap entry is left behind and skipped when it reaches the top), and
/// finding the earliest deadline amortised O(log n). Ties fire in arming order, so runs are deterministic. The heap
/// is rebuilt when stale entries outnumber the armed timers, so memory stays proportional to what is armed.
///
/// The daemon's scheduler keeps one of these behind a single Dispatch timer (creating and cancelling a Dispatch
/// source per timer costs a wake-up of Dispatch's manager thread each time); test schedulers keep one per run.
public struct TimerQueue<Key: Hashable>: Sendable where Key: Sendable {
    /// One armed timer.
    public struct Entry: Sendable {
        /// The timer.
        public var key: Key
        /// When it is due.
        public var deadline: MonotonicInstant
        /// Arming order: breaks ties and tells a live heap entry from a stale one.
        var order: UInt64
    }

    private var heap: [Entry] = []
    private var armed: [Key: UInt64] = [:]
    private var counter: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// The number of armed timers.
    public var count: Int { armed.count }

    /// Whether no timer is armed.
    public var isEmpty: Bool { armed.isEmpty }

    /// Heap entries held, live and stale: at most about twice `count` (memory accounting, tests).
    public var storedEntryCount: Int { heap.count }

    /// Whether `key` is armed.
    public func isArmed(_ key: Key) -> Bool { armed[key] != nil }

    /// Arms (or re-arms, replacing the earlier deadline) `key` at `deadline`.
    public mutating func arm(_ key: Key, at deadline: MonotonicInstant) {
        counter &+= 1
        armed[key] = counter
        push(Entry(key: key, deadline: deadline, order: counter))
        compactIfMostlyStale()
    }

    /// Cancels `key`; cancelling a timer that is not armed does nothing.
    public mutating func disarm(_ key: Key) {
        armed[key] = nil
        compactIfMostlyStale()
    }

    /// Cancels every timer.
    public mutating func removeAll() {
        heap.removeAll()
        armed.removeAll()
    }

    /// The earliest armed timer, without removing it.
    public mutating func earliest() -> Entry? {
        dropStaleTop()
        return heap.first
    }

    /// Removes and returns the earliest timer due at or before `limit`.
    public mutating func popDue(notAfter limit: MonotonicInstant) -> Entry? {
        guard let first = earliest(), first.deadline <= limit else { return nil }
        armed[first.key] = nil
        popTop()
        compactIfMostlyStale()
        return first
    }

    /// Every armed timer, earliest first (ties in arming order). O(n log n): for tests and status output.
    public var pending: [Entry] {
        heap.filter(isLive).sorted(by: Self.precedes)
    }

    // MARK: - The heap

    private func isLive(_ entry: Entry) -> Bool { armed[entry.key] == entry.order }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        (a.deadline, a.order) < (b.deadline, b.order)
    }

    private mutating func dropStaleTop() {
        while let top = heap.first, !isLive(top) { popTop() }
    }

    private mutating func compactIfMostlyStale() {
        guard heap.count > 64, heap.count > 2 * armed.count else { return }
        heap = heap.filter(isLive)
        guard heap.count > 1 else { return }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(from: index) }
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(from: 0) }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            let right = left + 1
            if right < heap.count, Self.precedes(heap[right], heap[left]) { smallest = right }
            guard Self.precedes(heap[smallest], heap[parent]) else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
