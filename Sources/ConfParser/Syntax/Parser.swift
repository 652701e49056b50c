/// Recursive-descent parser from tokens to a `SyntaxTree` (racoon's `cfparse.y`, structure only).
///
/// Grammar:
/// ```
/// file      := statement* EOF
/// statement := WORD argument* ( ';' | '{' statement* '}' )
/// argument  := any token except ';' '{' '}' EOF
/// ```
/// One repair is built in: a top-level `sainfo` whose header runs straight into a sainfo directive
/// (`sainfo anonymous pfs_group 2;`, the mailing-list damage in the labeled-IPsec HOWTO) is split there, and
/// the following statements up to the next top-level keyword become its body, marked `isBraced == false`.
struct Parser {
    /// Blocks nest at most this deep (racoon's deepest is `remote { proposal { } }`).
    static let maximumNesting = 4

    /// Statement names that start a top-level statement; they end a brace-less `sainfo` body.
    static let topLevelKeywords: Set<String> = [
        "privsep", "path", "include", "pfkey_buffer", "gss_id_enc", "log", "padding", "listen", "ldapcfg",
        "radiuscfg", "mode_cfg", "timer", "sainfo", "remote", "complex_bundle", "security_context_attribute",
        "kernel_interface",
    ]

    /// Statement names valid inside a `sainfo` body; one of them in a sainfo header marks a brace-less body.
    static let sainfoKeywords: Set<String> = [
        "pfs_group", "remoteid", "lifetime", "encryption_algorithm", "authentication_algorithm",
        "compression_algorithm",
    ]

    private var lexer: Lexer
    private let file: String
    private var current: Token

    /// Parses a whole file.
    static func parse(bytes: [UInt8], file: String) throws(ConfigError) -> SyntaxTree {
        var parser = try Parser(bytes: bytes, file: file)
        let statements = try parser.statements(depth: 0, opener: nil)
        return SyntaxTree(file: file, statements: statements)
    }

    /// Returns the next top-level statement, or nil at the end of the file. Loading uses this so that only one
    /// top-level statement's tree is alive at a time, however large the file.
    mutating func nextTopLevelStatement() throws(ConfigError) -> Statement? {
        switch current.kind {
        case .endOfFile: return nil
        case .word: return try statement(depth: 0)
        default: throw ConfigError.unexpected(current, in: file, expected: "a statement")
        }
    }

    init(bytes: [UInt8], file: String) throws(ConfigError) {
        self.lexer = Lexer(bytes: bytes, file: file)
        self.file = file
        self.current = try lexer.next()
    }

    private mutating func take() throws(ConfigError) -> Token {
        let token = current
        current = try lexer.next()
        return token
    }

    private mutating func statements(depth: Int, opener: Token?) throws(ConfigError) -> [Statement] {
        var result: [Statement] = []
        while true {
            switch current.kind {
            case .endOfFile:
                if let opener {
                    throw ConfigError.unexpected(
                        current, in: file,
                        expected: "'}' to close the block opened at line \(opener.line), column \(opener.column)")
                }
                return result
            case .closeBrace:
                if opener == nil { throw ConfigError.unexpected(current, in: file, expected: "a statement") }
                return result
            case .word:
                result.append(try statement(depth: depth))
            default:
                throw ConfigError.unexpected(current, in: file, expected: "a directive name")
            }
        }
    }

    private mutating func statement(depth: Int) throws(ConfigError) -> Statement {
        let keyword = try take()
        var arguments: [Token] = []
        while true {
            switch current.kind {
            case .semicolon:
                let terminator = try take()
                if depth == 0 && keyword.text == "sainfo" {
                    return try bracelessSAInfo(keyword: keyword, arguments: arguments, terminator: terminator)
                }
                return Statement(keyword: keyword, arguments: arguments, terminator: terminator, body: nil)
            case .openBrace:
                guard depth < Self.maximumNesting else {
                    throw ConfigError.at(current, in: file, .nestingTooDeep,
                                         "blocks are nested more than \(Self.maximumNesting) deep")
                }
                let open = try take()
                let inner = try statements(depth: depth + 1, opener: open)
                _ = try take()  // the '}' that `statements` stopped at
                return Statement(keyword: keyword, arguments: arguments, terminator: open,
                                 body: Body(statements: inner, isBraced: true))
            case .closeBrace, .endOfFile:
                throw ConfigError.unexpected(current, in: file, expected: "';'")
            default:
                arguments.append(try take())
            }
        }
    }

    /// Splits `sainfo HEADER DIRECTIVE ARGS;` into a header and a brace-less body; returns the statement
    /// unchanged when no sainfo directive appears in its arguments.
    private mutating func bracelessSAInfo(keyword: Token, arguments: [Token],
                                          terminator: Token) throws(ConfigError) -> Statement {
        guard let split = arguments.firstIndex(where: { $0.kind == .word && Self.sainfoKeywords.contains($0.text) })
        else {
            return Statement(keyword: keyword, arguments: arguments, terminator: terminator, body: nil)
        }
        let first = Statement(keyword: arguments[split], arguments: Array(arguments[(split + 1)...]),
                              terminator: terminator, body: nil)
        var body = [first]
        while current.kind == .word && !Self.topLevelKeywords.contains(current.text) {
            body.append(try statement(depth: 1))
        }
        return Statement(keyword: keyword, arguments: Array(arguments[..<split]), terminator: arguments[split],
                         body: Body(statements: body, isBraced: false))
    }
}
