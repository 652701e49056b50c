public import PFKeyListener

/// Turns parsed setkey commands into the PF_KEY requests ipsec-tools' setkey sends (`parse.y`'s `setkeymsg_*`):
/// the same message types, extensions, flags and defaults.
public struct SADBRequestBuilder: Sendable {
    /// `sadb_msg_pid` of every request.
    public var pid: UInt32
    /// RFC semantics (`-r`, the default): every `in` policy is also installed as a `fwd` policy.
    public var rfcMode: Bool

    /// UDP_ENCAP_ESPINUDP.
    static let espInUDP: UInt8 = 2
    /// Default NAT-T port when `esp-udp` end points have none.
    static let defaultNATTPort: UInt16 = 4500

    /// Creates a builder.
    public init(pid: UInt32, rfcMode: Bool = true) {
        self.pid = pid
        self.rfcMode = rfcMode
    }

    /// The requests for one command, in the order setkey sends them. `deleteall` yields its SADB_DUMP; the
    /// caller turns the matching replies into deletes with `deleteRequests(matching:source:destination:)`.
    /// `exit` yields nothing.
    public func requests(for command: SetKeyCommand) -> [SADBMessage] {
        switch command {
        case .add(let spec): return [securityAssociation(.add, spec)]
        case .getSPI(let spec): return [securityAssociation(.getSPI, spec)]
        case .get(let id): return [lookup(.get, id)]
        case .delete(let id): return [lookup(.delete, id)]
        case .deleteAll(_, _, let satype): return [header(.dump, SADBSAType(rawValue: satype.rawValue))]
        case .flush(let satype): return [header(.flush, SADBSAType(rawValue: satype.rawValue))]
        case .dump(let satype): return [header(.dump, SADBSAType(rawValue: satype.rawValue))]
        case .spdAdd(let entry): return policy(.spdAdd, entry)
        case .spdUpdate(let entry): return policy(.spdUpdate, entry)
        case .spdDelete(let entry): return policy(.spdDelete, entry)
        case .spdFlush: return [header(.spdFlush, .unspecified)]
        case .spdDump: return [header(.spdDump, .unspecified)]
        case .exit: return []
        }
    }

    /// A header-only request (`setkeymsg0`), as `-D`, `-F`, `-DP`, `-FP`, `flush` and `dump` send.
    public func header(_ type: SADBMessageType, _ satype: SADBSAType = .unspecified) -> SADBMessage {
        SADBMessage(type: type, saType: satype, sequence: 0, pid: pid)
    }

    /// `deleteall` on Linux: one SADB_DELETE per SA of the dump whose addresses match (the kernel refuses a
    /// DELETE without an SPI, RFC 2367 §3.1.5 notwithstanding).
    public func deleteRequests(
        matching dump: [SADBMessage], source: ScopedAddress, destination: ScopedAddress, satype: SAType
    ) -> [SADBMessage] {
        dump.compactMap { reply in
            guard reply.type == .dump, reply.errno == 0, reply.saType.rawValue == satype.rawValue,
                reply.sourceAddress?.address?.bytes == source.bytes,
                reply.destinationAddress?.address?.bytes == destination.bytes,
                let sa = reply.securityAssociation
            else { return nil }
            return lookup(
                .delete,
                SecurityAssociationID(source: source, destination: destination, satype: satype, spi: sa.spi))
        }
    }

    // MARK: - SAD

    private func securityAssociation(_ type: SADBMessageType, _ spec: SecurityAssociationSpec) -> SADBMessage {
        var message = header(type, SADBSAType(rawValue: spec.proto.satype.rawValue))
        var encryption: UInt8 = 0
        var authentication: UInt8 = 0
        switch spec.algorithms {
        case .esp(let enc, let encKey, let auth, let authKey):
            encryption = enc.sadbID
            // setkey sends KEY_ENCRYPT even for `null` (zero bits).
            message.extensions.append(.encryptionKey(SADBKey(KeyBytes(encKey.bytes))))
            if let auth {
                authentication = auth.sadbID
                if let authKey { message.extensions.append(.authKey(SADBKey(KeyBytes(authKey.bytes)))) }
            }
        case .ah(let auth, let key):
            authentication = auth.sadbID
            if auth.keyLength != .none { message.extensions.append(.authKey(SADBKey(KeyBytes(key.bytes)))) }
        case .ipcomp(let algorithm, _):
            encryption = algorithm.rawValue
        case nil:
            break
        }
        let ext = spec.extensions
        if ext.hardLifetimeSeconds != 0 || ext.hardLifetimeBytes != 0 {
            message.extensions.append(
                .lifetimeHard(SADBLifetime(bytes: ext.hardLifetimeBytes, addTime: ext.hardLifetimeSeconds)))
        }
        if ext.softLifetimeSeconds != 0 || ext.softLifetimeBytes != 0 {
            message.extensions.append(
                .lifetimeSoft(SADBLifetime(bytes: ext.softLifetimeBytes, addTime: ext.softLifetimeSeconds)))
        }
        if let context = ext.securityContext { message.extensions.append(.securityContext(Self.wire(context))) }
        if type == .getSPI && spec.spi != 0 {
            message.extensions.append(.spiRange(SADBSPIRange(minimum: spec.spi, maximum: spec.spi)))
        }
        message.extensions.append(
            .securityAssociation(
                SADBSecurityAssociation(
                    spi: spec.spi, replayWindow: ext.replay, state: .larval,
                    authAlgorithm: SADBAuthenticationAlgorithm(rawValue: authentication),
                    encryptionAlgorithm: SADBEncryptionAlgorithm(rawValue: encryption), flags: ext.flags)))
        message.extensions.append(.sa2(SADBSA2(mode: PFKeyListener.IPsecMode(rawValue: ext.mode.rawValue), reqid: ext.reqid)))
        if let udp = spec.proto.udpEncapsulation {
            message.extensions.append(.natTraversalType(SADBNATTraversalType(encapsulation: Self.espInUDP)))
            if let original = udp.originalAddress {
                message.extensions.append(.natTraversalOriginalAddress(SADBAddress(Self.socket(original, port: 0))))
            }
        }
        message.extensions.append(.sourceAddress(SADBAddress(Self.socket(spec.source.address, port: spec.source.port))))
        message.extensions.append(
            .destinationAddress(SADBAddress(Self.socket(spec.destination.address, port: spec.destination.port))))
        if spec.proto.udpEncapsulation != nil {
            let sport = spec.source.port == 0 ? Self.defaultNATTPort : spec.source.port
            let dport = spec.destination.port == 0 ? Self.defaultNATTPort : spec.destination.port
            message.extensions.append(.natTraversalSourcePort(SADBNATTraversalPort(port: sport)))
            message.extensions.append(.natTraversalDestinationPort(SADBNATTraversalPort(port: dport)))
        }
        return message
    }

