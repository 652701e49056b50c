internal import Glibc

/// The one place Raccoon calls into libc for descriptor I/O (apple/swift-nio's `Posix` basement): the kernel
/// interfaces (PF_KEY, XFRM netlink), the daemon's sockets and the admin socket on both ends. Every call retries
/// `EINTR`, reads `errno` immediately after the call, before anything else can change it, maps `EAGAIN` to nil
/// ("would block") and throws every other failure as a `SystemCallError`.
package enum Posix {
    /// Runs `body` until it does not fail with EINTR. Returns the result, or nil for EAGAIN/EWOULDBLOCK.
    package static func retrying(_ call: String, _ body: () -> Int) throws(SystemCallError) -> Int? {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemCallError(call: call, errno: code)
            }
        }
    }

    /// Like `retrying`, for calls where "would block" is itself an error.
    @discardableResult
    package static func call(_ call: String, _ body: () -> Int) throws(SystemCallError) -> Int {
        guard let result = try retrying(call, body) else { throw SystemCallError(call: call, errno: EAGAIN) }
        return result
    }

    /// Sets an integer socket option at `level`.
    package static func setOption(
        _ fd: Int32, level: Int32, _ option: Int32, _ value: Int32, name: String
    ) throws(SystemCallError) {
        var value = value
        try call("setsockopt(\(name))") {
            Int(setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size)))
        }
    }

    /// Sets a socket option from raw bytes.
    package static func setOption(
        _ fd: Int32, level: Int32, _ option: Int32, bytes: [UInt8], name: String
    ) throws(SystemCallError) {
        try call("setsockopt(\(name))") {
            bytes.withUnsafeBytes { Int(setsockopt(fd, level, option, $0.baseAddress, socklen_t($0.count))) }
        }
    }

    package static func setNonBlocking(_ fd: Int32) throws(SystemCallError) {
        let flags = try retrying("fcntl(F_GETFL)") { Int(fcntl(fd, F_GETFL)) } ?? 0
        _ = try retrying("fcntl(F_SETFL)") { Int(fcntl(fd, F_SETFL, Int32(flags) | O_NONBLOCK)) }
    }

    /// Sets an integer socket option.
    package static func setSocketOption(_ fd: Int32, _ option: Int32, _ value: Int32) throws(SystemCallError) {
        var value = value
        _ = try retrying("setsockopt") {
            Int(setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<Int32>.size)))
        }
    }

    package static func socketOption(_ fd: Int32, _ option: Int32) throws(SystemCallError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt") { Int(getsockopt(fd, SOL_SOCKET, option, &value, &length)) }
        return value
    }

    /// Sends one datagram; nil when the socket would block.
    package static func send(_ fd: Int32, _ bytes: [UInt8]) throws(SystemCallError) -> Int? {
        try retrying("send") { bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }
    }

    /// Receives one datagram into `buffer`; returns its full length (MSG_TRUNC) or nil when none is waiting.
    package static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int? {
        try retrying("recv") { recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC)) }
    }

    package static func close(_ fd: Int32) {
        // close(2) must not be retried on EINTR on Linux: the descriptor is already released.
        _ = Glibc.close(fd)
    }

    package static func processID() -> UInt32 { UInt32(truncatingIfNeeded: getpid()) }

    /// Asks for `bytes` of receive (and, with `send`, send) buffer: SO_*BUFFORCE as root ignores
    /// net.core.rmem_max; without the privilege the capped option is used.
    package static func setBufferSizes(_ fd: Int32, bytes: Int32, send: Bool) throws(SystemCallError) {
        var options = [(SO_RCVBUFFORCE, SO_RCVBUF)]
        if send { options.append((SO_SNDBUFFORCE, SO_SNDBUF)) }
        for (forced, plain) in options {
            do { try setSocketOption(fd, forced, bytes) } catch { try setSocketOption(fd, plain, bytes) }
        }
    }

    /// A poll(2) timeout: `timeout` in whole milliseconds, clamped to Int32.
    package static func milliseconds(_ timeout: Duration) -> Int32 {
        let (seconds, attoseconds) = timeout.components
        return Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    /// Waits for any of `descriptors` to become readable; false on timeout.
    package static func waitReadable(_ descriptors: [Int32], milliseconds: Int32) throws(SystemCallError) -> Bool {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = try retrying("poll") { Int(poll(&entries, nfds_t(entries.count), milliseconds)) } ?? 0
        return ready > 0
    }
}
