internal import RaccoonCore
public import ConfParser
public import Logging

/// Where the daemon's log goes, decided from `-F`, `-l`, `-L`, `-d` and the config's `log` (inventory §1.1).
public struct LogDestination: Hashable, Sendable {
    /// Timestamped lines on standard error (`-F`).
    public var standardError: Bool
    /// The `-l` file.
    public var file: String?
    /// Syslog, facility LOG_DAEMON (when there is no `-l` file).
    public var syslog: Bool
    /// The racoon level in force.
    public var level: LogLevel
    /// `-L`.
    public var includeLocation: Bool

    /// racoon's rules: the `-l` file replaces syslog; `-F` adds the terminal. Under systemd (`-F` in the unit) a
    /// standard error that is the journal's stream (`standardErrorIsJournal`) gets no copy while syslog is on: syslog
    /// already reaches the journal, with each line's priority, which the stream copy would lose (every line there
    /// is logged at the unit's default, info).
    public init(foreground: Bool, logFile: String?, includeLocation: Bool, configured: LogLevel, debugFlags: Int,
                standardErrorIsJournal: Bool = false) {
        file = logFile
        syslog = logFile == nil
        standardError = foreground && !(standardErrorIsJournal && syslog)
        level = LogLevel.effective(configured: configured, debugFlags: debugFlags)
        self.includeLocation = includeLocation
    }

    /// Builds the handler for `label`: every destination, multiplexed. `fileDescriptor` is the open `-l` file.
    public func makeHandler(fileDescriptor: Int32?) -> any LogHandler {
        var handlers: [any LogHandler] = []
        if standardError {
            handlers.append(
                DescriptorLogHandler(
                    fileDescriptor: 2, level: level.loggerLevel,
                    formatter: LogLineFormatter(includeLocation: includeLocation)))
        }
        if let fileDescriptor {
            handlers.append(
                DescriptorLogHandler(
                    fileDescriptor: fileDescriptor, level: level.loggerLevel,
                    formatter: LogLineFormatter(includeLocation: includeLocation)))
        }
        if syslog {
            handlers.append(SyslogLogHandler(level: level.loggerLevel, includeLocation: includeLocation))
        }
        if handlers.count == 1 { return handlers[0] }
        var multiplexed = MultiplexLogHandler(handlers)
        multiplexed.logLevel = level.loggerLevel
        return multiplexed
    }
}
