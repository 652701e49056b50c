internal import Glibc

/// Unix stream sockets and the files behind them: the admin socket, on the daemon's side and raccoonctl's.
extension Posix {
    /// `socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)`.
    package static func openUnixStreamSocket() throws(SystemCallError) -> Int32 {
        Int32(try call("socket(AF_UNIX)") { Int(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)) })
    }

    /// `bind(2)` to a filesystem path (unix(7)); ENAMETOOLONG when the path does not fit `sun_path`.
    package static func bind(_ fd: Int32, unixPath path: String) throws(SystemCallError) {
        try withUnixAddress(path, "bind(\(path))") { address, length throws(SystemCallError) in
            try call("bind(\(path))") { Int(Glibc.bind(fd, address, length)) }
        }
    }

    /// `connect(2)` to a filesystem path.
    package static func connect(_ fd: Int32, unixPath path: String) throws(SystemCallError) {
        try withUnixAddress(path, "connect(\(path))") { address, length throws(SystemCallError) in
            try call("connect(\(path))") { Int(Glibc.connect(fd, address, length)) }
        }
    }

    private static func withUnixAddress(
        _ path: String, _ name: String,
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemCallError) -> Void
    ) throws(SystemCallError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SystemCallError(call: name, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let result: Result<Void, SystemCallError> = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                do throws(SystemCallError) {
                    try body(socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size))
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        }
        try result.get()
    }

    /// `listen(2)`.
    package static func listen(_ fd: Int32, backlog: Int32) throws(SystemCallError) {
        try call("listen") { Int(Glibc.listen(fd, backlog)) }
    }

    /// `accept(2)`, the connection made close-on-exec and non-blocking; nil when no connection is waiting.
    package static func accept(_ fd: Int32) throws(SystemCallError) -> Int32? {
        guard let client = try retrying("accept", { Int(Glibc.accept(fd, nil, nil)) }).map({ Int32($0) }) else {
            return nil
        }
        do {
            try call("fcntl(F_SETFD)") { Int(fcntl(client, F_SETFD, FD_CLOEXEC)) }
            try setNonBlocking(client)
        } catch {
            close(client)
            throw error
        }
        return client
    }

    /// `read(2)` into `buffer`: the count (0 at end of file), or nil when nothing is waiting.
    package static func read(_ fd: Int32, into buffer: inout [UInt8]) throws(SystemCallError) -> Int? {
        try retrying("read") { buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
    }

    /// Writes all of `bytes` with `send(2)` and MSG_NOSIGNAL (a closed peer is an EPIPE error, not a signal).
    package static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            offset += try call("send") {
                bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    /// SO_RCVTIMEO and/or SO_SNDTIMEO in whole seconds (socket(7)): blocking calls give up with EAGAIN after it.
    package static func setTimeouts(_ fd: Int32, receiveSeconds: Int?, sendSeconds: Int?) throws(SystemCallError) {
        for (option, seconds, name) in [(SO_RCVTIMEO, receiveSeconds, "SO_RCVTIMEO"), (SO_SNDTIMEO, sendSeconds, "SO_SNDTIMEO")] {
            guard let seconds else { continue }
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            try call("setsockopt(\(name))") {
                Int(setsockopt(fd, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size)))
            }
        }
    }

    /// Clears O_NONBLOCK.
    package static func setBlocking(_ fd: Int32) throws(SystemCallError) {
        let flags = try call("fcntl(F_GETFL)") { Int(fcntl(fd, F_GETFL)) }
        try call("fcntl(F_SETFL)") { Int(fcntl(fd, F_SETFL, Int32(flags) & ~O_NONBLOCK)) }
    }

    /// `mkdir(2)`; false when the directory already exists.
    package static func makeDirectory(_ path: String, mode: UInt32) throws(SystemCallError) -> Bool {
        do {
            try call("mkdir(\(path))") { Int(mkdir(path, mode_t(mode))) }
            return true
        } catch where error.errno == EEXIST {
            return false
        }
    }

    /// `chmod(2)`.
    package static func changeMode(_ path: String, _ mode: UInt32) throws(SystemCallError) {
        try call("chmod(\(path))") { Int(chmod(path, mode_t(mode))) }
    }

    /// `chown(2)`; nil leaves that id unchanged (-1).
    package static func changeOwner(_ path: String, owner: UInt32?, group: UInt32?) throws(SystemCallError) {
        try call("chown(\(path))") { Int(chown(path, owner ?? uid_t.max, group ?? gid_t.max)) }
    }

    /// Removes `path` if it is a socket (a file left by a crash would make bind fail); anything else, or nothing,
    /// stays as it is.
    package static func removeSocketFile(_ path: String) throws(SystemCallError) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { return }
        do {
            try call("unlink(\(path))") { Int(unlink(path)) }
        } catch where error.errno == ENOENT {
            return
        }
    }
}
