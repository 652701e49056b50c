/// raccoonctl's command line: `[-s socket] [--json] command [arguments]`, racoonctl's `-s` included.
public enum RaccoonctlInvocation: Hashable, Sendable {
    /// `-h`: print the usage.
    case help
    /// Send the command words to the daemon at `socketPath`.
    case send(words: [String], socketPath: String, json: Bool)

    /// Parses the arguments after the program name; `defaultSocket` is used without `-s`. A usage error throws
    /// `.badRequest` with the text to print.
    public static func parse(_ arguments: [String], defaultSocket: String) throws(AdminError) -> RaccoonctlInvocation {
        var words = arguments
        var socketPath = defaultSocket
        var json = false
        while let first = words.first, first.hasPrefix("-") {
            words.removeFirst()
            switch first {
            case "-s":
                guard let path = words.first else { throw .badRequest("-s needs a socket path") }
                socketPath = path
                words.removeFirst()
            case "--json", "-j":
                json = true
            case "-h", "--help":
                return .help
            default:
                throw .badRequest("unknown option \(first)")
            }
        }
        guard !words.isEmpty else { throw .badRequest("no command given") }
        // Checked here too, so a typo does not need a running daemon to be explained.
        _ = try AdminCommand.parse(words)
        return .send(words: words, socketPath: socketPath, json: json)
    }
}
