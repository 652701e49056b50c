/// The `log LEVEL;` directive: racoon's base log level (each `-d` on the command line raises it by one).
public enum LogLevel: Int, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// `error` (racoon LLV_ERROR).
    case error = 1
    /// `warning`.
    case warning = 2
    /// `notify`.
    case notify = 3
    /// `info` (the default).
    case info = 4
    /// `debug`.
    case debug = 5
    /// `debug2`.
    case debug2 = 6

    /// racoon.conf's words (cftoken.l).
    static let keywords: KeywordTable<LogLevel> = [
        "error": .error, "warning": .warning, "notify": .notify, "info": .info, "debug": .debug, "debug2": .debug2,
    ]

    /// The racoon.conf name.
    public var description: String { Self.keywords.word(for: self) ?? "?" }

    /// Orders by verbosity.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
