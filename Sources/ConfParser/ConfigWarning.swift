/// A problem that does not stop Raccoon from using the configuration, with its location.
///
/// The loader collects warnings instead of printing them; `raccoon -t` prints each as
/// `file:line:column: warning: message` (a ``SourceDiagnostic``). Equality is on `code` and `location`.
public struct ConfigWarning: SourceDiagnostic, Sendable {
    /// What kind of problem was found.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// A directive for a racoon feature Raccoon does not implement; it was parsed and ignored.
        case unsupportedDirective
        /// A proposal or algorithm Raccoon cannot negotiate; it was left out.
        case unsupportedAlgorithm
        /// A `sainfo` written without braces (its body ran to the next top-level statement).
        case bracelessSAInfo
        /// The configuration has no `remote` block, so no peer can be negotiated with.
        case noRemote
        /// The configuration has no `sainfo` block, so no IPsec SA can be negotiated.
        case noSAInfo
        /// A `sainfo` that can never be selected because an equal one comes first.
        case shadowedSAInfo
        /// A remote authenticates with a pre-shared key but no `path pre_shared_key` is set.
        case missingPreSharedKeyPath
        /// A setting that works but is probably not what the administrator meant.
        case suspiciousValue
    }

    /// What kind of problem was found.
    public let code: Code
    /// Where the directive that caused it starts.
    public let location: SourceLocation
    /// A human-readable explanation.
    public let message: String

    /// Creates a warning.
    public init(_ code: Code, at location: SourceLocation, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// Printed as `file:line:column: warning: message`.
    public static var severity: String? { "warning" }
}
