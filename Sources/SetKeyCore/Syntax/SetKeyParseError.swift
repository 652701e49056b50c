/// A syntax or validation error in setkey input, with the place it was found.
///
/// A ``SourceDiagnostic``: equality compares the `code` and the `location` only; the message is for people.
public struct SetKeyParseError: Error, SourceDiagnostic, Sendable {
    /// What kind of error this is (stable, for tests and tooling).
    public enum Code: String, Sendable, Equatable {
        /// A character that cannot start any token.
        case unexpectedCharacter
        /// A quoted string without its closing quote.
        case unterminatedString
        /// A token that does not fit the grammar at this point.
        case unexpectedToken
        /// Input ended inside a statement.
        case unexpectedEnd
        /// A command word setkey does not know.
        case unknownCommand
        /// An address that is not a numeric IPv4 or IPv6 address.
        case invalidAddress
        /// A number out of range or malformed.
        case invalidNumber
        /// A protocol, mode, level or algorithm name setkey does not know.
        case unknownName
        /// A key whose length the algorithm does not accept.
        case invalidKeyLength
        /// A policy specification (`-P ...`) that libipsec would reject.
        case invalidPolicy
        /// Something setkey accepts on other systems but that Linux has no means to do.
        case unsupported
        /// Source and destination (or tunnel end points) of different address families.
        case addressFamilyMismatch
    }

    /// The kind of error.
    public var code: Code
    /// Where it was found.
    public var location: SourceLocation
    /// A sentence for people, naming what was expected. Never contains key material.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, at location: SourceLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// Printed as `file:line:column: message`, as setkey prints its own errors.
    public static var severity: String? { nil }
}
