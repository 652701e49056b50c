public import PFKeyListener

/// A statement the kernel refused (or did not answer), with where it came from.
public struct SetKeyFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The statement's location (`file:line:column`), `nil` for command-line operations (`-D`, `-F`).
    public var location: SourceLocation?
    /// The setkey command word (`spdadd`, `add`, ...).
    public var command: String
    /// What went wrong.
    public var error: PFKeyError

    /// Creates a failure.
    public init(location: SourceLocation?, command: String, error: PFKeyError) {
        self.location = location
        self.command = command
        self.error = error
    }

    /// `file:line:column: command: reason`.
    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(command): \(error)"
    }
}
