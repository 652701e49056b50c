/// The values remote and sainfo directives share: on/off/force switches, DH groups, key lengths, identifiers.
extension ConfigurationBuilder {
    func forceable(_ arguments: inout Arguments) throws(ConfigError) -> RemoteConfiguration.ForceableSwitch {
        try arguments.choice(["on": .on, "off": .off, "force": .force], "'on', 'off' or 'force'")
    }

    /// A DH group name (`modp1024`) or number (`2`).
    func dhGroup(_ arguments: inout Arguments) throws(ConfigError) -> DiffieHellmanGroup {
        let token = arguments.peek
        guard !arguments.isAtEnd, token.kind == .word || token.kind == .number,
              let group = DiffieHellmanGroup(configName: token.text) else {
            throw ConfigError.unexpected(token, in: arguments.file,
                                         expected: "a DH group (modp768, modp1024, modp1536, modp2048, …, or 1, 2, 5, 14-18)",
                                         code: arguments.isAtEnd ? nil : .unknownAlgorithm)
        }
        _ = arguments.takeIf(token.kind)
        return group
    }

    /// An optional key length after an algorithm name, checked against `rule`; returns the default if none.
    static func keyLength(_ arguments: inout Arguments, rule: (allowed: KeyLengthRule, default: Int)?,
                   name: String) throws(ConfigError) -> Int? {
        guard let token = arguments.takeIf(.number) else { return rule?.default }
        guard let rule else {
            throw ConfigError.at(token, in: arguments.file, .invalidKeyLength,
                                 "\(name) has a fixed key size; a key length is not allowed")
        }
        guard token.value <= 65535, rule.allowed.accepts(Int(token.value)) else {
            throw ConfigError.at(token, in: arguments.file, .invalidKeyLength,
                                 "invalid key length \(token.text) for \(name); expected \(rule.allowed.summary)",
                                 expected: rule.allowed.summary)
        }
        return Int(token.value)
    }

    /// `TYPE [qualifier] [value]` of my_identifier / peers_identifier / from; returns the type token too.
    func parseIdentifier(_ arguments: inout Arguments) throws(ConfigError) -> (Identifier, Token) {
        let typeToken = arguments.peek
        let file = arguments.file
        let type = try arguments.choice(["address": 0, "fqdn": 1, "user_fqdn": 2, "keyid": 3, "asn1dn": 4],
                                        "an identifier type (address, fqdn, user_fqdn, keyid, asn1dn)",
                                        code: .invalidIdentifier)
        switch type {
        case 0:
            if let token = arguments.takeIf(.address) ?? arguments.takeIf(.string) {
                guard let address = IPAddress(configurationText: token.text) else {
                    throw ConfigError.unexpected(token, in: file, expected: "an IPv4 or IPv6 address",
                                                 code: .invalidIdentifier)
                }
                return (.address(address), typeToken)
            }
            return (.address(nil), typeToken)
        case 1, 2:
            let token = arguments.peek
            guard let value = arguments.takeIf(.string) ?? arguments.takeIf(.word), !value.text.isEmpty else {
                throw ConfigError.unexpected(token, in: file, expected: "a quoted name", code: arguments.isAtEnd ? nil : .invalidIdentifier)
            }
            return (type == 1 ? .fqdn(value.text) : .userFQDN(value.text), typeToken)
        case 3:
            let isTag = arguments.takeWord("tag")
            if !isTag { _ = arguments.takeWord("file") }
            let value = try arguments.string(isTag ? "a quoted key ID" : "a quoted key ID file name")
            return (isTag ? .keyID(value) : .keyIDFile(value), typeToken)
        default:
            return (.asn1DN(arguments.takeIf(.string)?.text), typeToken)
        }
    }
}

extension RemoteConfiguration.Selector {
    /// How a child's `inherit` names this remote.
    var parentName: String {
        switch self {
        case .anonymous: "anonymous"
        case .address(let address): address.description
        case .name(let name): name
        }
    }
}
