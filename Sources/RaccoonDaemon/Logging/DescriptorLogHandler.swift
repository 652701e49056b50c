internal import PosixBasement
public import RaccoonCore
internal import Glibc
public import Logging

/// A `LogHandler` that writes racoon-style timestamped lines to a file descriptor: standard error with `-F`,
/// or the `-l` file. Each line goes out in one `write(2)`, so lines from different threads never interleave.
public struct DescriptorLogHandler: LogHandler {
    /// The descriptor written to (not owned: standard error, or a log file kept open for the process's life).
    public let fileDescriptor: Int32
    /// How lines look.
    public var formatter: LogLineFormatter
    /// The handler's level.
    public var logLevel: Logger.Level
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// Unused (no task-local metadata crosses Dispatch callbacks).
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler writing to `fileDescriptor` at `level`.
    public init(fileDescriptor: Int32, level: Logger.Level, formatter: LogLineFormatter = LogLineFormatter()) {
        self.fileDescriptor = fileDescriptor
        self.logLevel = level
        self.formatter = formatter
    }

    /// Opens (creating with mode 0600, appending) a log file for `-l`; the descriptor stays open for the process's
    /// life.
    public static func openLogFile(_ path: String) throws(SystemCallError) -> Int32 {
        Int32(
            try Posix.call("open(\(path))") {
                Int(open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600))
            })
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = formatter.format(event, handlerMetadata: metadata, seconds: LogLineFormatter.wallClockSeconds()) + "\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }
}
