internal import RaccoonCore
internal import Glibc
public import Logging

/// Formats log lines the way racoon prints them in the foreground and in its `-l` file:
/// `2026-11-26 15:58:19: INFO: message`, optionally with `file:line:function(): ` (`-L`) and metadata.
public struct LogLineFormatter: Sendable {
    /// `-L`: add the source location.
    public var includeLocation: Bool
    /// Add the timestamp (syslog adds its own, so its lines go without).
    public var includeTimestamp: Bool

    /// A formatter.
    public init(includeLocation: Bool = false, includeTimestamp: Bool = true) {
        self.includeLocation = includeLocation
        self.includeTimestamp = includeTimestamp
    }

    /// One line for a swift-log event, its metadata merged over the handler's, without the newline.
    public func format(_ event: LogEvent, handlerMetadata: Logger.Metadata, seconds: Int) -> String {
        var merged = handlerMetadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        return format(
            level: event.level, message: event.message, metadata: merged, file: event.file, function: event.function,
            line: event.line, seconds: seconds)
    }

    /// One line, without the newline. `seconds` is the wall-clock time (seconds since the epoch), shown in local
    /// time.
    public func format(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata, file: String, function: String,
        line: UInt, seconds: Int
    ) -> String {
        var text = ""
        if includeTimestamp { text += Self.timestamp(seconds) + ": " }
        text += level.racoonTag + ": "
        if includeLocation {
            let fileName = file.split(separator: "/").last.map(String.init) ?? file
            text += "\(fileName):\(line):\(function): "
        }
        text += message.description
        if !metadata.isEmpty {
            // Dotted keys, sorted so lines are reproducible: `… (ike.peer=10.0.0.2[500])`.
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            text += " (" + pairs.joined(separator: ", ") + ")"
        }
        // One event is one line: a newline inside a message (peer-controlled text) must not forge a second line.
        return String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    /// `YYYY-MM-DD HH:MM:SS` in local time.
    public static func timestamp(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// The current wall-clock time in seconds since the epoch.
    public static func wallClockSeconds() -> Int {
        Int(Glibc.time(nil))
    }
}
