/// raccoonctl's command line: `[-s socket | -f racoon.conf] [--json] command [arguments]`, racoonctl's `-s`
/// included.
public enum RaccoonctlInvocation: Hashable, Sendable {
    /// `-h`: print the usage.
    case help
    /// Send the command words to the daemon. `socketPath` is `-s`'s argument, `configurationPath` `-f`'s; with
    /// neither, `AdminSocketPath.resolve` picks the default.
    case send(words: [String], socketPath: String?, configurationPath: String?, json: Bool)

    /// Parses the arguments after the program name. A usage error throws `.badRequest` with the text to print.
    public static func parse(_ arguments: [String]) throws(AdminError) -> RaccoonctlInvocation {
        var words = arguments
        var socketPath: String?
        var configurationPath: String?
        var json = false
        while let first = words.first, first.hasPrefix("-") {
            words.removeFirst()
            switch first {
            case "-s", "-f":
                guard let path = words.first else {
                    throw .badRequest(first == "-s" ? "-s needs a socket path" : "-f needs a racoon.conf path")
                }
                if first == "-s" { socketPath = path } else { configurationPath = path }
                words.removeFirst()
            case "--json", "-j":
                json = true
            case "-h", "--help":
                return .help
            default:
                throw .badRequest("unknown option \(first)")
            }
        }
        guard socketPath == nil || configurationPath == nil else {
            throw .badRequest("-s and -f both name the socket: give one")
        }
        guard !words.isEmpty else { throw .badRequest("no command given") }
        // Checked here too, so a typo does not need a running daemon to be explained.
        _ = try AdminCommand.parse(words)
        return .send(words: words, socketPath: socketPath, configurationPath: configurationPath, json: json)
    }
}
