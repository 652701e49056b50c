internal import PosixBasement
public import RaccoonCore
internal import Glibc

/// The pid file (`/run/raccoon.pid`, or `path pidfile`), held with an exclusive `flock` for the daemon's life.
///
/// The lock, not the file's existence, says whether an instance is running: a live instance always holds it
/// (the kernel drops it when the process dies, however it dies), so a file left by a crash is stale and is
/// simply taken over. The lock belongs to the open file description, so it survives the daemonizing fork.
public final class PidFile {
    /// The default path.
    public static let defaultPath = "/run/raccoon.pid"

    /// The file's path.
    public let path: String
    private var fd: Int32

    /// The path to use: `configured` when absolute; a relative name is taken under `/run` (racoon: `/var/run`).
    public static func resolve(configured: String?) -> String {
        guard let configured, !configured.isEmpty else { return defaultPath }
        return configured.hasPrefix("/") ? configured : "/run/" + configured
    }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit {
        if fd >= 0 { Posix.close(fd) }
    }

    /// Opens (creating, mode 0644) and locks the pid file. Throws `PidFileError.held` with the recorded pid when
    /// a live instance holds it.
    public static func acquire(path: String) throws(PidFileError) -> PidFile {
        let fd: Int32
        do {
            fd = Int32(
                try Posix.call("open") { Int(open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)) })
        } catch {
            throw .system(path: path, error)
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            let holder = readPID(fd)
            Posix.close(fd)
            if code == EWOULDBLOCK { throw .held(path: path, pid: holder) }
            throw .system(path: path, SystemCallError(call: "flock", errno: code))
        }
        return PidFile(path: path, fd: fd)
    }

    /// Replaces the contents with `pid` and a newline.
    public func write(pid: Int32) throws(PidFileError) {
        let bytes = Array("\(pid)\n".utf8)
        do throws(SystemCallError) {
            try Posix.call("ftruncate") { Int(ftruncate(fd, 0)) }
            let written = try Posix.call("pwrite") { bytes.withUnsafeBytes { Int(pwrite(fd, $0.baseAddress, $0.count, 0)) } }
            guard written == bytes.count else { throw SystemCallError(call: "pwrite", errno: EIO) }
        } catch {
            throw .system(path: path, error)
        }
    }

    /// Removes the file and releases the lock (on shutdown).
    public func remove() {
        guard fd >= 0 else { return }
        // Unlink while still holding the lock, so no starting instance locks the inode being removed.
        _ = unlink(path)
        Posix.close(fd)
        fd = -1
    }

    /// The pid recorded in the file, if it holds one.
    public static func recordedPID(path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Posix.close(fd) }
        return readPID(fd)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        guard let line = text.split(whereSeparator: { $0 == "\n" }).first, let pid = Int32(line), pid > 0 else {
            return nil
        }
        return pid
    }
}

/// Why the pid file could not be taken.
public enum PidFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A running instance holds the lock.
    case held(path: String, pid: Int32?)
    /// A system call failed.
    case system(path: String, SystemCallError)

    /// One line for stderr.
    public var description: String {
        switch self {
        case .held(let path, let pid?):
            "another raccoon is already running (pid \(pid), pid file \(path))"
        case .held(let path, nil):
            "another raccoon is already running (pid file \(path) is locked)"
        case .system(let path, let error):
            "cannot use the pid file \(path): \(error)"
        }
    }
}
