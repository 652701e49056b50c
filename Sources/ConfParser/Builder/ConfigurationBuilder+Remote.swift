/// A proposal as written, before its lifetime is resolved against its remote's `lifetime`.
struct ProposalDraft: Sendable {
    var proposal: Phase1Proposal
    /// The proposal's own `lifetime time`, if it had one (racoon re-resolves inherited proposals).
    var ownLifetime: UInt32?
}

extension ConfigurationBuilder {
    /// `remote (anonymous | ADDR | "name") [port] [inherit PARENT] ({ … } | ;)`.
    mutating func applyRemote(_ statement: Statement, file: String) throws(ConfigError) {
        var arguments = Arguments(statement, file: file)
        let keywordLocation = statement.keyword.location(in: file)
        var selector: RemoteConfiguration.Selector
        var port: UInt16 = 500
        var parentIndex: Int?

        if let name = arguments.takeIf(.string) {
            if remoteIndexByName[name.text] != nil {
                throw ConfigError.at(name, in: file, .duplicateRemote, "remote \"\(name.text)\" is already defined")
            }
            selector = .name(name.text)
            if arguments.takeWord("inherit") {
                let parent = try arguments.take(.string, "the quoted name of the parent remote")
                guard let index = remoteIndexByName[parent.text] else {
                    throw ConfigError.at(parent, in: file, .unknownParentRemote,
                                         "parent remote \"\(parent.text)\" is not defined above this point")
                }
                parentIndex = index
            }
        } else {
            if arguments.takeWord("anonymous") {
                selector = .anonymous
                if let portToken = arguments.takeIf(.port) { port = UInt16(portToken.value) }
                if let previous = anonymousRemotePorts[port] {
                    throw ConfigError.at(statement.keyword, in: file, .duplicateRemote,
                                         "a 'remote anonymous' for port \(port) is already defined at \(previous)")
                }
            } else if arguments.peek.kind == .address {
                let (address, addressPort) = try addressAndPort(&arguments, defaultPort: 500)
                selector = .address(address)
                port = addressPort
                if let previous = remoteIndexByAddress[AddressKey(address: address, port: port)] {
                    throw ConfigError(.duplicateRemote, at: keywordLocation, found: address.description,
                                      message: "remote \(address)[\(port)] is already defined at "
                                        + "\(configuration.remotes[previous].location)")
                }
            } else {
                throw ConfigError.unexpected(arguments.peek, in: file,
                                             expected: "'anonymous', an address or a quoted remote name")
            }
            if arguments.takeWord("inherit") {
                let parentToken = arguments.peek
                let (parentAddress, parentPort) = try addressAndPort(&arguments, defaultPort: 500)
                guard let index = remoteIndexByAddress[AddressKey(address: parentAddress, port: parentPort)] else {
                    throw ConfigError.at(parentToken, in: file, .unknownParentRemote,
                                         "parent remote \(parentAddress)[\(parentPort)] is not defined above this point")
                }
                parentIndex = index
            }
        }

        var remote: RemoteConfiguration
        var drafts: [ProposalDraft]
        var remoteAddressFromParent = false
        if let parentIndex {
            remote = configuration.remotes[parentIndex]
            drafts = proposalDrafts[parentIndex]
            remote.selector = selector
            remote.location = keywordLocation
            remote.parent = configuration.remotes[parentIndex].selector.parentName
            remoteAddressFromParent = remote.remoteAddress != nil
            if case .address(let address) = selector {
                remote.remoteAddress = address
                remote.remotePort = port
                remoteAddressFromParent = false
            }
        } else {
            remote = RemoteConfiguration(selector: selector, location: keywordLocation)
            drafts = []
            if case .address = selector { remote.remotePort = port }
        }
        remote.port = port

        var explicitRemoteAddress: Bool = {
            if case .address = selector { return true }
            return false
        }()
        var declaredProposals = drafts.count
        if statement.body == nil && parentIndex != nil {
            try arguments.end()
        } else {
            let body = try arguments.block()
            var context = RemoteContext(remote: remote, drafts: drafts, declaredProposals: declaredProposals,
                                        explicitRemoteAddress: explicitRemoteAddress,
                                        remoteAddressFromParent: remoteAddressFromParent)
            for inner in body.statements {
                try applyRemoteDirective(inner, to: &context, file: file)
            }
            remote = context.remote
            drafts = context.drafts
            declaredProposals = context.declaredProposals
            explicitRemoteAddress = context.explicitRemoteAddress
            if let asn1 = context.asn1DNPeerIdentifier, remote.verifyIdentifier {
                throw ConfigError.at(asn1, in: file, .unsupportedSecurityFeature,
                                     "verify_identifier is on but this peers_identifier is an asn1dn, which needs "
                                        + "certificates; Raccoon cannot verify it and will not skip the check")
            }
        }

        // racoon's process_rmconf() / set_isakmp_proposal().
        guard !remote.exchangeModes.isEmpty else {
            throw ConfigError(.missingExchangeMode, at: keywordLocation, found: "remote", expected: "exchange_mode",
                              message: "remote \(remote.selector) has no 'exchange_mode'")
        }
        guard declaredProposals > 0 else {
            throw ConfigError(.missingProposal, at: keywordLocation, found: "remote", expected: "proposal",
                              message: "remote \(remote.selector) has no 'proposal' block")
        }
        guard !drafts.isEmpty else {
            throw ConfigError(.noUsableProposal, at: keywordLocation, found: "remote",
                              message: "remote \(remote.selector) has no proposal Raccoon can negotiate "
                                + "(see the warnings above); it cannot be used")
        }
        remote.proposals = drafts.map { draft in
            var proposal = draft.proposal
            proposal.lifetimeSeconds = draft.ownLifetime ?? remote.lifetimeSeconds
            return proposal
        }

        let index = configuration.remotes.count
        configuration.remotes.append(remote)
        proposalDrafts.append(drafts)
        switch selector {
        case .name(let name): remoteIndexByName[name] = index
        case .address(let address): remoteIndexByAddress[AddressKey(address: address, port: port)] = index
        case .anonymous: anonymousRemotePorts[port] = keywordLocation
        }
    }

