/// Why a psk.txt file was refused as a whole (racoon's `safefile(path, secret=1)` and open failures).
///
/// The message never contains key material.
public struct PreSharedKeyFileError: Error, SourceDiagnostic, Sendable {
    /// The reason for the refusal.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// The process runs setuid (real uid ≠ effective uid); racoon: "setuid'ed execution not allowed".
        case setuidExecution
        /// The file cannot be opened or read.
        case unreadable
        /// The owner is not the expected uid; racoon: "has invalid owner uid".
        case wrongOwner
        /// Not a regular file; racoon: "is an invalid file type".
        case notRegularFile
        /// Group or other permission bits are set; racoon: "has weak file permission".
        case weakPermissions
    }

    /// The reason for the refusal.
    public let code: Code
    /// The file.
    public let path: String
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// The whole file: the error prints as `path: error: message`, and equality is on `code` and `path`.
    public var location: SourceLocation { .wholeFile(path) }

    /// Printed as `path: error: message`.
    public static var severity: String? { "error" }
}
