/// Handles in arrival order, oldest first, for a "drop the oldest" policy.
///
/// Entries are never removed from the middle: a caller skips handles that no longer qualify as it pops them. The
/// queue is compacted when its consumed prefix dominates, and `prune` lets the owner drop entries that will never
/// qualify again, so memory stays proportional to the live candidates.
struct EvictionQueue {
    private var handles: [UInt64] = []
    private var head = 0

    /// The number of entries not yet popped (some may no longer qualify).
    var count: Int { handles.count - head }

    /// Adds `handle` as the newest entry.
    mutating func append(_ handle: UInt64) {
        handles.append(handle)
    }

    /// Removes and returns the oldest entry.
    mutating func popOldest() -> UInt64? {
        guard head < handles.count else { return nil }
        let handle = handles[head]
        head += 1
        if head >= 64, head * 2 >= handles.count {
            handles.removeFirst(head)
            head = 0
        }
        return handle
    }

    /// Keeps only the entries for which `qualifies` holds, in order.
    mutating func prune(keeping qualifies: (UInt64) -> Bool) {
        handles = handles[head...].filter(qualifies)
        head = 0
    }
}
