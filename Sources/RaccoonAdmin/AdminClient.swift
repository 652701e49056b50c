internal import Glibc

/// The client side of the admin socket, used by `raccoonctl` and the tests: connect, send one request line,
/// read one response line.
public enum AdminClient {
    /// Sends `request` to the daemon at `path` and returns its response. Waits at most `timeoutSeconds` for the
    /// reply (a reload can take a while: the SPD is dumped again).
    public static func send(_ request: AdminRequest, to path: String, timeoutSeconds: Int = 30) throws(AdminError) -> AdminResponse {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .failed("cannot create a socket: \(SystemCallError.text(errno))") }
        defer { _ = Glibc.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .failed("admin socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            let hint = code == ENOENT || code == ECONNREFUSED ? " (is raccoon running?)" : ""
            throw .failed("cannot connect to \(path): \(SystemCallError.text(code))\(hint)")
        }
        let bytes = request.encodedLine()
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw .failed("cannot send to \(path): \(SystemCallError.text(errno))")
            }
            offset += sent
        }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .failed("no reply from \(path): \(SystemCallError.text(errno))")
            }
            if count == 0 { break }
            reply += chunk[0..<count]
            if reply.last == UInt8(ascii: "\n") { break }
            guard reply.count <= 64 << 20 else { throw .failed("reply from \(path) is too large") }
        }
        if reply.last == UInt8(ascii: "\n") { reply.removeLast() }
        guard !reply.isEmpty else { throw .failed("the daemon closed the connection without replying") }
        return try AdminResponse.decode(reply)
    }
}
