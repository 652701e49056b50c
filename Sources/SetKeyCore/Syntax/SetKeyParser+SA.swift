/// add, get, delete, deleteall, flush, dump: the SA commands of setkey(8) and their algorithms and keys.
extension SetKeyParser {
    mutating func parseProtocol() throws(SetKeyParseError) -> SAProtocol {
        let (name, token) = try word("a protocol (esp, ah, esp-old, ah-old, esp-udp or ipcomp)")
        switch name {
        case "esp": return SAProtocol(satype: .esp)
        case "ah": return SAProtocol(satype: .ah)
        case "esp-old": return SAProtocol(satype: .esp, isOld: true)
        case "ah-old": return SAProtocol(satype: .ah, isOld: true)
        case "ipcomp": return SAProtocol(satype: .ipcomp)
        case "esp-udp":
            // An address after esp-udp is the NAT original address; a plain number is the SPI.
            var original: ScopedAddress?
            if case .word(let next) = peek.kind, !next.allSatisfy(\.isASCIIDigit), !next.hasPrefix("0x"),
                !next.hasPrefix("0X"), let oa = ScopedAddress(parsing: next)
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

    mutating func spi() throws(SetKeyParseError) -> UInt32 {
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

    /// `[-4|-6|-n] src dst protocol spi`, the head every SA command starts with.
    mutating func parseSAHead() throws(SetKeyParseError) -> (source: Endpoint, destination: Endpoint, proto: SAProtocol, spi: UInt32) {
        try parseAddressFlags()
        let start = peek
        let source = try endpoint()
        let destination = try endpoint()
        try requireSameFamily(source.address, destination.address, at: start)
        let proto = try parseProtocol()
        return (source, destination, proto, try spi())
    }

    mutating func parseSecurityAssociationID() throws(SetKeyParseError) -> SecurityAssociationID {
        let (source, destination, proto, spi) = try parseSAHead()
        _ = try parseExtensions(proto)
        try semicolon()
        return SecurityAssociationID(
            source: source.address, destination: destination.address, satype: proto.satype, spi: spi)
    }

    mutating func parseSecurityAssociation(
        withAlgorithms: Bool
    ) throws(SetKeyParseError) -> SecurityAssociationSpec {
        let (source, destination, proto, spi) = try parseSAHead()
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

    mutating func parseExtensions(_ proto: SAProtocol) throws(SetKeyParseError) -> SAExtensions {
        var ext = SAExtensions()
        if proto.isOld { ext.flags |= SAExtensions.flagOld }
        while case .flag(let flag) = peek.kind {
            let flagToken = peek
            switch flag {
            case "m":
                _ = take()
                let (mode, token) = try word("a mode (transport, tunnel or any)")
                guard let named = IPsecMode.words[mode] else {
                    throw SetKeyParseError(
                        .unknownName, at: token.location, "unknown mode '\(mode)'; expected transport, tunnel or any")
                }
                ext.mode = named
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
            case "lh", "ls", "bh", "bs":
                _ = take()
                let (field, what) = Self.lifetimeOption(flag)
                ext[keyPath: field] = try decimal(UInt64.self, what)
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
    mutating func parseSecurityContext(_ flag: Token) throws(SetKeyParseError) -> SecurityContext {
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

    mutating func key(for name: String, rule: KeyLengthRule) throws(SetKeyParseError) -> KeyMaterial {
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

    mutating func authentication() throws(SetKeyParseError) -> (AuthenticationAlgorithm, KeyMaterial?) {
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

    mutating func parseAlgorithms(
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

    /// setkey(8)'s `-lh`, `-ls`, `-bh` and `-bs`: the lifetime each sets, and what it expects.
    static func lifetimeOption(_ flag: String) -> (WritableKeyPath<SAExtensions, UInt64>, String) {
        switch flag {
        case "lh": return (\.hardLifetimeSeconds, "a hard lifetime in seconds")
        case "ls": return (\.softLifetimeSeconds, "a soft lifetime in seconds")
        case "bh": return (\.hardLifetimeBytes, "a hard lifetime in bytes")
        default: return (\.softLifetimeBytes, "a soft lifetime in bytes")
        }
    }
}
