internal import RaccoonCore
internal import Glibc
public import Logging

/// A `LogHandler` that sends lines to syslog with facility LOG_DAEMON, as racoon does without `-F` or `-l`:
/// errors map to LOG_ERR, warnings to LOG_WARNING, notify to LOG_NOTICE, info to LOG_INFO, debug to LOG_DEBUG.
///
/// A struct with value semantics, as swift-log requires; `openlog` is called once by `SyslogLogHandler.open`.
public struct SyslogLogHandler: LogHandler {
    /// How lines look (no timestamp: syslog adds one).
    public var formatter: LogLineFormatter
    /// The handler's level.
    public var logLevel: Logger.Level
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// Unused.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler at `level`. Call `SyslogLogHandler.open(identifier:)` once first.
    public init(level: Logger.Level, includeLocation: Bool = false) {
        self.logLevel = level
        self.formatter = LogLineFormatter(includeLocation: includeLocation, includeTimestamp: false)
    }

    /// `openlog(identifier, LOG_PID, LOG_DAEMON)`.
    public static func open(identifier: StaticString = "raccoon") {
        // openlog keeps the pointer; a StaticString lives for the whole program.
        identifier.withUTF8Buffer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count + 1) { name in
                openlog(name, LOG_PID | LOG_NDELAY, LOG_DAEMON)
            }
        }
    }

    /// The syslog priority for a level.
    public static func priority(_ level: Logger.Level) -> Int32 {
        switch level {
        case .critical: LOG_CRIT
        case .error: LOG_ERR
        case .warning: LOG_WARNING
        case .notice: LOG_NOTICE
        case .info: LOG_INFO
        case .debug, .trace: LOG_DEBUG
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = formatter.format(event, handlerMetadata: metadata, seconds: 0)
        line.withCString { text in
            withVaList([text]) { arguments in
                vsyslog(Self.priority(event.level), "%s", arguments)
            }
        }
    }
}