    private func lookup(_ type: SADBMessageType, _ id: SecurityAssociationID) -> SADBMessage {
        var message = header(type, SADBSAType(rawValue: id.satype.rawValue))
        message.extensions = [
            .securityAssociation(
                SADBSecurityAssociation(spi: id.spi, state: .larval, flags: SAExtensions.flagCyclicSequence)),
            .sa2(SADBSA2(mode: PFKeyListener.IPsecMode.any, reqid: 0)),
            .sourceAddress(SADBAddress(Self.socket(id.source, port: 0))),
            .destinationAddress(SADBAddress(Self.socket(id.destination, port: 0))),
        ]
        return message
    }

    // MARK: - SPD

    private func policy(_ type: SADBMessageType, _ entry: PolicyEntry) -> [SADBMessage] {
        let spec = entry.policy
        let requests = spec.requests.map { request in
            SADBIPsecRequest(
                ipProtocol: request.proto.rawValue, mode: PFKeyListener.IPsecMode(rawValue: request.mode.rawValue),
                level: IPsecLevel(rawValue: request.level.rawValue), reqid: request.reqid,
                tunnelSource: request.tunnel.map { Self.socket($0.source.address, port: $0.source.port) },
                tunnelDestination: request.tunnel.map { Self.socket($0.destination.address, port: $0.destination.port) })
        }
        let xpolicy = SADBPolicy(
            policyType: IPsecPolicyType(rawValue: spec.action.rawValue),
            direction: IPsecPolicyDirection(rawValue: spec.direction.rawValue), id: 0, priority: spec.priority,
            requests: requests)
        var message = header(type, .unspecified)
        message.extensions = [
            .policy(xpolicy),
            .sourceAddress(
                SADBAddress(
                    Self.socket(entry.source.address, port: entry.source.port),
                    prefixLength: entry.source.prefixLength, upperLayerProtocol: entry.upperLayerProtocol)),
            .destinationAddress(
                SADBAddress(
                    Self.socket(entry.destination.address, port: entry.destination.port),
                    prefixLength: entry.destination.prefixLength, upperLayerProtocol: entry.upperLayerProtocol)),
        ]
        if let context = entry.securityContext { message.extensions.append(.securityContext(Self.wire(context))) }
        guard rfcMode, spec.direction == .inbound else { return [message] }
        // RFC mode on Linux: the same policy again for forwarded packets; a `unique` first request becomes
        // `require` without reqid there (setkey's setkeymsg_spdaddr).
        var forward = xpolicy
        forward.direction = IPsecPolicyDirection.forward
        if var first = forward.requests.first, first.level == IPsecLevel.unique {
            first.level = IPsecLevel.require
            first.reqid = 0
            forward.requests[0] = first
        }
        var fwd = message
        fwd.extensions[0] = .policy(forward)
        return [message, fwd]
    }

    // MARK: - Conversions

    /// setkey sends the context with its terminating NUL (`ctx_len = strlen + 1`).
    static func wire(_ context: SecurityContext) -> SADBSecurityContext {
        SADBSecurityContext(algorithm: context.algorithm, doi: context.doi, context: context.context + [0])
    }

    static func socket(_ address: ScopedAddress, port: UInt16) -> SADBSocketAddress {
        switch address.family {
        case .ipv4: return .ipv4(address.host, port: port)
        case .ipv6: return .ipv6(address.host, port: port, flowInfo: 0, scopeID: address.scopeID)
        }
    }
}
