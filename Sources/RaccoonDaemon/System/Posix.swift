internal import RaccoonCore
internal import Glibc

/// The only place the daemon calls into libc for descriptor I/O (apple/swift-nio's `Posix` pattern): every call
/// retries `EINTR`, reads `errno` right after the call, and maps `EAGAIN` to `nil` ("would block").
enum Posix {
    /// Runs `body` until it does not fail with EINTR. The result, or nil for EAGAIN/EWOULDBLOCK.
    static func retrying(_ call: String, _ body: () -> Int) throws(SystemCallError) -> Int? {
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
    static func call(_ call: String, _ body: () -> Int) throws(SystemCallError) -> Int {
        guard let result = try retrying(call, body) else { throw SystemCallError(call: call, errno: EAGAIN) }
        return result
    }

    /// Sets O_NONBLOCK on `fd`.
    static func setNonBlocking(_ fd: Int32) throws(SystemCallError) {
        let flags = try call("fcntl(F_GETFL)") { Int(fcntl(fd, F_GETFL)) }
        try call("fcntl(F_SETFL)") { Int(fcntl(fd, F_SETFL, Int32(flags) | O_NONBLOCK)) }
    }

    /// Sets an integer socket option.
    static func setOption(_ fd: Int32, level: Int32, _ option: Int32, _ value: Int32, name: String) throws(SystemCallError) {
        var value = value
        try call("setsockopt(\(name))") {
            Int(setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size)))
        }
    }

    /// Sets a socket option from raw bytes.
    static func setOption(_ fd: Int32, level: Int32, _ option: Int32, bytes: [UInt8], name: String) throws(SystemCallError) {
        try call("setsockopt(\(name))") {
            bytes.withUnsafeBytes { Int(setsockopt(fd, level, option, $0.baseAddress, socklen_t($0.count))) }
        }
    }

    /// Closes `fd`. close(2) is never retried on Linux: the descriptor is released even on EINTR.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
