internal import PFKeyListener

/// XFRM messages as the PF_KEY messages af_key would have sent for the same kernel objects
/// (net/key/af_key.c: pfkey_xfrm_policy2msg, __pfkey_xfrm_state2msg, pfkey_send_acquire).
enum XFRMToSADB {
    /// A limit: XFRM's "none" is PF_KEY's 0 (`_X2KEY`).
    static func limit(_ value: UInt64) -> UInt64 { value == XFRMLifetimeConfiguration.infinite ? 0 : value }

    /// LIFETIME_HARD or LIFETIME_SOFT: one half of XFRM's limits.
    static func lifetime(_ lifetime: XFRMLifetimeConfiguration, _ half: XFRMLifetimeConfiguration.Half) -> SADBLifetime {
        SADBLifetime(
            allocations: UInt32(truncatingIfNeeded: limit(lifetime[keyPath: half.packets])),
            bytes: limit(lifetime[keyPath: half.bytes]), addTime: lifetime[keyPath: half.addExpiresSeconds],
            useTime: lifetime[keyPath: half.useExpiresSeconds])
    }

    static func currentLifetime(_ current: XFRMLifetimeCurrent) -> SADBLifetime {
        SADBLifetime(
            allocations: UInt32(truncatingIfNeeded: current.packets), bytes: current.bytes, addTime: current.addTime,
            useTime: current.useTime)
    }

    static func saType(_ ipProtocol: UInt8) -> SADBSAType {
        SADBSAType(ipProtocol: UInt16(ipProtocol)) ?? .unspecified
    }

    /// A host address extension as af_key writes it for SAs: protocol 0, the full prefix.
    static func hostAddress(_ address: IPAddress) -> SADBAddress {
        SADBAddress(SADBSocketAddress(address), upperLayerProtocol: 0)
    }

    /// The two selector addresses of a policy (the protocol 0 of XFRM is IPSEC_ULPROTO_ANY).
    static func selectorAddresses(_ selector: XFRMSelector) -> [SADBExtension] {
        let proto = selector.upperLayerProtocol == 0 ? SADBAddress.anyProtocol : selector.upperLayerProtocol
        let any = IPAddress.any(selector.family == XFRMAddress.inet6 ? .ipv6 : .ipv4)
        return [
            .sourceAddress(
                SADBAddress(
                    SADBSocketAddress(selector.source ?? any, port: selector.sourcePort),
                    prefixLength: selector.sourcePrefixLength, upperLayerProtocol: proto)),
            .destinationAddress(
                SADBAddress(
                    SADBSocketAddress(selector.destination ?? any, port: selector.destinationPort),
                    prefixLength: selector.destinationPrefixLength, upperLayerProtocol: proto)),
        ]
    }

    /// A policy (dump entry, GETPOLICY reply, notification) as SPDDUMP / SPDADD / SPDUPDATE / SPDGET / SPDEXPIRE.
    static func policy(
        _ type: SADBMessageType, _ info: XFRMPolicyInfo, _ attributes: XFRMAttributes, sequence: UInt32, pid: UInt32
    ) -> SADBMessage {
        let requests = attributes.templates.map { template in
            let level: IPsecLevel = template.optional != 0 ? .use : (template.reqid != 0 ? .unique : .require)
            // Linux sends the tunnel's endpoints only in tunnel mode (XFRM_MODE_TUNNEL, 1).
            var tunnelSource: SADBSocketAddress?
            var tunnelDestination: SADBSocketAddress?
            if template.mode == 1, let source = template.source, let destination = template.destination {
                tunnelSource = SADBSocketAddress(source)
                tunnelDestination = SADBSocketAddress(destination)
            }
            return SADBIPsecRequest(
                ipProtocol: UInt16(template.ipProtocol), mode: IPsecMode(rawValue: template.mode &+ 1), level: level,
                reqid: template.reqid, tunnelSource: tunnelSource, tunnelDestination: tunnelDestination)
        }
        let policyType: IPsecPolicyType =
            info.action == XFRMPolicyInfo.Action.block ? .discard : (attributes.templates.isEmpty ? .none : .ipsec)
        var extensions = selectorAddresses(info.selector)
        extensions += [
            .lifetimeHard(lifetime(info.lifetime, .hard)), .lifetimeSoft(lifetime(info.lifetime, .soft)),
            .lifetimeCurrent(currentLifetime(info.current)),
            .policy(
                SADBPolicy(
                    policyType: policyType, direction: IPsecPolicyDirection(rawValue: info.direction &+ 1),
                    id: info.index, priority: info.priority, requests: requests)),
        ]
        if let context = attributes.securityContext { extensions.append(.securityContext(context)) }
        return SADBMessage(type: type, sequence: sequence, pid: pid, extensions: extensions)
    }

