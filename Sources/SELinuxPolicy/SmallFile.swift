#if canImport(Glibc)
    import Glibc
#endif

/// Reads small text files such as `/proc/filesystems`, whose size `stat` reports as 0.
enum SmallFile {
    /// The file's contents as UTF-8 (invalid bytes repaired), or `nil` if it cannot be opened
    /// or read. Reads at most `limit` bytes.
    static func read(_ path: String, limit: Int = 1 << 20) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes.prefix(limit), as: UTF8.self)
    }
}
