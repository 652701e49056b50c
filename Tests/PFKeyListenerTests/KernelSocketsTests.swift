import Glibc
import Testing
@testable import PFKeyListener
import PosixBasement

/// `KernelSockets`, the descriptor owner `PFKeySocket` and `XFRMSocket` share, over a Unix datagram socket pair
/// (the same datagram semantics as PF_KEY and netlink: a message is taken whole, MSG_TRUNC gives its length).
@Suite struct KernelSocketsTests {
    /// A connected pair of non-blocking datagram sockets.
    private func pair() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        try #require(socketpair(AF_UNIX, type, 0, &fds) == 0)
        return (fds[0], fds[1])
    }

    @Test func datagramsArriveWholeAndOversizedOnesAreReportedByLength() throws {
        let (a, b) = try pair()
        let sender = KernelSockets([a], receiveBufferSize: 64)
        let receiver = KernelSockets([b], receiveBufferSize: 8)
        #expect(try receiver.receiveDatagram(from: b) == nil)
        #expect(try !receiver.waitUntilReadable(timeout: .zero))
        try sender.sendMessage([1, 2, 3], on: a)
        #expect(try receiver.waitUntilReadable(timeout: .seconds(1)))
        #expect(try receiver.receiveDatagram(from: b) == .bytes([1, 2, 3]))
        try sender.sendMessage(Array(repeating: 7, count: 20), on: a)
        #expect(try receiver.receiveDatagram(from: b) == .tooLarge(length: 20))
        #expect(receiver.receiveBufferSize == 8)
    }

    @Test func closeReleasesTheDescriptorsOnceAndLaterCallsAreClosed() throws {
        let (a, b) = try pair()
        let sockets = KernelSockets([a, b], receiveBufferSize: 16)
        sockets.close()
        #expect(!sockets.isOpen)
        #expect(fcntl(a, F_GETFD) == -1 && fcntl(b, F_GETFD) == -1)
        sockets.close()
        #expect(throws: PFKeyError.closed) { try sockets.sendMessage([0], on: a) }
        #expect(throws: PFKeyError.closed) { _ = try sockets.receiveDatagram(from: b) }
        #expect(throws: PFKeyError.closed) { _ = try sockets.waitUntilReadable(timeout: .zero) }
        #expect(throws: SystemCallError(call: "send", errno: EBADF)) { _ = try sockets.send([0], on: a) }
    }

    @Test func theOwnerClosesItsDescriptorsWhenItGoesAway() throws {
        let (a, b) = try pair()
        do { _ = KernelSockets([a, b], receiveBufferSize: 16) }
        #expect(fcntl(a, F_GETFD) == -1 && fcntl(b, F_GETFD) == -1)
    }

    @Test func aFullSocketIsAnOverrun() throws {
        let (a, b) = try pair()
        let sockets = KernelSockets([a, b], receiveBufferSize: 16)
        // Nobody reads b: the sender's queue fills, and a datagram that would block is PF_KEY's overrun.
        var error: PFKeyError?
        for _ in 0..<100_000 where error == nil {
            do { try sockets.sendMessage(Array(repeating: 0, count: 1024), on: a) } catch let failure { error = failure }
        }
        #expect(error == .overrun)
    }
}
