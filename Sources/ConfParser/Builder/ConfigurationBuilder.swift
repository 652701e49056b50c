/// Turns syntax trees into a validated `Configuration` (the second step of loading), statement by statement.
///
/// The loader feeds top-level statements in file order (expanding `include` itself); `finish()` runs the
/// whole-file checks. Every error carries the location of the token that caused it.
struct ConfigurationBuilder {
    var configuration = Configuration()
    var warnings: [ConfigWarning] = []

    /// Remotes by name (`remote "name"`), for `inherit` and duplicate checks.
    var remoteIndexByName: [String: Int] = [:]
    /// Remotes by address and port (`remote ADDR [port]`).
    var remoteIndexByAddress: [AddressKey: Int] = [:]
    /// Ports that already have a `remote anonymous`.
    var anonymousRemotePorts: [UInt16: SourceLocation] = [:]
    /// Sainfos by selectors, for duplicate checks.
    var sainfoLocations: [SAInfoKey: SourceLocation] = [:]
    /// Proposals of each remote before lifetimes are resolved, so children re-resolve inherited ones.
    var proposalDrafts: [[ProposalDraft]] = []

    struct AddressKey: Hashable {
        var address: IPAddress
        var port: UInt16
    }

    struct SAInfoKey: Hashable {
        var local: SAInfo.Selector
        var remote: SAInfo.Selector
        var peer: Identifier?
        var remoteID: UInt32
    }

    /// Applies one top-level statement from `file`. `include` must be handled by the caller.
    mutating func apply(_ statement: Statement, file: String) throws(ConfigError) {
        var arguments = Arguments(statement, file: file)
        switch statement.keyword.text {
        case "path":
            let type = try arguments.choice(Self.pathTypes, "a path type (include, pre_shared_key, certificate, "
                                                + "script, backupsa, pidfile)")
            let value = try arguments.string("a quoted path")
            try arguments.end()
            switch type {
            case .include: configuration.paths.include = value
            case .preSharedKey: configuration.paths.preSharedKey = value
            case .certificate: configuration.paths.certificate = value
            case .script: configuration.paths.script = value
            case .backupSA: configuration.paths.backupSA = value
            case .pidFile: configuration.paths.pidFile = value
            }
        case "log":
            let level = try arguments.choice(LogLevel.keywords,
                                             "a log level (error, warning, notify, info, debug, debug2)")
            try arguments.end()
            configuration.logLevel = level
        case "padding":
            try applyPadding(try arguments.block(), file: file)
        case "listen":
            try applyListen(try arguments.block(), file: file)
        case "timer":
            try applyTimer(try arguments.block(), file: file)
        case "privsep":
            try applyPrivsep(try arguments.block(), file: file)
            unsupported(statement, file: file,
                        "privilege separation is not implemented; Raccoon runs as a single process")
        case "mode_cfg", "ldapcfg", "radiuscfg":
            _ = try arguments.block()
            unsupported(statement, file: file, "XAuth and mode_cfg are not implemented")
        case "gss_id_enc":
            _ = try arguments.choice(["utf-16le": 0, "latin1": 1], "'utf-16le' or 'latin1'")
            try arguments.end()
            unsupported(statement, file: file, "GSS-API authentication is not implemented")
        case "pfkey_buffer":
            let kib = try arguments.number(in: 0...(1 << 21), "a buffer size in KiB")
            try arguments.end()
            configuration.pfkeyBufferKiB = Int(kib)
        case "kernel_interface":
            let value = try arguments.choice(KeywordTable(rawValuesOf: KernelInterface.self),
                                             "a kernel interface (auto, pfkey, xfrm)")
            try arguments.end()
            configuration.kernelInterface = value
        case "complex_bundle":
            let value = try arguments.onOff()
            try arguments.end()
            configuration.complexBundle = value
        case "security_context_attribute":
            // RFC 2408 §3.3: the top bit of the attribute type is the AF (format) flag.
            let type = try arguments.number(in: 1...32767, "an SA attribute type (1-32767)")
            try arguments.end()
            configuration.securityContextAttributeType = UInt16(type)
        case "remote":
            try applyRemote(statement, file: file)
        case "sainfo":
            try applySAInfo(statement, file: file)
        default:
            throw unknownDirective(statement, file: file, in: "at top level",
                                   expected: "a top-level statement (path, include, log, listen, timer, remote, sainfo, …)")
        }
    }

