internal import PFKeyListener

/// PF_KEY requests as XFRM structures, following what the kernel's own af_key does with them
/// (net/key/af_key.c: pfkey_msg2xfrm_state, pfkey_spdadd, parse_ipsecrequest), so that a request means the
/// same on both interfaces. The one deliberate difference: SHA-2 ICVs are the RFC 4868 lengths.
enum SADBToXFRM {
    /// Why a PF_KEY request has no XFRM equivalent; answered with this errno, as af_key would.
    struct Refusal: Error {
        let errno: UInt8
        let reason: String
    }

    static let invalid: UInt8 = 22  // EINVAL
    static let notSupported: UInt8 = 95  // EOPNOTSUPP

    /// `IPSEC_PROTO_ANY`: FLUSHSA of every IPsec protocol.
    static let anyProtocol: UInt8 = 255

    static func ipProtocol(_ saType: SADBSAType) throws(Refusal) -> UInt8 {
        guard let value = saType.ipProtocol else { throw Refusal(errno: invalid, reason: "SA type \(saType)") }
        return UInt8(value)
    }

    /// `pfkey_mode_to_xfrm`: ANY and TRANSPORT are transport, TUNNEL tunnel, BEET beet.
    static func mode(_ mode: IPsecMode) throws(Refusal) -> UInt8 {
        switch mode {
        case .any, .transport: 0
        case .tunnel: 1
        case .beet: 4
        default: throw Refusal(errno: invalid, reason: "IPsec mode \(mode)")
        }
    }

    /// A lifetime limit: PF_KEY's 0 is XFRM's "none".
    static func limit(_ value: UInt64) -> UInt64 { value == 0 ? XFRMLifetimeConfiguration.infinite : value }

    /// LIFETIME_HARD and LIFETIME_SOFT as XFRM's limits; a missing one leaves its half unlimited.
    static func lifetime(hard: SADBLifetime?, soft: SADBLifetime?) -> XFRMLifetimeConfiguration {
        var result = XFRMLifetimeConfiguration()
        for case let (lifetime?, half) in [(hard, XFRMLifetimeConfiguration.Half.hard), (soft, .soft)] {
            result[keyPath: half.packets] = limit(UInt64(lifetime.allocations))
            result[keyPath: half.bytes] = limit(lifetime.bytes)
            result[keyPath: half.addExpiresSeconds] = lifetime.addTime
            result[keyPath: half.useExpiresSeconds] = lifetime.useTime
        }
        return result
    }

    /// The selector of an SPD request: ADDRESS_SRC / ADDRESS_DST with their prefixes, ports and protocol.
    static func selector(_ message: SADBMessage) throws(Refusal) -> XFRMSelector {
        guard let source = message.sourceAddress, let destination = message.destinationAddress,
            let traffic = TrafficSelector(source: source, destination: destination),
            traffic.source.family == traffic.destination.family
        else { throw Refusal(errno: invalid, reason: "\(message.type) without a usable source and destination") }
        return XFRMSelector(traffic)
    }

    /// PF_KEY direction (1 in, 2 out, 3 fwd) as XFRM's (0, 1, 2).
    static func direction(_ direction: IPsecPolicyDirection) throws(Refusal) -> UInt8 {
        guard (1...3).contains(direction.rawValue) else {
            throw Refusal(errno: invalid, reason: "policy direction \(direction)")
        }
        return direction.rawValue - 1
    }

    /// SPDADD / SPDUPDATE as a policy and its attributes. `reqid` supplies the reqid of a `unique` template
    /// given without one (af_key's gen_reqid).
    static func policy(
        _ message: SADBMessage, reqid: () -> UInt32
    ) throws(Refusal) -> (XFRMPolicyInfo, XFRMAttributes) {
        guard let policy = message.policy else { throw Refusal(errno: invalid, reason: "\(message.type) without X_POLICY") }
        let selector = try selector(message)
        var info = XFRMPolicyInfo(
            selector: selector, lifetime: lifetime(hard: message.hardLifetime, soft: message.softLifetime),
            priority: policy.priority, direction: try direction(policy.direction),
            action: policy.policyType == .discard ? XFRMPolicyInfo.Action.block : XFRMPolicyInfo.Action.allow)
        info.index = 0
        var attributes = XFRMAttributes()
        if policy.policyType == .ipsec {
            for request in policy.requests {
                let templateReqid: UInt32
                switch request.level {
                case .unique: templateReqid = request.reqid != 0 ? request.reqid : reqid()
                case .use, .require, .default: templateReqid = 0
                default: throw Refusal(errno: invalid, reason: "IPsec level \(request.level)")
                }
                let tunnelSource = request.tunnelSource?.address
                let tunnelDestination = request.tunnelDestination?.address
                let family = tunnelSource.map(XFRMAddress.family) ?? selector.family
                attributes.templates.append(
                    XFRMTemplate(
                        ipProtocol: UInt8(truncatingIfNeeded: request.ipProtocol), family: family,
                        source: tunnelSource, destination: tunnelDestination, reqid: templateReqid,
                        mode: try mode(request.mode), optional: request.level == .use))
            }
        }
        attributes.securityContext = message.securityContext
        return (info, attributes)
    }

    /// True when SPDADD needs a generated reqid (a `unique` template without one).
    static func needsGeneratedReqid(_ message: SADBMessage) -> Bool {
        message.policy?.requests.contains { $0.level == .unique && $0.reqid == 0 } == true
    }

