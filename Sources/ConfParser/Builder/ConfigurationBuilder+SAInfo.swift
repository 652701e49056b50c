extension ConfigurationBuilder {
    /// `sainfo LOCAL REMOTE [from IDTYPE [id] | group "name"] { … }` (racoon's `sainfo_statement`).
    mutating func applySAInfo(_ statement: Statement, file: String) throws(ConfigError) {
        var arguments = Arguments(statement, file: file)
        let location = statement.keyword.location(in: file)
        let local: SAInfo.Selector
        let remote: SAInfo.Selector
        if arguments.takeWord("anonymous") {
            local = .anonymous
            if arguments.isAtEnd || arguments.peek.isWord("from") || arguments.peek.isWord("group") {
                remote = .anonymous
            } else {
                remote = try sainfoSelector(&arguments, allowClientAddress: true)
            }
        } else {
            local = try sainfoSelector(&arguments, allowClientAddress: false)
            remote = try sainfoSelector(&arguments, allowClientAddress: true)
        }
        var sainfo = SAInfo(local: local, remote: remote, location: location)

        if arguments.takeWord("from") {
            sainfo.peerIdentifier = try parseIdentifier(&arguments).0
        } else if arguments.peek.isWord("group"), !arguments.isAtEnd {
            let groupToken = arguments.peek
            _ = arguments.takeWord("group")
            _ = try arguments.string("a quoted XAuth group name")
            throw ConfigError.at(groupToken, in: file, .unsupportedSecurityFeature,
                                 "'group' restricts this sainfo to members of an XAuth group, but XAuth is not "
                                    + "implemented; ignoring it would let every peer use this sainfo")
        }
        let body = try arguments.block()
        if !body.isBraced {
            warn(.bracelessSAInfo, statement.terminator, file: file,
                 "this sainfo body is not enclosed in braces; Raccoon read it up to the next top-level statement. "
                    + "Write 'sainfo \(local)\(remote == .anonymous && local == .anonymous ? "" : " \(remote)") { … }'")
        }
        if case .clientAddress = remote {
            warn(.unsupportedDirective, statement.keyword, file: file,
                 "'clientaddr' refers to addresses assigned by mode_cfg, which is not implemented; "
                    + "this sainfo will never match")
        }

        var sawEncryption: Token?
        var sawAuthentication: Token?
        var sawCompression: Token?
        for inner in body.statements {
            var innerArguments = Arguments(inner, file: file)
            switch inner.keyword.text {
            case "pfs_group":
                // Every group racoon.conf can name is implemented (DiffieHellmanGroup is IKECrypto's DHGroup).
                sainfo.pfsGroup = try dhGroup(&innerArguments)
            case "remoteid":
                sainfo.remoteID = UInt32(try innerArguments.number(in: 0...UInt64(UInt32.max)))
            case "lifetime":
                sainfo.lifetimeSeconds = try innerArguments.lifetime()
            case "encryption_algorithm":
                sawEncryption = inner.keyword
                sainfo.encryptionAlgorithms = try algorithmList(&innerArguments, keyword: inner.keyword) {
                    (token: Token, arguments: inout Arguments) throws(ConfigError) -> IPsecEncryption? in
                    guard let algorithm = IPsecEncryptionAlgorithm.keywords[token.text] else { return nil }
                    let keyLength = try Self.keyLength(&arguments, rule: algorithm.keyLengths, name: algorithm.description)
                    return IPsecEncryption(algorithm: algorithm, keyLength: keyLength)
                } isImplemented: { $0.algorithm.isImplemented }
            case "authentication_algorithm":
                sawAuthentication = inner.keyword
                sainfo.authenticationAlgorithms = try algorithmList(
                    &innerArguments, keyword: inner.keyword, words: IPsecAuthenticationAlgorithm.keywords,
                    isImplemented: \.isImplemented)
            case "compression_algorithm":
                sawCompression = inner.keyword
                sainfo.compressionAlgorithms = try algorithmList(
                    &innerArguments, keyword: inner.keyword, words: IPCompAlgorithm.keywords,
                    isImplemented: \.isImplemented)
            default:
                throw unknownDirective(inner, file: file, in: "in sainfo",
                                       expected: "pfs_group, lifetime, encryption_algorithm, authentication_algorithm, "
                                        + "compression_algorithm or remoteid")
            }
            try innerArguments.end()
        }

        for (seen, name) in [(sawEncryption, "encryption_algorithm"), (sawAuthentication, "authentication_algorithm"),
                             (sawCompression, "compression_algorithm")] where seen == nil {
            throw ConfigError(.missingSAInfoAlgorithm, at: location, found: "sainfo", expected: name,
                              message: "sainfo \(local) \(remote) has no '\(name)' (racoon requires all of "
                                + "encryption_algorithm, authentication_algorithm and compression_algorithm)")
        }

        // racoon's duplicate check (`getsainfo` in the sainfo rule).
        let key = SAInfoKey(local: local, remote: remote, peer: sainfo.peerIdentifier, remoteID: sainfo.remoteID)
        if let previous = sainfoLocations[key] {
            if sainfo.isAnonymous {
                warn(.shadowedSAInfo, statement.keyword, file: file,
                     "this sainfo is identical to the one at \(previous), which is always chosen first; "
                        + "this one is never used")
            } else {
                throw ConfigError(.duplicateSAInfo, at: location, found: "sainfo",
                                  message: "duplicate sainfo \(local) \(remote); the first is at \(previous)")
            }
        } else {
            sainfoLocations[key] = location
        }
        configuration.sainfos.append(sainfo)
    }

    /// One side of a sainfo: `anonymous`, `clientaddr`, `address|subnet A[/p] [port] proto`, or
    /// `fqdn|user_fqdn|keyid "id"` (racoon's `sainfo_id`; `asn1dn` is forbidden there).
    private func sainfoSelector(_ arguments: inout Arguments,
                                allowClientAddress: Bool) throws(ConfigError) -> SAInfo.Selector {
        let file = arguments.file
        if arguments.takeWord("anonymous") { return .anonymous }
        if allowClientAddress, arguments.takeWord("clientaddr") { return .clientAddress }
        let typeToken = arguments.peek
        let type = try arguments.choice(
            ["address": 0, "subnet": 0, "fqdn": 1, "user_fqdn": 2, "keyid": 3, "asn1dn": 4],
            allowClientAddress ? "'anonymous', 'clientaddr', 'address', 'subnet', 'fqdn', 'user_fqdn' or 'keyid'"
                : "'anonymous', 'address', 'subnet', 'fqdn', 'user_fqdn' or 'keyid'",
            code: .invalidIdentifier)
        switch type {
        case 0:
            return .identity(try addressIdentity(&arguments))
        case 1, 2, 3:
            let value = try arguments.string("a quoted identity")
            return .identity(type == 1 ? .fqdn(value) : type == 2 ? .userFQDN(value) : .keyID(value))
        default:
            throw ConfigError.at(typeToken, in: file, .invalidIdentifier,
                                 "asn1dn is not allowed as a sainfo identity", expected: "address, subnet, fqdn, …")
        }
    }

    private func addressIdentity(_ arguments: inout Arguments) throws(ConfigError) -> SAInfoIdentity {
        let file = arguments.file
        let addressToken = arguments.peek
        var low: IPAddress
        var high: IPAddress?
        if let range = arguments.takeIf(.addressRange) {
            let parts = range.text.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let first = IPAddress(configurationText: parts[0]),
                let second = IPAddress(configurationText: parts[1])
            else {
                throw ConfigError.unexpected(range, in: file, expected: "an address range", code: .invalidAddress)
            }
            low = first
            high = second
        } else {
            let token = try arguments.take(.address, "an IPv4 or IPv6 address")
            guard let address = IPAddress(configurationText: token.text) else {
                throw ConfigError.unexpected(token, in: file, expected: "an address", code: .invalidAddress)
            }
            low = address
        }
        var prefixLength = low.family.bitCount
        if let prefix = arguments.takeIf(.prefix) {
            guard high == nil, prefix.value <= UInt64(low.family.bitCount) else {
                throw ConfigError.at(prefix, in: file, .invalidPrefix,
                                     high == nil ? "prefix \(prefix.text) is longer than a \(low.family == .ipv4 ? "IPv4" : "IPv6") address"
                                        : "an address range cannot have a prefix",
                                     expected: "/0 to /\(low.family.bitCount)")
            }
            prefixLength = Int(prefix.value)
        }
        var port: UInt16?
        var portToken: Token?
        if let token = arguments.takeIf(.port) {
            port = UInt16(token.value)
            portToken = token
        } else {
            _ = arguments.takeIf(.portAny)
        }
        let protocolToken = arguments.peek
        let upper: UpperLayerProtocol
        if let number = arguments.takeIf(.number) {
            guard number.value <= 255 else {
                throw ConfigError.at(number, in: file, .valueOutOfRange, "protocol number \(number.text) is above 255")
            }
            upper = UpperLayerProtocol(rawValue: UInt8(number.value))
        } else {
            upper = try arguments.choice(UpperLayerProtocol.keywords,
                                         "an upper-layer protocol (any, tcp, udp, icmp, icmp6, gre, esp, ah, ipcomp "
                                            + "or a number)")
        }
        if upper == .icmp || upper == .icmp6, let portToken {
            throw ConfigError.at(portToken, in: file, .invalidProtocolSelector,
                                 "with \(upper) the port must be [any]", expected: "[any]")
        }
        if (upper == .icmp6 && low.family == .ipv4) || (upper == .icmp && low.family == .ipv6) {
            throw ConfigError.at(protocolToken, in: file, .invalidProtocolSelector,
                                 "\(upper) does not match the address family of \(addressToken.text)")
        }
        if let high {
            guard high.family == low.family else {
                throw ConfigError.unexpected(addressToken, in: file, expected: "an address range of one family",
                                             code: .invalidAddress)
            }
            return .range(low, high, port: port, protocol: upper)
        }
        return .address(low, prefixLength: prefixLength, port: port, protocol: upper)
    }

    /// `ALG [keylen] (, ALG [keylen])*`: unknown names are errors, unimplemented ones are left out with a
    /// warning, and a list with nothing usable is an error.
    private mutating func algorithmList<T>(
        _ arguments: inout Arguments, keyword: Token,
        parse: (Token, inout Arguments) throws(ConfigError) -> T?,
        isImplemented: (T) -> Bool
    ) throws(ConfigError) -> [T] {
        let file = arguments.file
        var result: [T] = []
        var dropped: [String] = []
        repeat {
            let token = arguments.peek
            guard !arguments.isAtEnd, token.kind == .word || token.kind == .number else {
                throw ConfigError.unexpected(token, in: file, expected: "an algorithm name")
            }
            _ = arguments.takeIf(token.kind)
            guard let value = try parse(token, &arguments) else {
                throw ConfigError.at(token, in: file, .unknownAlgorithm,
                                     "'\(token.text)' is not a valid algorithm for \(keyword.text)",
                                     expected: "an algorithm name")
            }
            if isImplemented(value) {
                result.append(value)
            } else {
                dropped.append(token.text)
                warn(.unsupportedAlgorithm, token, file: file,
                     "\(keyword.text) \(token.text) is not supported by Raccoon and was left out")
            }
        } while arguments.takeIf(.comma) != nil
        if result.isEmpty {
            throw ConfigError.at(keyword, in: file, .noUsableSAInfoAlgorithm,
                                 "none of \(dropped.joined(separator: ", ")) is supported by Raccoon")
        }
        return result
    }

    /// An algorithm list whose entries are words of `table`, without key lengths.
    private mutating func algorithmList<T>(
        _ arguments: inout Arguments, keyword: Token, words table: KeywordTable<T>, isImplemented: (T) -> Bool
    ) throws(ConfigError) -> [T] {
        try algorithmList(&arguments, keyword: keyword, parse: {
            (token: Token, _: inout Arguments) throws(ConfigError) -> T? in table[token.text]
        }, isImplemented: isImplemented)
    }
}
