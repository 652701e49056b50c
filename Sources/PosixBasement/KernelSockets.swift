internal import Glibc

/// The datagram sockets one kernel channel owns (PF_KEY's one socket, RFC 2367 §3; XFRM netlink's request and event
/// sockets, netlink(7)) and the one buffer they are read through.
///
/// The descriptors are closed exactly once, by `close()` or when the owner goes away: closing one twice could close
/// a descriptor another part of the process has been given since. Every call after `close()` fails with EBADF.
package final class KernelSockets {
    /// The descriptors, for the event loop's read sources. Valid until `close()`.
    package let descriptors: [Int32]
    /// False once `close()` has run.
    package private(set) var isOpen = true
    private let buffer: ReceiveBuffer

    /// What one receive gave: a whole datagram, or the length of one larger than the buffer (it was dropped).
    package enum Datagram: Equatable {
        case bytes([UInt8])
        case tooLarge(length: Int)
    }

    /// Takes ownership of `descriptors`; datagrams up to `receiveBufferSize` bytes are received whole.
    package init(_ descriptors: [Int32], receiveBufferSize: Int) {
        self.descriptors = descriptors
        buffer = ReceiveBuffer(byteCount: receiveBufferSize)
    }

    deinit {
        close()
    }

    /// The longest datagram received whole.
    package var receiveBufferSize: Int { buffer.count }

    /// Closes every descriptor, once.
    package func close() {
        guard isOpen else { return }
        isOpen = false
        for fd in descriptors { Posix.close(fd) }
    }

    /// Sends one datagram on `fd`, which the kernel takes whole or not at all; false when the socket would block.
    package func send(_ bytes: [UInt8], on fd: Int32) throws(SystemCallError) -> Bool {
        try requireOpen("send")
        return try Posix.send(fd, bytes) != nil
    }

    /// Receives one datagram from `fd` (copied out, the buffer's copy wiped); nil when none is waiting.
    package func receive(from fd: Int32) throws(SystemCallError) -> Datagram? {
        try requireOpen("recv")
        guard let length = try buffer.receive(from: fd) else { return nil }
        // MSG_TRUNC gave the real length; a datagram longer than the buffer cannot be whole.
        guard let bytes = buffer.take(length) else { return .tooLarge(length: length) }
        return .bytes(bytes)
    }

    /// Waits up to `timeout` for any descriptor to become readable; false on timeout.
    package func waitReadable(timeout: Duration) throws(SystemCallError) -> Bool {
        try requireOpen("poll")
        return try Posix.waitReadable(descriptors, milliseconds: Posix.milliseconds(timeout))
    }

    private func requireOpen(_ call: String) throws(SystemCallError) {
        guard isOpen else { throw SystemCallError(call: call, errno: EBADF) }
    }
}