    /// SPDDELETE (by selector and context) or SPDDELETE2 / SPDGET (by id).
    static func policyID(_ message: SADBMessage, byIndex: Bool) throws(Refusal) -> XFRMPolicyID {
        guard let policy = message.policy else { throw Refusal(errno: invalid, reason: "\(message.type) without X_POLICY") }
        if byIndex {
            // xfrm_policy_id2dir: the index's low 3 bits are the direction.
            return XFRMPolicyID(
                selector: .wildcard(family: 0), index: policy.id, direction: UInt8(truncatingIfNeeded: policy.id & 7))
        }
        return XFRMPolicyID(selector: try selector(message), index: 0, direction: try direction(policy.direction))
    }

    /// The SA of GETSPI, UPDATE, ADD: addresses, protocol, mode and reqid (X_SA2), sequence.
    static func state(_ message: SADBMessage) throws(Refusal) -> XFRMStateInfo {
        guard let source = message.sourceAddress?.address, let destination = message.destinationAddress?.address,
            source.family == destination.family
        else { throw Refusal(errno: invalid, reason: "\(message.type) without a usable source and destination") }
        let family = XFRMAddress.family(of: source)
        var info = XFRMStateInfo(
            selector: .wildcard(family: family), destination: destination, spi: message.securityAssociation?.spi ?? 0,
            ipProtocol: try ipProtocol(message.saType), source: source,
            lifetime: lifetime(hard: message.hardLifetime, soft: message.softLifetime), sequence: message.sequence,
            reqid: message.sa2?.reqid ?? 0, family: family, mode: try mode(message.sa2?.mode ?? .transport))
        if let sa = message.securityAssociation {
            info.replayWindow = sa.replayWindow
            info.flags = SAFlags.xfrm(sa.flags)
        }
        return info
    }

    /// The algorithms, keys, context and encapsulation of UPDATE / ADD.
    static func stateAttributes(_ message: SADBMessage) throws(Refusal) -> XFRMAttributes {
        var attributes = XFRMAttributes()
        guard let sa = message.securityAssociation else {
            throw Refusal(errno: invalid, reason: "\(message.type) without SA")
        }
        let emptyKey = KeyBytes([])
        switch message.saType {
        case .ipcomp:
            guard let name = KernelAlgorithmNames.compressionName(sa.encryptionAlgorithm.rawValue) else {
                throw Refusal(errno: invalid, reason: "compression algorithm \(sa.encryptionAlgorithm.rawValue)")
            }
            attributes.compression = XFRMAlgorithm(name: name, key: emptyKey)
        case .esp, .ah:
            if sa.authAlgorithm != .none {
                guard let auth = KernelAlgorithmNames.authentication(sa.authAlgorithm) else {
                    throw Refusal(errno: invalid, reason: "authentication algorithm \(sa.authAlgorithm)")
                }
                attributes.authentication = XFRMAlgorithm(
                    name: auth.name, key: message.authKey?.key ?? emptyKey, icvBits: auth.icvBits)
            }
            if message.saType == .esp, sa.encryptionAlgorithm != .none {
                guard let cipher = KernelAlgorithmNames.encryption(sa.encryptionAlgorithm) else {
                    throw Refusal(errno: invalid, reason: "encryption algorithm \(sa.encryptionAlgorithm)")
                }
                let key = message.encryptionKey?.key ?? emptyKey
                if let icv = cipher.icvBits {
                    attributes.aead = XFRMAlgorithm(name: cipher.name, key: key, icvBits: icv)
                } else {
                    attributes.encryption = XFRMAlgorithm(name: cipher.name, key: key)
                }
            }
        default:
            throw Refusal(errno: invalid, reason: "SA type \(message.saType)")
        }
        attributes.securityContext = message.securityContext
        if let type = message.natTraversalType {
            attributes.encapsulation = XFRMEncapsulation(
                type: UInt16(type.encapsulation), sourcePort: message.natTraversalSourcePort?.port ?? 0,
                destinationPort: message.natTraversalDestinationPort?.port ?? 0,
                originalAddress: message.natTraversalOriginalAddress?.address)
        }
        return attributes
    }

    /// `struct xfrm_usersa_id` and the source of DELETE / GET.
    static func stateID(_ message: SADBMessage) throws(Refusal) -> (XFRMStateID, IPAddress) {
        guard let sa = message.securityAssociation, let source = message.sourceAddress?.address,
            let destination = message.destinationAddress?.address
        else { throw Refusal(errno: invalid, reason: "\(message.type) without SA, source and destination") }
        return (XFRMStateID(destination: destination, spi: sa.spi, ipProtocol: try ipProtocol(message.saType)), source)
    }
}

/// `sadb_sa_flags` (Linux's SADB_SAFLAGS_*) and XFRM's state flags.
enum SAFlags {
    private static let pairs: [(sadb: UInt32, xfrm: UInt8)] = [
        (0x8000_0000, 1),  // NOECN
        (0x4000_0000, 2),  // DECAP_DSCP
        (0x2000_0000, 4),  // NOPMTUDISC
    ]

    static func xfrm(_ flags: UInt32) -> UInt8 {
        pairs.reduce(0) { flags & $1.sadb != 0 ? $0 | $1.xfrm : $0 }
    }

    static func sadb(_ flags: UInt8) -> UInt32 {
        pairs.reduce(0) { flags & $1.xfrm != 0 ? $0 | $1.sadb : $0 }
    }
}