    /// Parses `include "pattern";` and returns the pattern and the location of its string.
    static func includePattern(_ statement: Statement, file: String) throws(ConfigError) -> (String, SourceLocation) {
        var arguments = Arguments(statement, file: file)
        let location = arguments.location
        let pattern = try arguments.string("a quoted file name or glob pattern")
        try arguments.end()
        return (pattern, location)
    }

    /// Runs the whole-configuration checks and returns the result.
    mutating func finish(mainFile: String) -> (Configuration, [ConfigWarning]) {
        if configuration.remotes.isEmpty {
            warnings.append(ConfigWarning(
                .noRemote, at: .wholeFile(mainFile),
                message: "no 'remote' block: Raccoon cannot negotiate with any peer; add a "
                    + "'remote anonymous { exchange_mode main; proposal { … } }' block"))
        }
        if configuration.sainfos.isEmpty {
            warnings.append(ConfigWarning(
                .noSAInfo, at: .wholeFile(mainFile),
                message: "no 'sainfo' block: no IPsec SA can be negotiated; add a 'sainfo anonymous { … }' block"))
        }
        if configuration.paths.preSharedKey == nil {
            for remote in configuration.remotes where remote.usesPreSharedKey {
                warnings.append(ConfigWarning(
                    .missingPreSharedKeyPath, at: remote.location,
                    message: "remote \(remote.selector) authenticates with pre_shared_key but no "
                        + "'path pre_shared_key' is set, so no key can be found"))
            }
        }
        return (configuration, warnings)
    }

    // MARK: - Simple blocks

    private mutating func applyPadding(_ body: Body, file: String) throws(ConfigError) {
        for statement in body.statements {
            var arguments = Arguments(statement, file: file)
            switch statement.keyword.text {
            case "randomize": configuration.padding.randomize = try arguments.onOff()
            case "randomize_length": configuration.padding.randomizeLength = try arguments.onOff()
            case "maximum_length": configuration.padding.maximumLength = Int(try arguments.number(in: 0...255))
            case "exclusive_tail": configuration.padding.exclusiveTail = try arguments.onOff()
            case "strict_check": configuration.padding.strictCheck = try arguments.onOff()
            default:
                throw unknownDirective(statement, file: file, in: "in padding",
                                       expected: "randomize, randomize_length, maximum_length, exclusive_tail or strict_check")
            }
            try arguments.end()
        }
    }

    private mutating func applyListen(_ body: Body, file: String) throws(ConfigError) {
        for statement in body.statements {
            var arguments = Arguments(statement, file: file)
            switch statement.keyword.text {
            case "isakmp":
                let (address, port) = try addressAndPort(&arguments, defaultPort: 500)
                configuration.listen.isakmp.append(.init(address: address, port: port))
                try arguments.end()
            case "isakmp_natt":
                _ = try addressAndPort(&arguments, defaultPort: 500)
                try arguments.end()
                unsupported(statement, file: file, "NAT traversal is not implemented; no NAT-T listener is opened")
            case "adminsock":
                configuration.listen.adminSocket = try adminSocket(&arguments, file: file)
                try arguments.end()
            case "strict_address":
                try arguments.end()
                configuration.listen.strictAddress = true
            default:
                throw unknownDirective(statement, file: file, in: "in listen",
                                       expected: "isakmp, isakmp_natt, adminsock or strict_address")
            }
        }
    }

    /// `adminsock disabled` or `adminsock "path" ["owner" "group" mode]` (racoon's cfparse.y `ADMINSOCK` rules).
    private func adminSocket(_ arguments: inout Arguments, file: String) throws(ConfigError) -> AdminSocketSetting {
        if arguments.takeWord("disabled") { return .disabled }
        let pathToken = try arguments.take(.string, "a socket path or 'disabled'")
        guard pathToken.text.hasPrefix("/") else {
            // The daemon runs in / after detaching: a relative name would be a socket in the root directory.
            throw ConfigError.at(pathToken, in: file, .invalidValue, "the admin socket path must be absolute",
                                 expected: "an absolute path")
        }
        var location = AdminSocketLocation(path: pathToken.text)
        guard !arguments.isAtEnd else { return .socket(location) }
        location.owner = try arguments.string("the owner (a user name or uid)")
        location.group = try arguments.string("the group (a group name or gid)")
        // racoon reads the mode as a decimal number and takes its digits as octal ones (0660 and 660 alike).
        // Its conversion added the wrong bit for each 1 digit (execute became write); Raccoon reads real octal.
        let modeToken = try arguments.take(.number, "a file mode such as 0660")
        guard let mode = UInt32(modeToken.text, radix: 8), mode <= 0o777 else {
            throw ConfigError.at(modeToken, in: file, .invalidValue,
                                 "\(modeToken.text) is not a file mode; expected octal digits up to 0777",
                                 expected: "a file mode such as 0660")
        }
        location.mode = mode
        return .socket(location)
    }

