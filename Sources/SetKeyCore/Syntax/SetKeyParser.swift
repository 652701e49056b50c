/// Parses setkey(8) command input (`setkey -f file`, `setkey -c`) into statements.
///
/// The whole input is parsed before anything is applied: the first error stops parsing and is returned with
/// its `file:line:column`, so a file with a mistake changes nothing in the kernel.
public struct SetKeyParser {
    private var tokens: [Token]
    private var position = 0
    private let protocols: ProtocolDatabase
    /// `-4`, `-6`, `-n` given after the current command.
    private var familyRestriction: IPAddress.Family?

    private init(tokens: [Token], protocols: ProtocolDatabase) {
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

    private var peek: Token { tokens[min(position, tokens.count - 1)] }

    private mutating func take() -> Token {
        let token = peek
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func unexpected(_ token: Token, expected: String) -> SetKeyParseError {
        if token.kind == .end {
            return SetKeyParseError(.unexpectedEnd, at: token.location, "expected \(expected), found end of input")
        }
        return SetKeyParseError(.unexpectedToken, at: token.location, "expected \(expected), found \(token.spelling)")
    }

    private mutating func word(_ expected: String) throws(SetKeyParseError) -> (String, Token) {
        let token = take()
        guard case .word(let text) = token.kind else { throw unexpected(token, expected: expected) }
        return (text, token)
    }

    private mutating func semicolon() throws(SetKeyParseError) {
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

    private mutating func decimal<T: FixedWidthInteger & UnsignedInteger>(
        _ type: T.Type, _ what: String
    ) throws(SetKeyParseError) -> T {
        let (text, token) = try word(what)
        guard text.allSatisfy(\.isASCIIDigit), let value = T(text) else {
            throw SetKeyParseError(.invalidNumber, at: token.location, "expected \(what), found '\(text)'")
        }
        return value
    }

    // MARK: - Statements

    private mutating func parseStatement() throws(SetKeyParseError) -> SetKeyStatement {
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
    private mutating func parseAddressFlags() throws(SetKeyParseError) {
        while case .flag(let flag) = peek.kind, !flag.isEmpty, flag.allSatisfy({ "46n".contains($0) }) {
            for letter in flag {
                switch letter {
                case "4": familyRestriction = .inet
                case "6": familyRestriction = .inet6
                default: break  // -n: numeric only, which is all this setkey accepts.
                }
            }
            _ = take()
        }
    }

    private mutating func address() throws(SetKeyParseError) -> IPAddress {
        let (text, token) = try word("an IP address")
        return try resolve(text, at: token)
    }

    private func resolve(_ text: String, at token: Token) throws(SetKeyParseError) -> IPAddress {
        guard let address = IPAddress(parsing: text) else {
            throw SetKeyParseError(
                .invalidAddress, at: token.location,
                "'\(text)' is not a numeric IPv4 or IPv6 address (host names are not resolved)")
        }
        if let familyRestriction, address.family != familyRestriction {
            throw SetKeyParseError(
                .addressFamilyMismatch, at: token.location,
                "'\(text)' is not an \(familyRestriction == .inet ? "IPv4" : "IPv6") address as -4/-6 requires")
        }
        return address
    }

    private func requireSameFamily(_ a: IPAddress, _ b: IPAddress, at token: Token) throws(SetKeyParseError) {
        guard a.family == b.family else {
            throw SetKeyParseError(
                .addressFamilyMismatch, at: token.location, "source and destination mix IPv4 and IPv6")
        }
    }

    /// `[port]`, `[any]`; nothing gives 0.
    private mutating func optionalPort() throws(SetKeyParseError) -> UInt16 {
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

    private mutating func endpoint() throws(SetKeyParseError) -> Endpoint {
        let host = try address()
        return Endpoint(host, port: try optionalPort())
    }

    // MARK: - SA commands

    private mutating func parseProtocol() throws(SetKeyParseError) -> SAProtocol {
        let (name, token) = try word("a protocol (esp, ah, esp-old, ah-old, esp-udp or ipcomp)")
        switch name {
        case "esp": return SAProtocol(satype: .esp)
        case "ah": return SAProtocol(satype: .ah)
        case "esp-old": return SAProtocol(satype: .esp, isOld: true)
        case "ah-old": return SAProtocol(satype: .ah, isOld: true)
        case "ipcomp": return SAProtocol(satype: .ipcomp)
        case "esp-udp":
            // An address after esp-udp is the NAT original address; a plain number is the SPI.
            var original: IPAddress?
            if case .word(let next) = peek.kind, !next.allSatisfy(\.isASCIIDigit), !next.hasPrefix("0x"),
                !next.hasPrefix("0X"), let oa = IPAddress(parsing: next)
            {
                _ = take()
                original = oa
            }
            return SAProtocol(satype: .esp, udpEncapsulation: .init(originalAddress: original))
        case "tcp":
            throw SetKeyParseError(.unsupported, at: token.location, "TCP-MD5 SAs (tcp) are not supported on Linux")
        default:
            throw SetKeyParseError(
                .unknownName, at: token.location,
                "unknown protocol '\(name)'; expected esp, ah, esp-old, ah-old, esp-udp or ipcomp")
        }
    }

    private mutating func spi() throws(SetKeyParseError) -> UInt32 {
        let (text, token) = try word("an SPI (decimal, or hexadecimal with 0x)")
        let value: UInt32?
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2).drop { $0 == "0" }
            value = digits.isEmpty && text.count > 2 ? 0 : (digits.count <= 8 ? UInt32(digits, radix: 16) : nil)
        } else {
            value = text.allSatisfy(\.isASCIIDigit) ? UInt32(text) : nil
        }
        guard let value else {
            throw SetKeyParseError(.invalidNumber, at: token.location, "invalid SPI '\(text)' (must fit 32 bits)")
        }
        return value
    }

    private mutating func parseSecurityAssociationID() throws(SetKeyParseError) -> SecurityAssociationID {
        try parseAddressFlags()
        let start = peek
        let source = try endpoint()
        let destination = try endpoint()
        try requireSameFamily(source.address, destination.address, at: start)
        let proto = try parseProtocol()
        let spi = try spi()
        _ = try parseExtensions(proto)
        try semicolon()
        return SecurityAssociationID(
            source: source.address, destination: destination.address, satype: proto.satype, spi: spi)
    }

    private mutating func parseSecurityAssociation(
        withAlgorithms: Bool
    ) throws(SetKeyParseError) -> SecurityAssociationSpec {
        try parseAddressFlags()
        let start = peek
        let source = try endpoint()
        let destination = try endpoint()
        try requireSameFamily(source.address, destination.address, at: start)
        let proto = try parseProtocol()
        let spi = try spi()
        var extensions = try parseExtensions(proto)
        var algorithms: SAAlgorithms?
        if withAlgorithms {
            algorithms = try parseAlgorithms(for: proto, extensions: &extensions)
        }
        try semicolon()
        return SecurityAssociationSpec(
            source: source, destination: destination, proto: proto, spi: spi, extensions: extensions,
            algorithms: algorithms)
    }

    private mutating func parseExtensions(_ proto: SAProtocol) throws(SetKeyParseError) -> SAExtensions {
        var ext = SAExtensions()
        if proto.isOld { ext.flags |= SAExtensions.flagOld }
        while case .flag(let flag) = peek.kind {
            let flagToken = peek
            switch flag {
            case "m":
                _ = take()
                let (mode, token) = try word("a mode (transport, tunnel or any)")
                switch mode {
                case "transport": ext.mode = .transport
                case "tunnel": ext.mode = .tunnel
                case "any": ext.mode = .any
                default:
                    throw SetKeyParseError(
                        .unknownName, at: token.location, "unknown mode '\(mode)'; expected transport, tunnel or any")
                }
            case "r":
                _ = take()
                if proto.isOld {
                    throw SetKeyParseError(
                        .unexpectedToken, at: flagToken.location, "replay prevention cannot be used with ah/esp-old")
                }
                ext.replay = try decimal(UInt8.self, "a replay window size (0-255)")
            case "u":
                _ = take()
                ext.reqid = try decimal(UInt32.self, "a reqid")
            case "f":
                _ = take()
                let (option, token) = try word("random-pad, seq-pad, zero-pad or nocyclic-seq")
                switch option {
                case "random-pad": ext.flags |= SAExtensions.flagRandomPad
                case "seq-pad": break  // SADB_X_EXT_PSEQ is 0
                case "zero-pad": ext.flags |= SAExtensions.flagZeroPad
                case "nocyclic-seq": ext.flags &= ~SAExtensions.flagCyclicSequence
                default:
                    throw SetKeyParseError(
                        .unknownName, at: token.location,
                        "unknown -f option '\(option)'; expected random-pad, seq-pad, zero-pad or nocyclic-seq")
                }
            case "lh":
                _ = take()
                ext.hardLifetimeSeconds = try decimal(UInt64.self, "a hard lifetime in seconds")
            case "ls":
                _ = take()
                ext.softLifetimeSeconds = try decimal(UInt64.self, "a soft lifetime in seconds")
            case "bh":
                _ = take()
                ext.hardLifetimeBytes = try decimal(UInt64.self, "a hard lifetime in bytes")
            case "bs":
                _ = take()
                ext.softLifetimeBytes = try decimal(UInt64.self, "a soft lifetime in bytes")
            case "ctx":
                _ = take()
                ext.securityContext = try parseSecurityContext(flagToken)
            default:
                return ext
            }
        }
        return ext
    }

    /// `-ctx doi algorithm "context"` (the `-ctx` token already taken).
    private mutating func parseSecurityContext(_ flag: Token) throws(SetKeyParseError) -> SecurityContext {
        let doi = try decimal(UInt8.self, "the security context DOI (1-255)")
        let algorithm = try decimal(UInt8.self, "the security context algorithm (0-255)")
        let token = take()
        guard case .quoted(let context) = token.kind else {
            throw unexpected(token, expected: "the security context as a quoted string")
        }
        // setkey silently drops a context whose doi is 0; refuse it rather than install an unlabeled entry.
        guard doi != 0 else {
            throw SetKeyParseError(
                .invalidNumber, at: flag.location, "security context doi 0 would install no label; use -ctx 1 1 \"...\"")
        }
        guard !context.contains(0) else {
            throw SetKeyParseError(.invalidNumber, at: token.location, "security context contains a NUL byte")
        }
        return SecurityContext(doi: doi, algorithm: algorithm, context: context)
    }

    private mutating func key(for name: String, rule: KeyLengthRule) throws(SetKeyParseError) -> KeyMaterial {
        let token = take()
        let bytes: [UInt8]
        switch token.kind {
        case .quoted(let raw):
            bytes = raw
        case .word(let text) where text.hasPrefix("0x") || text.hasPrefix("0X"):
            var digits = Array(text.utf8.dropFirst(2))
            guard !digits.isEmpty, let parsed = Self.hexBytes(&digits) else {
                throw SetKeyParseError(.invalidNumber, at: token.location, "invalid hexadecimal key for \(name)")
            }
            bytes = parsed
        default:
            throw unexpected(token, expected: "a key for \(name) (\"string\" or 0xhex)")
        }
        guard rule.accepts(bytes.count * 8) else {
            throw SetKeyParseError(
                .invalidKeyLength, at: token.location,
                "\(name) takes a key of \(rule.description) bits; this key has \(bytes.count * 8)")
        }
        return KeyMaterial(bytes)
    }

    /// Hex digits to bytes; an odd count gets a leading zero nibble, as setkey does.
    static func hexBytes(_ digits: inout [UInt8]) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        if digits.count % 2 == 1 { digits.insert(UInt8(ascii: "0"), at: 0) }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = nibble(digits[i]), let low = nibble(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private mutating func authentication() throws(SetKeyParseError) -> (AuthenticationAlgorithm, KeyMaterial?) {
        let (name, token) = try word("an authentication algorithm")
        guard let algorithm = AuthenticationAlgorithm.named(name) else {
            if AuthenticationAlgorithm.notOnLinux.contains(name) {
                throw SetKeyParseError(.unsupported, at: token.location, "\(name) is not supported on Linux")
            }
            throw SetKeyParseError(
                .unknownName, at: token.location,
                "unknown authentication algorithm '\(name)'; expected one of "
                    + AuthenticationAlgorithm.all.map(\.name).joined(separator: ", "))
        }
        if algorithm.keyLength == .none { return (algorithm, nil) }
        return (algorithm, try key(for: name, rule: algorithm.keyLength))
    }

    private mutating func parseAlgorithms(
        for proto: SAProtocol, extensions: inout SAExtensions
    ) throws(SetKeyParseError) -> SAAlgorithms {
        let token = take()
        guard case .flag(let flag) = token.kind, flag == "E" || flag == "A" || flag == "C" else {
            throw unexpected(token, expected: "an extension or algorithm option (-m -r -u -f -lh -ls -bh -bs -ctx -E -A -C)")
        }
        switch (flag, proto.satype) {
        case ("E", .esp):
            let (name, nameToken) = try word("an encryption algorithm")
            guard let encryption = EncryptionAlgorithm.named(name) else {
                if ["des-deriv", "des-32iv", "simple"].contains(name) {
                    throw SetKeyParseError(.unsupported, at: nameToken.location, "\(name) is not supported on Linux")
                }
                throw SetKeyParseError(
                    .unknownName, at: nameToken.location,
                    "unknown encryption algorithm '\(name)'; expected one of "
                        + EncryptionAlgorithm.all.map(\.name).joined(separator: ", "))
            }
            let key = encryption.keyLength == .none ? KeyMaterial([]) : try key(for: name, rule: encryption.keyLength)
            var authentication: (AuthenticationAlgorithm, KeyMaterial?)?
            if case .flag("A") = peek.kind {
                _ = take()
                authentication = try self.authentication()
            }
            return .esp(
                encryption: encryption, encryptionKey: key, authentication: authentication?.0,
                authenticationKey: authentication?.1)
        case ("A", .ah):
            let (algorithm, key) = try authentication()
            return .ah(authentication: algorithm, key: key ?? KeyMaterial([]))
        case ("C", .ipcomp):
            let (name, nameToken) = try word("a compression algorithm (oui, deflate or lzs)")
            guard let algorithm = CompressionAlgorithm.named(name) else {
                throw SetKeyParseError(
                    .unknownName, at: nameToken.location,
                    "unknown compression algorithm '\(name)'; expected oui, deflate or lzs")
            }
            var raw = false
            if case .flag("R") = peek.kind {
                _ = take()
                raw = true
                extensions.flags |= SAExtensions.flagRawCPI
            }
            return .ipcomp(algorithm, rawCPI: raw)
        case (_, .esp):
            throw SetKeyParseError(
                .unexpectedToken, at: token.location, "an esp SA needs -E ealgo key [-A aalgo key]")
        case (_, .ah):
            throw SetKeyParseError(.unexpectedToken, at: token.location, "an ah SA needs -A aalgo key")
        case (_, .ipcomp):
            throw SetKeyParseError(.unexpectedToken, at: token.location, "an ipcomp SA needs -C calgo [-R]")
        case (_, .unspecified):
            throw SetKeyParseError(.unexpectedToken, at: token.location, "add needs a protocol")
        }
    }

    // MARK: - SPD commands

    private mutating func selector() throws(SetKeyParseError) -> SelectorAddress {
        let (text, token) = try word("an IP address or address range")
        let host = try resolve(text, at: token)
        var prefix: UInt8?
        if peek.kind == .slash {
            _ = take()
            let (bits, bitsToken) = try word("a prefix length")
            guard bits.allSatisfy(\.isASCIIDigit), let value = UInt8(bits), value <= host.family.bitCount else {
                throw SetKeyParseError(
                    .invalidNumber, at: bitsToken.location,
                    "invalid prefix length '\(bits)' (0-\(host.family.bitCount))")
            }
            prefix = value
        }
        return SelectorAddress(host, prefixLength: prefix, port: try optionalPort())
    }

    private mutating func parsePolicyEntry(_ command: String) throws(SetKeyParseError) -> PolicyEntry {
        if case .word("tagged") = peek.kind {
            throw SetKeyParseError(
                .unsupported, at: peek.location, "\(command) tagged: PF tags do not exist on Linux")
        }
        try parseAddressFlags()
        let start = peek
        var source = try selector()
        var destination = try selector()
        try requireSameFamily(source.address, destination.address, at: start)
        let (upperName, upperToken) = try word("an upper-layer protocol (any, a name or a number)")
        let upper: UInt8
        if upperName == "any" {
            upper = PolicyEntry.anyProtocol
        } else if upperName.allSatisfy(\.isASCIIDigit) {
            guard let value = UInt8(upperName) else {
                throw SetKeyParseError(.invalidNumber, at: upperToken.location, "invalid protocol number '\(upperName)'")
            }
            upper = value
        } else if let value = protocols.number(named: upperName) {
            upper = value
        } else {
            throw SetKeyParseError(
                .unknownName, at: upperToken.location, "invalid upper layer protocol '\(upperName)'")
        }
        if case .word(let misc) = peek.kind {
            let miscToken = take()
            try applyUpperSpec(misc, protocol: upper, at: miscToken, source: &source, destination: &destination)
        }
        var context: SecurityContext?
        if case .flag("ctx") = peek.kind {
            let flag = take()
            context = try parseSecurityContext(flag)
        }
        let flag = take()
        guard case .flag("P") = flag.kind else { throw unexpected(flag, expected: "-P and a policy") }
        let policyToken = take()
        guard case .policy(let text) = policyToken.kind else { throw unexpected(policyToken, expected: "a policy") }
        var policyParser = PolicyParser(text: text, start: policyToken.location, end: peek.location)
        let policy = try policyParser.parse()
        for request in policy.requests {
            if let tunnel = request.tunnel, tunnel.source.address.family != source.address.family,
                request.mode == .transport
            {
                throw SetKeyParseError(
                    .addressFamilyMismatch, at: policyToken.location, "request end points and selector mix families")
            }
        }
        try semicolon()
        return PolicyEntry(
            source: source, destination: destination, upperLayerProtocol: upper, securityContext: context,
            policy: policy)
    }

    /// `icmp type[,code]` and `gre key` put their values in the selector ports (setkey's `fix_portstr`).
    private func applyUpperSpec(
        _ spec: String, protocol upper: UInt8, at token: Token, source: inout SelectorAddress,
        destination: inout SelectorAddress
    ) throws(SetKeyParseError) {
        switch upper {
        case 1, 58, 135:  // ICMP, ICMPv6, MH: type[,code]
            let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let type = UInt16(parts[0]), type <= 255,
                parts.count == 1 || (UInt16(parts[1]).map { $0 <= 255 } ?? false)
            else {
                throw SetKeyParseError(.invalidNumber, at: token.location, "expected type[,code], found '\(spec)'")
            }
            source.port = type
            destination.port = parts.count == 2 ? UInt16(parts[1]) ?? 0 : 0
        case 47:  // GRE key: a.b.c.d or a number
            if let dotted = IPAddress(parsing: spec), dotted.family == .inet {
                let b = dotted.bytes
                source.port = UInt16(b[0]) << 8 | UInt16(b[1])
                destination.port = UInt16(b[2]) << 8 | UInt16(b[3])
            } else if spec.allSatisfy(\.isASCIIDigit), let key = UInt32(spec) {
                source.port = UInt16(key >> 16)
                destination.port = UInt16(key & 0xFFFF)
            } else {
                throw SetKeyParseError(.invalidNumber, at: token.location, "invalid GRE key '\(spec)'")
            }
        default:
            throw SetKeyParseError(
                .unexpectedToken, at: token.location,
                "'\(spec)' after the upper-layer protocol is only allowed for icmp, icmp6, mh and gre")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
