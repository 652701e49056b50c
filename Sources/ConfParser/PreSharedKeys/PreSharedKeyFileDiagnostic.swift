/// A problem with one line of psk.txt. Errors make that entry unusable (its lookup fails, as in racoon);
/// warnings flag racoon traps that silently change a key. Messages never contain key material.
public struct PreSharedKeyFileDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Hashable, Sendable {
        /// The entry still works, but probably not as intended.
        case warning
        /// The entry cannot be used.
        case error
    }

    /// What was found.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The key ends in a space or tab, which becomes part of the key.
        case trailingWhitespace
        /// The key ends in a carriage return (a CRLF file), which becomes part of the key.
        case carriageReturn
        /// A `0x` key with a character that is neither a hex digit nor whitespace.
        case invalidHexCharacter
        /// A `0x` key with an odd number of hex digits.
        case oddHexDigitCount
        /// A `0x` key with no digits.
        case emptyHexKey
        /// A NUL byte, which racoon's C strings would cut the line at.
        case nulByte
        /// A line longer than racoon's 1023-byte buffer (racoon would have split it).
        case lineTooLong
        /// A line that starts with whitespace (its identifier is empty, so it never matches).
        case indentedLine
        /// An identifier with no key after it.
        case missingKey
        /// An identifier already defined above (only the first is ever used).
        case duplicateIdentifier
    }

    /// How serious the problem is.
    public let severity: Severity
    /// What was found.
    public let code: Code
    /// The file.
    public let path: String
    /// The 1-based line.
    public let line: Int
    /// A description without key material.
    public let message: String

    /// `path:line: warning: message`.
    public var description: String { "\(path):\(line): \(severity.rawValue): \(message)" }
}
