/// Kernel messages waiting to be handed out, first in first out: a channel's or session's `KernelInput`s, or the
/// encoded replies of an in-memory kernel. Reading advances a head index and an emptied queue drops its elements
/// but keeps its storage, so a steady flow of messages allocates nothing.
package struct FIFOQueue<Element> {
    private var items: [Element] = []
    private var head = 0

    package init() {}

    /// The number of elements waiting.
    package var count: Int { items.count - head }

    package mutating func append(_ element: Element) { items.append(element) }

    /// The oldest waiting element, or nil.
    package mutating func popFirst() -> Element? {
        guard head < items.count else { return nil }
        let element = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return element
    }
}
