internal import IPAddressing
/// Parses setkey(8) command input (`setkey -f file`, `setkey -c`) into statements.
///
/// The whole input is parsed before anything is applied: the first error stops parsing and is returned with
/// its `file:line:column`, so a file with a mistake changes nothing in the kernel.
public struct SetKeyParser {
    var tokens: [Token]
    var position = 0
    let protocols: ProtocolDatabase
    /// `-4`, `-6`, `-n` given after the current command.
    var familyRestriction: IPAddress.Family?

    init(tokens: [Token], protocols: ProtocolDatabase) {
        self.tokens = tokens
        self.protocols = protocols
    }

    /// Parses `text` (the contents of `file`) into statements.
    public static func parse(
        _ text: [UInt8], file: String, protocols: ProtocolDatabase = .system
    ) throws(SetKeyParseError) -> [SetKeyStatement] {
        var parser = SetKeyParser(tokens: try SetKeyLexer.tokenize(text, file: file), protocols: protocols)
        var statements: [SetKeyStatement] = []
        while parser.peek.kind != .end {
            let statement = try parser.parseStatement()
            statements.append(statement)
            if statement.command == .exit { break }
        }
        return statements
    }

    /// Parses a string (convenience for `-c` lines and tests).
    public static func parse(
        _ text: String, file: String, protocols: ProtocolDatabase = .system
    ) throws(SetKeyParseError) -> [SetKeyStatement] {
        try parse(Array(text.utf8), file: file, protocols: protocols)
    }

    // MARK: - Token helpers

    var peek: Token { tokens[min(position, tokens.count - 1)] }

    mutating func take() -> Token {
        let token = peek
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func unexpected(_ token: Token, expected: String) -> SetKeyParseError {
        if token.kind == .end {
            return SetKeyParseError(.unexpectedEnd, at: token.location, "expected \(expected), found end of input")
        }
        return SetKeyParseError(.unexpectedToken, at: token.location, "expected \(expected), found \(token.spelling)")
    }

    mutating func word(_ expected: String) throws(SetKeyParseError) -> (String, Token) {
        let token = take()
        guard case .word(let text) = token.kind else { throw unexpected(token, expected: expected) }
        return (text, token)
    }

    mutating func semicolon() throws(SetKeyParseError) {
        let token = take()
        guard token.kind == .semicolon else {
            if case .flag(let flag) = token.kind {
                throw SetKeyParseError(
                    .unexpectedToken, at: token.location,
                    "unexpected option '-\(flag)' here; expected ';' to end the statement")
            }
            throw unexpected(token, expected: "';' to end the statement")
        }
    }

    mutating func decimal<T: FixedWidthInteger & UnsignedInteger>(
        _ type: T.Type, _ what: String
    ) throws(SetKeyParseError) -> T {
        let (text, token) = try word(what)
        guard text.allSatisfy(\.isASCIIDigit), let value = T(text) else {
            throw SetKeyParseError(.invalidNumber, at: token.location, "expected \(what), found '\(text)'")
        }
        return value
    }

    // MARK: - Statements

    mutating func parseStatement() throws(SetKeyParseError) -> SetKeyStatement {
        let token = take()
        guard case .word(let command) = token.kind else { throw unexpected(token, expected: "a command") }
        familyRestriction = nil
        let parsed: SetKeyCommand
        switch command {
        case "add": parsed = .add(try parseSecurityAssociation(withAlgorithms: true))
        case "getspi": parsed = .getSPI(try parseSecurityAssociation(withAlgorithms: false))
        case "get": parsed = .get(try parseSecurityAssociationID())
        case "delete": parsed = .delete(try parseSecurityAssociationID())
        case "deleteall":
            try parseAddressFlags()
            let source = try address()
            let destination = try address()
            try requireSameFamily(source, destination, at: token)
            let proto = try parseProtocol()
            try semicolon()
            parsed = .deleteAll(source: source, destination: destination, satype: proto.satype)
        case "flush", "dump":
            var satype = SAType.unspecified
            if case .word = peek.kind { satype = try parseProtocol().satype }
            try semicolon()
            parsed = command == "flush" ? .flush(satype) : .dump(satype)
        case "spdadd": parsed = .spdAdd(try parsePolicyEntry(command))
        case "spdupdate": parsed = .spdUpdate(try parsePolicyEntry(command))
        case "spddelete": parsed = .spdDelete(try parsePolicyEntry(command))
        case "spdflush", "spddump":
            try semicolon()
            parsed = command == "spdflush" ? .spdFlush : .spdDump
        case "exit", "quit", "bye":
            try semicolon()
            parsed = .exit
        default:
            throw SetKeyParseError(
                .unknownCommand, at: token.location,
                "unknown command '\(command)'; expected add, get, getspi, delete, deleteall, flush, dump, "
                    + "spdadd, spdupdate, spddelete, spdflush, spddump or exit")
        }
        return SetKeyStatement(command: parsed, location: token.location)
    }

    // MARK: - Addresses

    /// `-4`, `-6`, `-n` and combinations (`-46n`), right after the command word.
    mutating func parseAddressFlags() throws(SetKeyParseError) {
        while case .flag(let flag) = peek.kind, !flag.isEmpty, flag.allSatisfy({ "46n".contains($0) }) {
            for letter in flag {
                switch letter {
                case "4": familyRestriction = .ipv4
                case "6": familyRestriction = .ipv6
                default: break  // -n: numeric only, which is all this setkey accepts.
                }
            }
            _ = take()
        }
    }

    mutating func address() throws(SetKeyParseError) -> ScopedAddress {
        let (text, token) = try word("an IP address")
        return try resolve(text, at: token)
    }

    func resolve(_ text: String, at token: Token) throws(SetKeyParseError) -> ScopedAddress {
        guard let address = ScopedAddress(parsing: text) else {
            throw SetKeyParseError(
                .invalidAddress, at: token.location,
                "'\(text)' is not a numeric IPv4 or IPv6 address (host names are not resolved)")
        }
        if let familyRestriction, address.family != familyRestriction {
            throw SetKeyParseError(
                .addressFamilyMismatch, at: token.location,
                "'\(text)' is not an \(familyRestriction == .ipv4 ? "IPv4" : "IPv6") address as -4/-6 requires")
        }
        return address
    }

    func requireSameFamily(_ a: ScopedAddress, _ b: ScopedAddress, at token: Token) throws(SetKeyParseError) {
        guard a.family == b.family else {
            throw SetKeyParseError(
                .addressFamilyMismatch, at: token.location, "source and destination mix IPv4 and IPv6")
        }
    }

    /// `[port]`, `[any]`; nothing gives 0.
    mutating func optionalPort() throws(SetKeyParseError) -> UInt16 {
        guard peek.kind == .leftBracket else { return 0 }
        _ = take()
        let (text, token) = try word("a port number or 'any'")
        let port: UInt16
        if text == "any" {
            port = 0
        } else {
            guard text.allSatisfy(\.isASCIIDigit), let value = UInt16(text) else {
                throw SetKeyParseError(.invalidNumber, at: token.location, "invalid port '\(text)'")
            }
            port = value
        }
        let close = take()
        guard close.kind == .rightBracket else { throw unexpected(close, expected: "']'") }
        return port
    }

    mutating func endpoint() throws(SetKeyParseError) -> Endpoint {
        let host = try address()
        return Endpoint(host, port: try optionalPort())
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
