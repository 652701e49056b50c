/// A position in a configuration or command file (racoon.conf, psk.txt, setkey input): the file as it was named, a
/// 1-based line and a 1-based column.
///
/// Columns count bytes from the start of the line, so a tab counts as one column, as in most compilers.
/// A location with line 0 designates the whole file (for example a file that cannot be opened).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The file name, as given to the loader or produced by expanding an `include`.
    public var file: String
    /// The 1-based line, or 0 for the whole file.
    public var line: Int
    /// The 1-based column in bytes, or 0 for the whole file.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location that designates a whole file rather than a position in it.
    public static func wholeFile(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 0, column: 0)
    }

    /// `file:line:column`, or just `file` for a whole-file location.
    public var description: String {
        line == 0 ? file : "\(file):\(line):\(column)"
    }

    /// Orders by file name, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
