import Testing
@testable import PFKeyListener

/// `FIFOQueue`, the queue of kernel sessions, XFRM sockets and the in-memory `FakeKernel`.
@Suite struct FIFOQueueTests {
    @Test func elementsComeOutInOrderAcrossRefills() {
        var queue = FIFOQueue<Int>()
        #expect(queue.popFirst() == nil)
        queue.append(1)
        queue.append(2)
        #expect(queue.count == 2)
        #expect(queue.popFirst() == 1)
        queue.append(3)
        #expect(queue.popFirst() == 2)
        #expect(queue.popFirst() == 3)
        #expect(queue.count == 0 && queue.popFirst() == nil)
        queue.append(4)
        #expect(queue.count == 1 && queue.popFirst() == 4)
    }
}
