internal import Glibc

/// Standard output and standard error written with `write(2)`: no Foundation `FileHandle`, and no shared
/// `FILE *` (which strict concurrency refuses).
public enum StandardStream: Sendable {
    case output
    case error

    /// Writes all of `text`, retrying after EINTR; stops quietly on any other failure (a closed pipe).
    @Sendable public func write(_ text: String) {
        let fd = self == .output ? STDOUT_FILENO : STDERR_FILENO
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
