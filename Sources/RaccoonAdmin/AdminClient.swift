internal import Glibc
internal import PosixBasement

/// The client side of the admin socket, used by `raccoonctl` and the tests: connect, send one request line,
/// read one response line.
public enum AdminClient {
    /// Sends `request` to the daemon at `path` and returns its response. Waits at most `timeoutSeconds` for the
    /// reply (a reload can take a while: the SPD is dumped again).
    public static func send(_ request: AdminRequest, to path: String, timeoutSeconds: Int = 30) throws(AdminError) -> AdminResponse {
        let fd: Int32
        do {
            fd = try Posix.openUnixStreamSocket()
        } catch {
            throw .failed("cannot create a socket: \(SystemCallError.text(error.errno))")
        }
        defer { Posix.close(fd) }
        do {
            try Posix.setTimeouts(fd, receiveSeconds: timeoutSeconds, sendSeconds: timeoutSeconds)
            try Posix.connect(fd, unixPath: path)
        } catch where error.errno == ENAMETOOLONG {
            throw .failed("admin socket path too long: \(path)")
        } catch {
            let hint = error.errno == ENOENT || error.errno == ECONNREFUSED ? " (is raccoon running?)" : ""
            throw .failed("cannot connect to \(path): \(SystemCallError.text(error.errno))\(hint)")
        }
        do {
            try Posix.sendAll(fd, request.encodedLine())
        } catch {
            throw .failed("cannot send to \(path): \(SystemCallError.text(error.errno))")
        }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count: Int
            do throws(SystemCallError) {
                // A blocking socket with SO_RCVTIMEO: "would block" means the timeout passed.
                count = try Posix.read(fd, into: &chunk) ?? -1
            } catch {
                throw .failed("no reply from \(path): \(SystemCallError.text(error.errno))")
            }
            guard count >= 0 else { throw .failed("no reply from \(path): \(SystemCallError.text(EAGAIN))") }
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
