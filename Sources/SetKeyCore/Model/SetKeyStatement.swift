/// One parsed setkey statement and where it started.
public struct SetKeyStatement: Sendable, Equatable {
    /// The command.
    public var command: SetKeyCommand
    /// Location of the command word, used when the kernel refuses what the statement asked for.
    public var location: SourceLocation

    /// Creates a statement.
    public init(command: SetKeyCommand, location: SourceLocation) {
        self.command = command
        self.location = location
    }
}
