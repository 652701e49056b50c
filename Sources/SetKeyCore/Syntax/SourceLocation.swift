/// A position in a setkey command file: file name, 1-based line and 1-based column (in bytes).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as given on the command line (`<stdin>` for standard input).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in bytes from the start of the line.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }
}
