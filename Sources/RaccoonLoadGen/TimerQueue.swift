internal import RaccoonCore

/// The engines' timers, earliest first (a binary min-heap).
///
/// Disarming is lazy: the engine ignores a fire for a timer it has since disarmed or re-armed, so a stale entry
/// costs one call; entries of finished hosts are dropped when they come due.
struct TimerQueue {
    struct Entry {
        var deadline: MonotonicInstant
        var host: Int
        var timer: TimerID
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextDeadline: MonotonicInstant? { heap.first?.deadline }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest entry due at `now`, removed; nil when none is due.
    mutating func popDue(at now: MonotonicInstant) -> Entry? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
                if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
