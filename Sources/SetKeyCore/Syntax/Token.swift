/// One lexical token of the setkey command language.
struct Token: Sendable, Equatable {
    /// The token's kind and payload.
    enum Kind: Sendable, Equatable {
        /// A bare word: a command, a name, an address, a number (`esp`, `10.0.0.1`, `0x1000`, `8,0`).
        case word(String)
        /// An option word starting with `-` (`-E`, `-ctx`, `-46`); stored without the hyphen.
        case flag(String)
        /// A double-quoted string, its bytes without the quotes.
        case quoted([UInt8])
        /// The raw text after `-P`, up to (not including) the terminating `;`.
        case policy(String)
        /// `/`
        case slash
        /// `[`
        case leftBracket
        /// `]`
        case rightBracket
        /// `;`
        case semicolon
        /// End of input.
        case end
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token is named in "expected ..., found ..." messages. Quoted strings are not echoed,
    /// because they may be keys.
    var spelling: String {
        switch kind {
        case .word(let w): return "'\(w)'"
        case .flag(let f): return "'-\(f)'"
        case .quoted: return "a quoted string"
        case .policy: return "a policy"
        case .slash: return "'/'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .semicolon: return "';'"
        case .end: return "end of input"
        }
    }
}
