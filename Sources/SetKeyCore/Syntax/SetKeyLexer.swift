/// Splits setkey input into tokens, tracking line and column.
///
/// The rules follow ipsec-tools' `token.l`: `#` starts a comment that runs to the end of the line,
/// whitespace and newlines separate tokens (so a statement may span several lines), `;` ends a statement,
/// double-quoted strings may not contain `"`, and everything after `-P` up to the next `;` is the policy text
/// that libipsec parses on its own.
struct SetKeyLexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(text: [UInt8], file: String) {
        self.bytes = text
        self.file = file
    }

    /// Tokenizes the whole input; the last token is always `.end`.
    static func tokenize(_ text: [UInt8], file: String) throws(SetKeyParseError) -> [Token] {
        var lexer = SetKeyLexer(text: text, file: file)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if case .flag("P") = token.kind {
                tokens.append(lexer.policyText())
            }
            if token.kind == .end { return tokens }
        }
    }

    private var location: SourceLocation {
        SourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func skipTrivia() {
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n")
                || c == UInt8(ascii: "\r") || c == 0x0B || c == 0x0C
            {
                advance()
            } else if c == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { advance() }
            } else {
                return
            }
        }
    }

    /// The one-character tokens.
    private static let punctuation: [UInt8: Token.Kind] = [
        UInt8(ascii: ";"): .semicolon, UInt8(ascii: "/"): .slash,
        UInt8(ascii: "["): .leftBracket, UInt8(ascii: "]"): .rightBracket,
    ]

    static func isWordStart(_ c: UInt8) -> Bool {
        isAlphanumeric(c) || c == UInt8(ascii: ":")
    }

    static func isWordBody(_ c: UInt8) -> Bool {
        isAlphanumeric(c) || c == UInt8(ascii: ":") || c == UInt8(ascii: "%") || c == UInt8(ascii: ".")
            || c == UInt8(ascii: "-") || c == UInt8(ascii: ",") || c == UInt8(ascii: "_")
    }

    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    private mutating func next() throws(SetKeyParseError) -> Token {
        skipTrivia()
        let start = location
        guard index < bytes.count else { return Token(kind: .end, location: start) }
        let c = bytes[index]
        if let punctuation = Self.punctuation[c] {
            advance()
            return Token(kind: punctuation, location: start)
        }
        switch c {
        case UInt8(ascii: "\""):
            advance()
            var content: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                content.append(bytes[index])
                advance()
            }
            guard index < bytes.count else {
                throw SetKeyParseError(.unterminatedString, at: start, "quoted string is not closed by '\"'")
            }
            advance()
            return Token(kind: .quoted(content), location: start)
        case UInt8(ascii: "-"):
            let flagStart = index + 1
            guard flagStart < bytes.count, Self.isAlphanumeric(bytes[flagStart]) else {
                throw SetKeyParseError(.unexpectedCharacter, at: start, "expected an option letter after '-'")
            }
            advance()
            while index < bytes.count, Self.isAlphanumeric(bytes[index]) { advance() }
            return Token(kind: .flag(String(decoding: bytes[flagStart..<index], as: UTF8.self)), location: start)
        default:
            guard Self.isWordStart(c) else {
                throw SetKeyParseError(
                    .unexpectedCharacter, at: start, "unexpected character \(Self.describe(c))")
            }
            let wordStart = index
            while index < bytes.count, Self.isWordBody(bytes[index]) { advance() }
            return Token(kind: .word(String(decoding: bytes[wordStart..<index], as: UTF8.self)), location: start)
        }
    }

    /// After `-P`: everything up to the next `;` (not consumed) or the end of input. Comments are removed
    /// and replaced by a space so that columns inside the policy stay exact.
    private mutating func policyText() -> Token {
        let start = location
        var text: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: ";") {
            if bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    text.append(UInt8(ascii: " "))
                    advance()
                }
                continue
            }
            text.append(bytes[index])
            advance()
        }
        return Token(kind: .policy(String(decoding: text, as: UTF8.self)), location: start)
    }

    static func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        let hex = String(c, radix: 16)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
