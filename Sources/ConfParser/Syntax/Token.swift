/// The lexical class of a racoon.conf token.
enum TokenKind: UInt8, Sendable {
    /// A bare word: a keyword, an algorithm name, a unit (`main`, `3des`, `hour`, `utf-16le`).
    case word
    /// A double-quoted string; `text` holds the contents without the quotes (racoon has no escapes).
    case string
    /// A decimal number; `value` holds it.
    case number
    /// An IPv4 or IPv6 address, possibly with an IPv6 `%scope`.
    case address
    /// An address range `A-B`, as used in sainfo identities.
    case addressRange
    /// A port in brackets, `[500]`; `value` holds the port.
    case port
    /// The wildcard port `[any]`.
    case portAny
    /// A prefix length, `/24`; `value` holds it.
    case prefix
    /// `;`
    case semicolon
    /// `{`
    case openBrace
    /// `}`
    case closeBrace
    /// `,`
    case comma
    /// The end of the file.
    case endOfFile
}

/// One token of a racoon.conf file, with its position.
///
/// Tokens are kept small (no file name; the syntax tree records the file once) because a large configuration
/// holds hundreds of thousands of them.
struct Token: Sendable {
    /// The token's class.
    var kind: TokenKind
    /// The source text (for a string, the text between the quotes).
    var text: String
    /// The numeric value of a `.number`, `.port` or `.prefix` token; 0 otherwise.
    var value: UInt64
    /// The 1-based line of the token's first byte.
    var line: Int32
    /// The 1-based column (in bytes) of the token's first byte.
    var column: Int32

    /// The token's location in `file`.
    func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: Int(line), column: Int(column))
    }

    /// How the token is shown in an error message: `'main'`, `"quoted"`, `[500]`, `end of file`.
    var quoted: String {
        switch kind {
        case .string: "\"\(text)\""
        case .endOfFile: "end of file"
        default: "'\(text)'"
        }
    }

    /// True if this is a `.word` whose text is `keyword`.
    func isWord(_ keyword: String) -> Bool {
        kind == .word && text == keyword
    }
}
