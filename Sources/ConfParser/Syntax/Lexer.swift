/// Splits racoon.conf text into tokens (racoon's `cftoken.l`, written by hand).
///
/// - `#` starts a comment that runs to the end of the line, anywhere on a line.
/// - Strings are double-quoted with no escapes and may span lines.
/// - `;`, `{`, `}` and `,` are tokens of their own.
/// - `[500]` / `[any]` is a port and `/24` a prefix; both may follow an address with or without blanks.
/// - Any other run of characters is a bare token: all digits make a number, a colon or a dotted-digit form makes an
///   address (validated here), `A-B` of two addresses makes a range, anything else is a word.
struct Lexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line: Int32 = 1
    private var lineStart = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private var column: Int32 { Int32(index - lineStart + 1) }

    /// Returns the next token, `.endOfFile` once the input is exhausted.
    mutating func next() throws(ConfigError) -> Token {
        skipBlanksAndComments()
        guard index < bytes.count else {
            return Token(kind: .endOfFile, text: "", value: 0, line: line, column: column)
        }
        let startLine = line
        let startColumn = column
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: ";"): return single(.semicolon, ";", startLine, startColumn)
        case UInt8(ascii: "{"): return single(.openBrace, "{", startLine, startColumn)
        case UInt8(ascii: "}"): return single(.closeBrace, "}", startLine, startColumn)
        case UInt8(ascii: ","): return single(.comma, ",", startLine, startColumn)
        case UInt8(ascii: "\""): return try string(startLine, startColumn)
        case UInt8(ascii: "["): return try port(startLine, startColumn)
        case UInt8(ascii: "/"): return try prefix(startLine, startColumn)
        case UInt8(ascii: "]"):
            throw invalidCharacter(byte, startLine, startColumn)
        default:
            if byte < 0x20 || byte == 0x7F { throw invalidCharacter(byte, startLine, startColumn) }
            return try bare(startLine, startColumn)
        }
    }

    // MARK: - Pieces

    private mutating func skipBlanksAndComments() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                index += 1
            case UInt8(ascii: "#"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            default:
                return
            }
        }
    }

    private mutating func single(_ kind: TokenKind, _ text: String, _ line: Int32, _ column: Int32) -> Token {
        index += 1
        return Token(kind: kind, text: text, value: 0, line: line, column: column)
    }

    private mutating func string(_ startLine: Int32, _ startColumn: Int32) throws(ConfigError) -> Token {
        index += 1
        let contentStart = index
        while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        guard index < bytes.count else {
            throw ConfigError(.unterminatedString, at: location(startLine, startColumn), found: "\"",
                              expected: "a closing '\"'", message: "string starting here has no closing '\"'")
        }
        guard let text = Self.string(bytes[contentStart..<index]) else {
            throw ConfigError(.invalidEncoding, at: location(startLine, startColumn), found: nil,
                              expected: "UTF-8 text", message: "string is not valid UTF-8")
        }
        index += 1
        return Token(kind: .string, text: text, value: 0, line: startLine, column: startColumn)
    }

    private mutating func port(_ startLine: Int32, _ startColumn: Int32) throws(ConfigError) -> Token {
        let start = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "]"), !isDelimiter(bytes[index]) { index += 1 }
        let closed = index < bytes.count && bytes[index] == UInt8(ascii: "]")
        if closed { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let inner = closed ? text.dropFirst().dropLast() : text.dropFirst()
        guard closed else {
            throw ConfigError(.invalidPort, at: location(startLine, startColumn), found: "'\(text)'",
                              expected: "'[' port number or 'any' ']'", message: "port '\(text)' has no closing ']'")
        }
        if inner == "any" {
            return Token(kind: .portAny, text: text, value: 0, line: startLine, column: startColumn)
        }
        guard let value = Self.decimal(inner), value <= 65535 else {
            throw ConfigError(.invalidPort, at: location(startLine, startColumn), found: "'\(text)'",
                              expected: "a port number 0-65535 or 'any'",
                              message: "invalid port '\(text)'; expected a port number 0-65535 or 'any'")
        }
        return Token(kind: .port, text: text, value: value, line: startLine, column: startColumn)
    }

    private mutating func prefix(_ startLine: Int32, _ startColumn: Int32) throws(ConfigError) -> Token {
        let start = index
        index += 1
        while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Self.decimal(text.dropFirst()), value <= 128 else {
            throw ConfigError(.invalidPrefix, at: location(startLine, startColumn), found: "'\(text)'",
                              expected: "a prefix length 0-128",
                              message: "invalid prefix '\(text)'; expected '/' and a prefix length 0-128")
        }
        return Token(kind: .prefix, text: text, value: value, line: startLine, column: startColumn)
    }

    private mutating func bare(_ startLine: Int32, _ startColumn: Int32) throws(ConfigError) -> Token {
        let start = index
        while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
        let slice = bytes[start..<index]
        guard let text = Self.string(slice) else {
            throw ConfigError(.invalidEncoding, at: location(startLine, startColumn), found: nil,
                              expected: "UTF-8 text", message: "word is not valid UTF-8")
        }
        var allDigits = true
        var hasColon = false
        var hasDot = false
        var hasDash = false
        var dottedDigits = true
        for byte in slice {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: ":"): hasColon = true; allDigits = false
            case UInt8(ascii: "."): hasDot = true; allDigits = false
            case UInt8(ascii: "-"): hasDash = true; allDigits = false; dottedDigits = false
            default: allDigits = false; dottedDigits = false
            }
        }
        if allDigits {
            guard let value = Self.decimal(text) else {
                throw ConfigError(.invalidNumber, at: location(startLine, startColumn), found: "'\(text)'",
                                  expected: "a number that fits in 64 bits", message: "number '\(text)' is too large")
            }
            return Token(kind: .number, text: text, value: value, line: startLine, column: startColumn)
        }
        if hasDash && (hasColon || hasDot), let dash = text.firstIndex(of: "-"),
           let low = IPAddress(configurationText: text[..<dash]),
           let high = IPAddress(configurationText: text[text.index(after: dash)...]) {
            guard low.family == high.family else {
                throw ConfigError(.invalidAddress, at: location(startLine, startColumn), found: "'\(text)'",
                                  expected: "two addresses of the same family",
                                  message: "address range '\(text)' mixes IPv4 and IPv6")
            }
            return Token(kind: .addressRange, text: text, value: 0, line: startLine, column: startColumn)
        }
        if hasColon || (hasDot && dottedDigits) {
            guard IPAddress(configurationText: text) != nil else {
                throw ConfigError(.invalidAddress, at: location(startLine, startColumn), found: "'\(text)'",
                                  expected: "an IPv4 or IPv6 address",
                                  message: "'\(text)' is not a valid IPv4 or IPv6 address")
            }
            return Token(kind: .address, text: text, value: 0, line: startLine, column: startColumn)
        }
        return Token(kind: .word, text: text, value: 0, line: startLine, column: startColumn)
    }

    // MARK: - Helpers

    private func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0x0B, 0x0C,
             UInt8(ascii: ";"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: "\""),
             UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "/"):
            return true
        default:
            return byte < 0x20 || byte == 0x7F
        }
    }

    private func location(_ line: Int32, _ column: Int32) -> SourceLocation {
        SourceLocation(file: file, line: Int(line), column: Int(column))
    }

    private func invalidCharacter(_ byte: UInt8, _ line: Int32, _ column: Int32) -> ConfigError {
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return ConfigError(.invalidCharacter, at: location(line, column), found: shown, expected: "a token",
                           message: "unexpected character \(shown)")
    }

    /// Decodes UTF-8, with a fast path for ASCII (nearly every configuration); nil if the bytes are not UTF-8.
    static func string(_ bytes: ArraySlice<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Parses a non-empty run of ASCII digits into a UInt64; nil on any other byte or on overflow.
    static func decimal(_ text: some StringProtocol) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
