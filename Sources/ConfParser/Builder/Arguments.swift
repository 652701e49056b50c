/// Reads one statement's arguments left to right, throwing a located `ConfigError` on the first token that
/// does not fit.
///
/// When the arguments run out, errors point at the statement's terminator (`;` or `{`), which is where the
/// missing value should have been.
struct Arguments {
    let statement: Statement
    let file: String
    private(set) var index = 0

    init(_ statement: Statement, file: String) {
        self.statement = statement
        self.file = file
    }

    /// The next token, or the terminator when the arguments are exhausted.
    var peek: Token { index < statement.arguments.count ? statement.arguments[index] : statement.terminator }

    /// True when every argument was consumed.
    var isAtEnd: Bool { index >= statement.arguments.count }

    /// The location of the next token.
    var location: SourceLocation { peek.location(in: file) }

    /// Consumes and returns the next argument of `kind`, or throws "expected `what`".
    mutating func take(_ kind: TokenKind, _ what: String) throws(ConfigError) -> Token {
        guard !isAtEnd, peek.kind == kind else { throw ConfigError.unexpected(peek, in: file, expected: what) }
        defer { index += 1 }
        return peek
    }

    /// Consumes the next argument if it has `kind`.
    mutating func takeIf(_ kind: TokenKind) -> Token? {
        guard !isAtEnd, peek.kind == kind else { return nil }
        defer { index += 1 }
        return peek
    }

    /// Consumes the next argument if it is the word `word`.
    mutating func takeWord(_ word: String) -> Bool {
        guard !isAtEnd, peek.isWord(word) else { return false }
        index += 1
        return true
    }

    /// Consumes a word of `table`.
    mutating func choice<T>(_ table: KeywordTable<T>, _ what: String,
                            code: ConfigError.Code = .invalidValue) throws(ConfigError) -> T {
        let token = peek
        guard !isAtEnd, token.kind == .word || token.kind == .number, let value = table[token.text] else {
            if isAtEnd { throw ConfigError.unexpected(token, in: file, expected: what) }
            throw ConfigError.unexpected(token, in: file, expected: what, code: code)
        }
        index += 1
        return value
    }

    /// Consumes `on` or `off`.
    mutating func onOff() throws(ConfigError) -> Bool {
        try choice(["on": true, "off": false], "'on' or 'off'")
    }

    /// Consumes a string.
    mutating func string(_ what: String = "a quoted string") throws(ConfigError) -> String {
        try take(.string, what).text
    }

    /// Consumes a number within `range`.
    mutating func number(in range: ClosedRange<UInt64>, _ what: String = "a number") throws(ConfigError) -> UInt64 {
        let token = try take(.number, what)
        guard range.contains(token.value) else {
            throw ConfigError.at(token, in: file, .valueOutOfRange,
                                 "\(token.text) is out of range; expected \(range.lowerBound) to \(range.upperBound)",
                                 expected: "\(range.lowerBound)...\(range.upperBound)")
        }
        return token.value
    }

    /// Consumes `N unit` (racoon's `NUMBER unittype_time`) and returns seconds, at most `UInt32.max`.
    mutating func duration() throws(ConfigError) -> UInt32 {
        let number = try take(.number, "a number")
        let multiplier: UInt64 = try choice(Self.timeUnits, "a time unit (sec, min, hour)")
        let (seconds, overflow) = number.value.multipliedReportingOverflow(by: multiplier)
        guard !overflow, seconds <= UInt64(UInt32.max) else {
            throw ConfigError.at(number, in: file, .valueOutOfRange,
                                 "duration \(number.text) is too long; the limit is \(UInt32.max) seconds")
        }
        return UInt32(seconds)
    }

    /// Consumes `time N unit` after `lifetime`; `byte …` is racoon's hard error.
    mutating func lifetime() throws(ConfigError) -> UInt32 {
        if !isAtEnd, peek.isWord("byte") {
            throw ConfigError.at(peek, in: file, .byteLifetimeUnsupported,
                                 "byte lifetimes are not supported (racoon: \"byte lifetime support is deprecated\")",
                                 expected: "'time'")
        }
        guard takeWord("time") else { throw ConfigError.unexpected(peek, in: file, expected: "'time'") }
        return try duration()
    }

    /// Requires that every argument was consumed and that the statement ended with `;`.
    func end() throws(ConfigError) {
        guard isAtEnd else { throw ConfigError.unexpected(peek, in: file, expected: "';'") }
        if statement.body != nil {
            throw ConfigError.unexpected(statement.terminator, in: file, expected: "';'")
        }
    }

    /// Requires that every argument was consumed and that a `{ … }` body follows; returns it.
    func block() throws(ConfigError) -> Body {
        guard isAtEnd else { throw ConfigError.unexpected(peek, in: file, expected: "'{'") }
        guard let body = statement.body else {
            throw ConfigError.unexpected(statement.terminator, in: file, expected: "'{'")
        }
        return body
    }

    static let timeUnits: KeywordTable<UInt64> = [
        "sec": 1, "secs": 1, "second": 1, "seconds": 1,
        "min": 60, "mins": 60, "minute": 60, "minutes": 60,
        "hour": 3600, "hours": 3600,
    ]
}
