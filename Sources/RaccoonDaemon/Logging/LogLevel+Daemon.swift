internal import RaccoonCore
public import ConfParser
public import Logging

extension LogLevel {
    /// racoon's rule (inventory §1.1): the `log` directive sets the base level and every `-d` on the command
    /// line raises it by one, up to `debug2`.
    public static func effective(configured: LogLevel, debugFlags: Int) -> LogLevel {
        let raised = configured.rawValue + max(0, debugFlags)
        return LogLevel(rawValue: min(raised, LogLevel.debug2.rawValue)) ?? .debug2
    }

    /// The swift-log level that lets exactly this racoon level and the ones above it through.
    public var loggerLevel: Logger.Level {
        switch self {
        case .error: .error
        case .warning: .warning
        case .notify: .notice
        case .info: .info
        case .debug: .debug
        case .debug2: .trace
        }
    }
}

extension Logger.Level {
    /// racoon's tag in a log line (`plog.c`): ERROR, WARNING, NOTIFY, INFO, DEBUG, DEBUG2.
    public var racoonTag: String {
        switch self {
        case .critical, .error: "ERROR"
        case .warning: "WARNING"
        case .notice: "NOTIFY"
        case .info: "INFO"
        case .debug: "DEBUG"
        case .trace: "DEBUG2"
        }
    }
}