    /// An SA as GETSPI / GET / DUMP replies and ADD / UPDATE / EXPIRE notifications. Keys only when asked
    /// (GET and DUMP, as af_key); `lifetimes` picks LIFETIME_HARD and LIFETIME_SOFT (an EXPIRE carries one).
    static func state(
        _ type: SADBMessageType, _ info: XFRMStateInfo, _ attributes: XFRMAttributes, sequence: UInt32, pid: UInt32,
        keys: Bool, lifetimes: (hard: Bool, soft: Bool) = (true, true)
    ) -> SADBMessage {
        let cipher = attributes.aead ?? attributes.encryption
        let authentication = attributes.authentication.flatMap { KernelAlgorithmNames.authentication(named: $0.name) }
        var encryption: SADBEncryptionAlgorithm = .none
        if let cipher {
            encryption = KernelAlgorithmNames.encryption(named: cipher.name, icvBits: attributes.aead?.icvBits) ?? .none
        } else if let compression = attributes.compression {
            encryption = SADBEncryptionAlgorithm(rawValue: KernelAlgorithmNames.compression(named: compression.name) ?? 0)
        }
        let keyed = cipher != nil || attributes.authentication != nil || attributes.compression != nil
        var extensions: [SADBExtension] = [
            .securityAssociation(
                SADBSecurityAssociation(
                    spi: info.spi, replayWindow: info.replayWindow, state: keyed ? .mature : .larval,
                    authAlgorithm: authentication ?? .none, encryptionAlgorithm: encryption,
                    flags: SAFlags.sadb(info.flags)))
        ]
        if lifetimes.hard { extensions.append(.lifetimeHard(lifetime(info.lifetime, .hard))) }
        if lifetimes.soft { extensions.append(.lifetimeSoft(lifetime(info.lifetime, .soft))) }
        extensions.append(.lifetimeCurrent(currentLifetime(info.current)))
        if let source = info.source { extensions.append(.sourceAddress(hostAddress(source))) }
        if let destination = info.destination { extensions.append(.destinationAddress(hostAddress(destination))) }
        if keys {
            if let authentication = attributes.authentication, authentication.key.count > 0 {
                extensions.append(.authKey(SADBKey(authentication.key)))
            }
            if let cipher, cipher.key.count > 0 { extensions.append(.encryptionKey(SADBKey(cipher.key))) }
        }
        extensions.append(
            .sa2(SADBSA2(mode: IPsecMode(rawValue: info.mode &+ 1), reqid: info.reqid, sequence: info.sequence)))
        if let encapsulation = attributes.encapsulation {
            extensions += [
                .natTraversalType(SADBNATTraversalType(encapsulation: UInt8(truncatingIfNeeded: encapsulation.type))),
                .natTraversalSourcePort(SADBNATTraversalPort(port: encapsulation.sourcePort)),
                .natTraversalDestinationPort(SADBNATTraversalPort(port: encapsulation.destinationPort)),
            ]
            if let original = encapsulation.originalAddress {
                extensions.append(.natTraversalOriginalAddress(hostAddress(original)))
            }
        }
        if let context = attributes.securityContext { extensions.append(.securityContext(context)) }
        return SADBMessage(
            type: type, saType: saType(info.ipProtocol), sequence: sequence, pid: pid, extensions: extensions)
    }

    /// XFRM_MSG_ACQUIRE as SADB_ACQUIRE (pfkey_send_acquire): the SA's addresses, the outbound policy's id and the
    /// flow's security context. No PROPOSAL: the engine proposes from racoon.conf.
    static func acquire(_ info: XFRMAcquireInfo, _ attributes: XFRMAttributes) -> SADBMessage? {
        guard let source = info.source, let destination = info.destination else { return nil }
        var extensions: [SADBExtension] = [
            .sourceAddress(hostAddress(source)),
            .destinationAddress(hostAddress(destination)),
            .policy(
                SADBPolicy(
                    policyType: .ipsec, direction: IPsecPolicyDirection(rawValue: info.policy.direction &+ 1),
                    id: info.policy.index, priority: info.policy.priority)),
        ]
        if let context = attributes.securityContext { extensions.append(.securityContext(context)) }
        return SADBMessage(
            type: .acquire, saType: saType(info.ipProtocol), sequence: info.sequence, pid: 0, extensions: extensions)
    }

    /// A DELSA notification as SADB_DELETE: SA, source and destination.
    static func deleted(_ id: XFRMStateID, _ attributes: XFRMAttributes, pid: UInt32) -> SADBMessage {
        var extensions: [SADBExtension] = [.securityAssociation(SADBSecurityAssociation(spi: id.spi))]
        if let source = attributes.state?.source ?? attributes.sourceAddress {
            extensions.append(.sourceAddress(hostAddress(source)))
        }
        if let destination = id.destination { extensions.append(.destinationAddress(hostAddress(destination))) }
        return SADBMessage(type: .delete, saType: saType(id.ipProtocol), pid: pid, extensions: extensions)
    }

    /// A DELPOLICY notification as SADB_X_SPDDELETE (the mirror needs the id; the selector comes along).
    static func policyDeleted(_ id: XFRMPolicyID, _ attributes: XFRMAttributes, pid: UInt32) -> SADBMessage {
        if let info = attributes.policy {
            return policy(.spdDelete, info, attributes, sequence: 0, pid: pid)
        }
        var extensions = selectorAddresses(id.selector)
        extensions.append(
            .policy(
                SADBPolicy(
                    policyType: .ipsec, direction: IPsecPolicyDirection(rawValue: id.direction &+ 1), id: id.index)))
        return SADBMessage(type: .spdDelete, pid: pid, extensions: extensions)
    }

    /// The supported algorithms REGISTER reports for `saType`: the kernel's XFRM table (the kernel checks the
    /// crypto is present when an SA is installed, loading its module on demand).
    static func supported(_ saType: SADBSAType) -> [SADBExtension] {
        let authentication = SADBSupported(
            algorithms: KernelAlgorithmNames.authentication.map {
                SADBAlgorithmDescriptor(
                    identifier: $0.sadb.rawValue, minimumBits: $0.keyBits.lowerBound, maximumBits: $0.keyBits.upperBound)
            })
        let encryption = SADBSupported(
            algorithms: KernelAlgorithmNames.encryption.map {
                SADBAlgorithmDescriptor(
                    identifier: $0.sadb.rawValue, ivLength: $0.ivBits, minimumBits: $0.keyBits.lowerBound,
                    maximumBits: $0.keyBits.upperBound)
            })
        switch saType {
        case .esp: return [.supportedAuth(authentication), .supportedEncrypt(encryption)]
        case .ah: return [.supportedAuth(authentication)]
        default: return []
        }
    }
}
