/// Kernel inputs waiting to be handed out, first in first out. Reading advances a head index and an emptied queue
/// drops its elements but keeps its storage, so a steady flow of messages allocates nothing.
package struct KernelInputQueue {
    private var items: [KernelInput] = []
    private var head = 0

    package init() {}

    /// The number of inputs waiting.
    package var count: Int { items.count - head }

    package mutating func append(_ input: KernelInput) { items.append(input) }

    /// The oldest waiting input, or nil.
    package mutating func popFirst() -> KernelInput? {
        guard head < items.count else { return nil }
        let input = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return input
    }
}