    struct RemoteContext {
        var remote: RemoteConfiguration
        var drafts: [ProposalDraft]
        var declaredProposals: Int
        var explicitRemoteAddress: Bool
        var remoteAddressFromParent: Bool
        var asn1DNPeerIdentifier: Token?
    }

    private mutating func applyRemoteDirective(_ statement: Statement, to context: inout RemoteContext,
                                               file: String) throws(ConfigError) {
        var arguments = Arguments(statement, file: file)
        let keyword = statement.keyword
        switch keyword.text {
        case "remote_address":
            if context.explicitRemoteAddress {
                throw ConfigError.at(keyword, in: file, .remoteAddressAlreadySet,
                                     "the remote address is already set for this remote")
            }
            let (address, port) = try addressAndPort(&arguments, defaultPort: 500)
            context.remote.remoteAddress = address
            context.remote.remotePort = port
            context.explicitRemoteAddress = true
        case "exchange_mode":
            var modes: [ExchangeMode] = []
            repeat {
                modes.append(try arguments.choice(ExchangeMode.keywords, "'main', 'aggressive' or 'base'"))
            } while arguments.takeIf(.comma) != nil || (!arguments.isAtEnd && arguments.peek.kind == .word)
            let usable = modes.filter(\.isImplemented)
            let unusable = modes.filter { !$0.isImplemented }
            if usable.isEmpty {
                throw ConfigError.at(keyword, in: file, .noUsableExchangeMode,
                                     "Raccoon implements Main Mode and Aggressive Mode; exchange_mode "
                                        + "\(modes.map(\.description).joined(separator: ", ")) leaves nothing it can use",
                                     expected: "'main' or 'aggressive'")
            }
            if !unusable.isEmpty {
                warn(.unsupportedDirective, keyword, file: file,
                     "exchange mode \(unusable.map(\.description).joined(separator: ", ")) is not supported by "
                        + "Raccoon and was ignored; only \(usable.map(\.description).joined(separator: ", ")) is used")
            }
            context.remote.exchangeModes = usable
        case "doi":
            _ = try arguments.choice(["ipsec_doi": 1], "'ipsec_doi'")
        case "situation":
            let situation = try arguments.choice(
                KeywordTable(rawValuesOf: RemoteConfiguration.Situation.self),
                "'identity_only', 'secrecy' or 'integrity'")
            if situation != .identityOnly {
                throw ConfigError.at(keyword, in: file, .unsupportedSecurityFeature,
                                     "situation \(situation.rawValue) is not implemented; ignoring it would drop the "
                                        + "labeling it asks for")
            }
            context.remote.situation = situation
        case "certificate_type":
            if arguments.takeWord("x509") {
                _ = try arguments.string("the certificate file")
                _ = try arguments.string("the private key file")
            } else if arguments.takeWord("plain_rsa") {
                _ = try arguments.string("the private key file")
            } else {
                throw ConfigError.unexpected(arguments.peek, in: file, expected: "'x509' or 'plain_rsa'")
            }
            unsupported(statement, file: file, "certificate authentication is not implemented")
        case "peers_certfile":
            if !arguments.takeWord("dnssec") {
                _ = arguments.takeWord("x509") || arguments.takeWord("plain_rsa")
                _ = try arguments.string("the certificate file")
            }
            unsupported(statement, file: file, "certificate authentication is not implemented")
        case "ca_type":
            guard arguments.takeWord("x509") else {
                throw ConfigError.unexpected(arguments.peek, in: file, expected: "'x509'")
            }
            _ = try arguments.string("the CA certificate file")
            unsupported(statement, file: file, "certificate authentication is not implemented")
        case "verify_cert", "send_cert", "send_cr", "match_empty_cr":
            // Raccoon never accepts certificate authentication, so even `verify_cert off` weakens nothing.
            _ = try arguments.onOff()
            unsupported(statement, file: file, "certificate authentication is not implemented")
        case "my_identifier":
            let (identifier, _) = try parseIdentifier(&arguments)
            if case .asn1DN(nil) = identifier {
                throw ConfigError.at(keyword, in: file, .invalidIdentifier,
                                     "'my_identifier asn1dn' without a DN needs a certificate, which Raccoon does "
                                        + "not support; write the DN as a quoted string")
            }
            context.remote.myIdentifier = identifier
        case "peers_identifier":
            let (identifier, typeToken) = try parseIdentifier(&arguments)
            if case .asn1DN = identifier, context.asn1DNPeerIdentifier == nil {
                context.asn1DNPeerIdentifier = typeToken
            }
            context.remote.peersIdentifiers.append(identifier)
        case "verify_identifier":
            context.remote.verifyIdentifier = try arguments.onOff()
        case "xauth_login":
            if arguments.takeIf(.string) == nil { _ = arguments.takeIf(.address) }
            unsupported(statement, file: file, "XAuth is not implemented")
        case "nonce_size":
            // RFC 2409 §5: "The length of nonce payload MUST be between 8 and 256 bytes inclusive."
            context.remote.nonceSize = Int(try arguments.number(in: 8...256, "a nonce size in bytes (8-256)"))
        case "dh_group", "encryption_algorithm", "hash_algorithm", "authentication_method", "gss_id":
            throw ConfigError.at(keyword, in: file, .misplacedDirective,
                                 "'\(keyword.text)' cannot be defined here; put it inside a 'proposal { }' block",
                                 expected: "a remote directive")
        case "passive":
            context.remote.passive = try arguments.onOff()
        case "initial_contact":
            context.remote.initialContact = try arguments.onOff()
        case "support_proxy":
            context.remote.supportProxy = try arguments.onOff()
            if context.remote.supportProxy {
                unsupported(statement, file: file, "proxy phase-2 identities are not implemented")
            }
        case "mode_cfg", "weak_phase1_check":
            if try arguments.onOff() { unsupported(statement, file: file, "XAuth and mode_cfg are not implemented") }
        case "nat_traversal":
            context.remote.natTraversal = try forceable(&arguments)
            if context.remote.natTraversal != .off {
                unsupported(statement, file: file, "NAT traversal (RFC 3947) is not implemented")
            }
        case "ike_frag":
            context.remote.ikeFragmentation = try forceable(&arguments)
            if context.remote.ikeFragmentation != .off {
                unsupported(statement, file: file, "IKE fragmentation is not implemented")
            }
        case "esp_frag":
            _ = try arguments.number(in: 0...65535, "a fragment size")
            unsupported(statement, file: file, "ESP fragmentation under NAT-T is not implemented")
        case "rekey":
            context.remote.rekey = try forceable(&arguments)
        case "script":
            _ = try arguments.string("a quoted script path")
            _ = try arguments.choice(["phase1_up": 0, "phase1_down": 1, "phase1_dead": 2],
                                     "'phase1_up', 'phase1_down' or 'phase1_dead'")
            unsupported(statement, file: file, "hook scripts are not implemented and will not run")
        case "generate_policy":
            context.remote.generatePolicy = try arguments.choice(
                KeywordTable(rawValuesOf: RemoteConfiguration.GeneratePolicy.self),
                "'on', 'off', 'require' or 'unique'")
            if context.remote.generatePolicy != .off {
                unsupported(statement, file: file,
                            "generating policies from the peer's proposal is not implemented; install them with setkey")
            }
        case "dpd":
            // racoon's default is on: the DPD vendor ID is sent, R-U-THERE answered, probing as dpd_delay says.
            if try !arguments.onOff() {
                unsupported(statement, file: file,
                            "'dpd off' is not implemented: Raccoon always announces dead peer detection (RFC 3706) "
                                + "and answers R-U-THERE; it probes only when dpd_delay is set")
            }
        case "dpd_delay":
            context.remote.dpdDelaySeconds = UInt32(try arguments.number(in: 0...UInt64(UInt32.max)))
        case "dpd_retry":
            let seconds = try arguments.number(in: 1...UInt64(UInt32.max), "seconds (at least 1)")
            context.remote.dpdRetrySeconds = UInt32(seconds)
        case "dpd_maxfail":
            let count = try arguments.number(in: 1...UInt64(UInt32.max), "a count (at least 1)")
            context.remote.dpdMaximumFailures = UInt32(count)
        case "ph1id":
            context.remote.phase1ID = UInt32(try arguments.number(in: 0...UInt64(UInt32.max)))
        case "lifetime":
            context.remote.lifetimeSeconds = try arguments.lifetime()
        case "proposal_check":
            context.remote.proposalCheck = try arguments.choice(
                KeywordTable(rawValuesOf: RemoteConfiguration.ProposalCheck.self),
                "'obey', 'strict', 'claim' or 'exact'")
        case "proposal":
            let body = try arguments.block()
            context.declaredProposals += 1
            if let draft = try parseProposal(statement, body: body, file: file) {
                context.drafts.append(draft)
            }
            return
        default:
            throw unknownDirective(statement, file: file, in: "in remote", expected: "a remote directive")
        }
        try arguments.end()
    }

