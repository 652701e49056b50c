/// A configuration error: where it is, which token caused it, what was expected instead.
///
/// A ``SourceDiagnostic``: it prints as `file:line:column: error: message` and equality is on `code` and `location`.
public struct ConfigError: Error, SourceDiagnostic, Sendable {
    /// What kind of mistake was found.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        // MARK: Files and includes
        /// A configuration file could not be opened or read.
        case fileUnreadable
        /// An `include` pattern matched no file.
        case includeNotFound
        /// `include` statements nest deeper than `ConfigurationLoader.maximumIncludeDepth`.
        case includeDepthExceeded
        /// A file includes itself, directly or through other files.
        case includeCycle
        /// A relative `include` appears before any `path include`.
        case relativeIncludeWithoutPath
        // MARK: Lexical
        /// A character that cannot start any token.
        case invalidCharacter
        /// A `"` string with no closing quote.
        case unterminatedString
        /// Bytes that are not valid UTF-8.
        case invalidEncoding
        /// A number that does not fit, or digits followed by junk.
        case invalidNumber
        /// Text that looks like an address but is not a valid IPv4 or IPv6 address.
        case invalidAddress
        /// A malformed `[port]`.
        case invalidPort
        /// A malformed `/prefix`, or one longer than the address.
        case invalidPrefix
        // MARK: Syntax
        /// A token that does not fit the grammar at this point.
        case unexpectedToken
        /// The file ended inside a statement or block.
        case unexpectedEndOfFile
        /// A directive name that is not valid in this block.
        case unknownDirective
        /// Blocks nested deeper than any racoon grammar allows.
        case nestingTooDeep
        // MARK: Values
        /// A value that is not one of the accepted words.
        case invalidValue
        /// A number outside the accepted range.
        case valueOutOfRange
        /// An algorithm name that is not valid for this directive.
        case unknownAlgorithm
        /// A key length the algorithm does not allow.
        case invalidKeyLength
        /// `lifetime byte …`, which racoon rejects ("byte lifetime support is deprecated").
        case byteLifetimeUnsupported
        /// A phase-1 algorithm directive (`dh_group`, `encryption_algorithm`, …) outside a `proposal` block.
        case misplacedDirective
        /// A malformed identifier (`my_identifier`, `peers_identifier`, sainfo identities, `from`).
        case invalidIdentifier
        /// An ICMP sainfo identity with a port other than `[any]`, or a protocol of the wrong address family.
        case invalidProtocolSelector
        // MARK: Validation
        /// A `remote` block without `exchange_mode`.
        case missingExchangeMode
        /// A `remote` block without any `proposal`.
        case missingProposal
        /// A `proposal` lacking encryption, hash, authentication method or DH group.
        case incompleteProposal
        /// A `remote` whose exchange modes are all unimplemented.
        case noUsableExchangeMode
        /// A `remote` whose proposals all use unimplemented algorithms or authentication methods.
        case noUsableProposal
        /// A `sainfo` lacking encryption, authentication or compression algorithms.
        case missingSAInfoAlgorithm
        /// A `sainfo` whose algorithms of one class are all unimplemented.
        case noUsableSAInfoAlgorithm
        /// Two non-anonymous `sainfo` blocks with the same selectors.
        case duplicateSAInfo
        /// Two `remote` blocks with the same name, or the same address and port.
        case duplicateRemote
        /// `inherit` names a remote that is not defined above.
        case unknownParentRemote
        /// `remote_address` given twice, or given for a remote already indexed by address.
        case remoteAddressAlreadySet
        /// A directive for an unimplemented feature that cannot be ignored without weakening security.
        case unsupportedSecurityFeature
    }

    /// What kind of mistake was found.
    public let code: Code
    /// Where the offending token (or statement) starts.
    public let location: SourceLocation
    /// The offending token as written (`'foo'`, `"string"`, `end of file`), when there is one.
    public let found: String?
    /// What the grammar or the validator expected there, when that can be said.
    public let expected: String?
    /// A human-readable explanation.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, at location: SourceLocation, found: String? = nil, expected: String? = nil,
                message: String) {
        self.code = code
        self.location = location
        self.found = found
        self.expected = expected
        self.message = message
    }

    /// Printed as `file:line:column: error: message`.
    public static var severity: String? { "error" }
}

extension ConfigError {
    /// "unexpected X; expected Y" at `token`.
    @inline(never)
    static func unexpected(_ token: Token, in file: String, expected: String,
                           code: Code? = nil) -> ConfigError {
        let resolved = code ?? (token.kind == .endOfFile ? .unexpectedEndOfFile : .unexpectedToken)
        return ConfigError(resolved, at: token.location(in: file), found: token.quoted, expected: expected,
                           message: "unexpected \(token.quoted); expected \(expected)")
    }

    /// An error about `token` with a free-form message.
    @inline(never)
    static func at(_ token: Token, in file: String, _ code: Code, _ message: String,
                   expected: String? = nil) -> ConfigError {
        ConfigError(code, at: token.location(in: file), found: token.quoted, expected: expected, message: message)
    }
}