    private mutating func applyTimer(_ body: Body, file: String) throws(ConfigError) {
        for statement in body.statements {
            var arguments = Arguments(statement, file: file)
            switch statement.keyword.text {
            case "counter": configuration.timer.retryCount = Int(try arguments.number(in: 0...1000))
            case "interval": configuration.timer.retryIntervalSeconds = try arguments.duration()
            case "persend": configuration.timer.packetsPerSend = Int(try arguments.number(in: 1...100))
            case "phase1": configuration.timer.phase1WaitSeconds = try arguments.duration()
            case "phase2": configuration.timer.phase2WaitSeconds = try arguments.duration()
            case "natt_keepalive":
                configuration.timer.natKeepaliveSeconds = try arguments.duration()
                unsupported(statement, file: file, "NAT traversal is not implemented, so no keepalives are sent")
            default:
                throw unknownDirective(statement, file: file, in: "in timer",
                                       expected: "counter, interval, persend, phase1, phase2 or natt_keepalive")
            }
            try arguments.end()
        }
    }

    private mutating func applyPrivsep(_ body: Body, file: String) throws(ConfigError) {
        for statement in body.statements {
            var arguments = Arguments(statement, file: file)
            switch statement.keyword.text {
            case "user", "group":
                if arguments.takeIf(.number) == nil { _ = try arguments.string("a quoted name or a number") }
            case "chroot":
                _ = try arguments.string("a quoted directory")
            default:
                throw unknownDirective(statement, file: file, in: "in privsep", expected: "user, group or chroot")
            }
            try arguments.end()
        }
    }

    // MARK: - Shared helpers

    /// Reads `ADDR [port]`.
    func addressAndPort(_ arguments: inout Arguments, defaultPort: UInt16) throws(ConfigError) -> (IPAddress, UInt16) {
        let token = try arguments.take(.address, "an IPv4 or IPv6 address")
        guard let address = IPAddress(configurationText: token.text) else {
            throw ConfigError.unexpected(token, in: arguments.file, expected: "an IPv4 or IPv6 address",
                                         code: .invalidAddress)
        }
        if let port = arguments.takeIf(.port) { return (address, UInt16(port.value)) }
        if let any = arguments.takeIf(.portAny) {
            throw ConfigError.unexpected(any, in: arguments.file, expected: "a port number", code: .invalidPort)
        }
        return (address, defaultPort)
    }

    /// Records "X is not supported by Raccoon and was ignored".
    mutating func unsupported(_ statement: Statement, file: String, _ reason: String) {
        warnings.append(ConfigWarning(
            .unsupportedDirective, at: statement.keyword.location(in: file),
            message: "'\(statement.keyword.text)' is not supported by Raccoon and was ignored: \(reason)"))
    }

    /// Records a warning of `code` at `token`.
    mutating func warn(_ code: ConfigWarning.Code, _ token: Token, file: String, _ message: String) {
        warnings.append(ConfigWarning(code, at: token.location(in: file), message: message))
    }

    func unknownDirective(_ statement: Statement, file: String, in context: String,
                          expected: String) -> ConfigError {
        ConfigError.at(statement.keyword, in: file, .unknownDirective,
                       "unknown directive '\(statement.keyword.text)' \(context); expected \(expected)",
                       expected: expected)
    }

    enum PathType { case include, preSharedKey, certificate, script, backupSA, pidFile }

    static let pathTypes: KeywordTable<PathType> = [
        "include": .include, "pre_shared_key": .preSharedKey, "certificate": .certificate, "script": .script,
        "backupsa": .backupSA, "pidfile": .pidFile,
    ]
}
