internal import RaccoonCore


/// The `raccoon` program between `main` and the engine: parses flags, then prints help or the version, checks
/// the configuration (`-t`), or hands the options to the daemon.
public enum RaccoonCommandLine {
    /// Where the program writes; tests capture both streams.
    public struct Output: Sendable {
        /// Writes to standard output.
        public var standardOutput: @Sendable (String) -> Void
        /// Writes to standard error.
        public var standardError: @Sendable (String) -> Void

        /// Creates an output.
        public init(standardOutput: @escaping @Sendable (String) -> Void,
                    standardError: @escaping @Sendable (String) -> Void) {
            self.standardOutput = standardOutput
            self.standardError = standardError
        }

        /// The process's real standard output and standard error.
        public static let process = Output(
            standardOutput: StandardStream.output.write, standardError: StandardStream.error.write)
    }

    /// Runs the program for `arguments` (including the program name) and returns the exit status.
    /// `runDaemon` is called for an invocation without `-t`, `-V` or `-h`.
    public static func run(arguments: [String], output: Output = .process,
                           runDaemon: (CommandLineOptions) -> Int32) -> Int32 {
        let options: CommandLineOptions
        do {
            options = try CommandLineParser.parse(Array(arguments.dropFirst()))
        } catch {
            output.standardError("raccoon: \(error)\n" + CommandLineParser.usage)
            return 1
        }
        switch options.action {
        case .printHelp:
            output.standardOutput(CommandLineParser.usage)
            return 0
        case .printVersion:
            output.standardOutput(RaccoonVersion.text)
            return 0
        case .testConfiguration:
            let report = ConfigurationCheck.run(configurationPath: options.configurationPath)
            if !report.diagnostics.isEmpty {
                output.standardError(report.diagnostics.joined(separator: "\n") + "\n")
            }
            output.standardOutput(report.summary)
            return report.exitCode
        case .runDaemon:
            return runDaemon(options)
        }
    }
}