    /// `proposal { encryption_algorithm; hash_algorithm; authentication_method; dh_group; [lifetime;] }`.
    /// Returns nil (after warning at each offending directive) when Raccoon cannot negotiate the proposal.
    private mutating func parseProposal(_ statement: Statement, body: Body,
                                        file: String) throws(ConfigError) -> ProposalDraft? {
        var encryption: (Phase1EncryptionAlgorithm, Int?, Token)?
        var hash: (HashAlgorithm, Token)?
        var method: (AuthenticationMethod, Token)?
        var group: (DiffieHellmanGroup, Token)?
        var lifetime: UInt32?
        var usable = true
        for inner in body.statements {
            var arguments = Arguments(inner, file: file)
            switch inner.keyword.text {
            case "encryption_algorithm":
                let nameToken = arguments.peek
                let algorithm = try arguments.choice(
                    Phase1EncryptionAlgorithm.keywords,
                    "a phase-1 encryption algorithm (3des, aes, des, blowfish, cast128, camellia)",
                    code: .unknownAlgorithm)
                let keyLength = try Self.keyLength(&arguments, rule: algorithm.keyLengths, name: algorithm.description)
                encryption = (algorithm, keyLength, nameToken)
            case "hash_algorithm":
                let nameToken = arguments.peek
                hash = (try arguments.choice(HashAlgorithm.keywords,
                                             "a hash algorithm (md5, sha1, sha256, sha384, sha512)",
                                             code: .unknownAlgorithm), nameToken)
            case "authentication_method":
                let nameToken = arguments.peek
                method = (try arguments.choice(AuthenticationMethod.keywords,
                                               "an authentication method (pre_shared_key, …)",
                                               code: .unknownAlgorithm), nameToken)
            case "dh_group":
                let nameToken = arguments.peek
                group = (try dhGroup(&arguments), nameToken)
            case "lifetime":
                lifetime = try arguments.lifetime()
            case "gss_id":
                _ = try arguments.string("a quoted GSS-API identifier")
                unsupported(inner, file: file, "GSS-API authentication is not implemented")
            default:
                throw unknownDirective(inner, file: file, in: "in proposal",
                                       expected: "encryption_algorithm, hash_algorithm, authentication_method, "
                                        + "dh_group, lifetime or gss_id")
            }
            try arguments.end()
        }
        guard let encryption, let hash, let method, let group else {
            let missing = [
                encryption == nil ? "encryption_algorithm" : nil, hash == nil ? "hash_algorithm" : nil,
                method == nil ? "authentication_method" : nil, group == nil ? "dh_group" : nil,
            ].compactMap { $0 }
            throw ConfigError.at(statement.keyword, in: file, .incompleteProposal,
                                 "proposal lacks \(missing.joined(separator: ", "))",
                                 expected: missing.joined(separator: ", "))
        }
        if !encryption.0.isImplemented {
            warn(.unsupportedAlgorithm, encryption.2, file: file,
                 "encryption algorithm \(encryption.0) is not supported by Raccoon; this proposal is left out")
            usable = false
        }
        if !hash.0.isImplemented {
            warn(.unsupportedAlgorithm, hash.1, file: file,
                 "hash algorithm \(hash.0) is not supported by Raccoon; this proposal is left out")
            usable = false
        }
        if !method.0.isImplemented {
            warn(.unsupportedAlgorithm, method.1, file: file,
                 "authentication method \(method.0) is not supported by Raccoon (only pre_shared_key); "
                    + "this proposal is left out")
            usable = false
        }
        guard usable else { return nil }
        let proposal = Phase1Proposal(encryptionAlgorithm: encryption.0, keyLength: encryption.1,
                                      hashAlgorithm: hash.0, authenticationMethod: method.0, dhGroup: group.0,
                                      lifetimeSeconds: lifetime ?? 0, location: statement.keyword.location(in: file))
        return ProposalDraft(proposal: proposal, ownLifetime: lifetime)
    }
}
