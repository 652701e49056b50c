/// The result of loading a configuration: the validated `Configuration`, the warnings found on the way, and
/// every file that was read.
public struct LoadedConfiguration: Sendable {
    /// The validated configuration.
    public var configuration: Configuration
    /// Warnings in the order they were found (each with its location).
    public var warnings: [ConfigWarning]
    /// The files read: the main file first, then included files in inclusion order.
    public var files: [String]

    /// Creates a result.
    public init(configuration: Configuration, warnings: [ConfigWarning], files: [String]) {
        self.configuration = configuration
        self.warnings = warnings
        self.files = files
    }
}
