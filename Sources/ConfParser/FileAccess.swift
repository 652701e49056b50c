#if canImport(Glibc)
import Glibc
#endif

/// Small POSIX file helpers shared by the configuration and psk.txt loaders (no pointer leaves this file).
enum FileAccess {
    /// A failed file operation, with a message that names the cause.
    struct Failure: Error {
        let message: String
    }

    /// The parts of `struct stat` the loaders check.
    struct Status {
        var ownerID: UInt32
        var mode: UInt32
        var isRegularFile: Bool
        var size: Int
    }

    /// Opens `path` read-only (following symlinks, as racoon's `stat` does), reports its status from the open
    /// descriptor (no race between check and read), and reads it if `accept` allows; at most `maximumSize` bytes.
    static func read(_ path: String, maximumSize: Int,
                     accept: (Status) throws(Failure) -> Void) throws(Failure) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not hang the loader; the regular-file check rejects it afterwards.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Failure(message: "cannot be opened (\(errorText(errno)))") }
        defer { close(fd) }
        var raw = stat()
        guard fstat(fd, &raw) == 0 else { throw Failure(message: "cannot be examined (\(errorText(errno)))") }
        let status = Status(ownerID: raw.st_uid, mode: raw.st_mode & 0o7777,
                            isRegularFile: (raw.st_mode & S_IFMT) == S_IFREG, size: Int(raw.st_size))
        try accept(status)
        guard status.isRegularFile else { throw Failure(message: "is not a regular file") }
        guard status.size <= maximumSize else {
            throw Failure(message: "is larger than the \(maximumSize / (1 << 20)) MiB limit")
        }
        var bytes = [UInt8](repeating: 0, count: status.size + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= maximumSize else {
                    throw Failure(message: "is larger than the \(maximumSize / (1 << 20)) MiB limit")
                }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot be read (\(errorText(errno)))")
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// The canonical absolute path (symlinks resolved), or nil if it cannot be resolved.
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Expands a glob pattern into sorted file names; empty when nothing matches.
    static func glob(_ pattern: String) throws(Failure) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = Glibc.glob(pattern, 0, nil, &result)
        if status == GLOB_NOMATCH { return [] }
        guard status == 0 else { throw Failure(message: "cannot expand pattern (glob error \(status))") }
        var names: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let name = result.gl_pathv[index] { names.append(String(cString: name)) }
        }
        return names
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
