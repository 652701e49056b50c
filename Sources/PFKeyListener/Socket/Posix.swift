internal import Glibc

/// The only place PFKeyListener calls into libc for I/O. Every call retries `EINTR`; errno is read immediately
/// after the call, before anything else can change it.
enum Posix {
    /// A failed call and its errno.
    struct Failure: Error {
        let call: String
        let errno: Int32
    }

    /// Runs `body` until it does not fail with EINTR. Returns the result, or nil for EAGAIN/EWOULDBLOCK.
    private static func retrying(_ call: String, _ body: () -> Int) throws(Failure) -> Int? {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw Failure(call: call, errno: code)
            }
        }
    }

    static func openPFKeySocket() throws(Failure) -> Int32 {
        let fd = try retrying("socket") {
            Int(Glibc.socket(PF_KEY, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 2 /* PF_KEY_V2 */))
        }
        guard let fd else { throw Failure(call: "socket", errno: EAGAIN) }
        return Int32(fd)
    }

    static func setNonBlocking(_ fd: Int32) throws(Failure) {
        let flags = try retrying("fcntl(F_GETFL)") { Int(fcntl(fd, F_GETFL)) } ?? 0
        _ = try retrying("fcntl(F_SETFL)") { Int(fcntl(fd, F_SETFL, Int32(flags) | O_NONBLOCK)) }
    }

    /// Sets an integer socket option.
    static func setSocketOption(_ fd: Int32, _ option: Int32, _ value: Int32) throws(Failure) {
        var value = value
        _ = try retrying("setsockopt") {
            Int(setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<Int32>.size)))
        }
    }

    static func socketOption(_ fd: Int32, _ option: Int32) throws(Failure) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt") { Int(getsockopt(fd, SOL_SOCKET, option, &value, &length)) }
        return value
    }

    /// Sends one datagram; nil when the socket would block.
    static func send(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) -> Int? {
        try retrying("send") { bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }
    }

    /// Receives one datagram into `buffer`; returns its full length (MSG_TRUNC) or nil when none is waiting.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int? {
        try retrying("recv") { recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC)) }
    }

    /// Waits for the descriptor to become readable; false on timeout.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) throws(Failure) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = try retrying("poll") { Int(poll(&entry, 1, milliseconds)) } ?? 0
        return ready > 0
    }

    static func close(_ fd: Int32) {
        // close(2) must not be retried on EINTR on Linux: the descriptor is already released.
        _ = Glibc.close(fd)
    }

    static func processID() -> UInt32 { UInt32(truncatingIfNeeded: getpid()) }
}
