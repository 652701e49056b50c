internal import RaccoonCore

/// A command-line mistake; `raccoon` prints it, then the usage text, to standard error and exits 1.
public struct CommandLineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// A flag racoon does not have (`-x`).
        case unknownOption(Character)
        /// A flag that needs an argument came last (`-f` with nothing after it).
        case missingArgument(Character)
        /// A flag's argument is not acceptable (`-p 70000`).
        case invalidArgument(Character, String)
        /// A positional argument; racoon takes none.
        case unexpectedArgument(String)
        /// A long option Raccoon does not have, or with a value it does not accept (`--kernel=disk`).
        case invalidLongOption(String)
    }

    /// What went wrong.
    public let kind: Kind

    /// Creates an error.
    public init(_ kind: Kind) { self.kind = kind }

    /// getopt-style text, e.g. `invalid option -- 'x'`.
    public var description: String {
        switch kind {
        case .unknownOption(let flag): "invalid option -- '\(flag)'"
        case .missingArgument(let flag): "option requires an argument -- '\(flag)'"
        case .invalidArgument(let flag, let value): "invalid argument '\(value)' for -\(flag)"
        case .unexpectedArgument(let value): "unexpected argument '\(value)'"
        case .invalidLongOption(let text): "unrecognized option '\(text)' (only --kernel=auto|pfkey|xfrm|memory[=FILE])"
        }
    }
}
