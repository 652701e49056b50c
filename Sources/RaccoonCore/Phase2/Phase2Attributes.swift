internal import ISAKMP
internal import PFKeyListener

/// IPsec DOI transform attributes in both directions (RFC 2407 §4.5), in racoon's order (`setph2attr`: life type,
/// life duration, group, encapsulation mode, authentication, key length, security context).
extension Phase2Transform {
    /// The ESP transform payload carrying these values.
    func transformPayload(number: UInt8, securityContextAttributeType: UInt16) -> TransformPayload {
        var attributes: [DataAttribute] = [
            .integer(type: IPsecAttributeType.saLifeType.rawValue, 1),  // seconds
            .integer(type: IPsecAttributeType.saLifeDuration.rawValue, UInt64(lifetimeSeconds)),
        ]
        if let pfsGroup {
            attributes.append(.integer(type: IPsecAttributeType.groupDescription.rawValue, UInt64(pfsGroup.rawValue)))
        }
        attributes += [
            // RFC 2407 §4.5: Tunnel = 1, Transport = 2.
            .integer(type: IPsecAttributeType.encapsulationMode.rawValue, mode == .tunnel ? 1 : 2),
            .integer(type: IPsecAttributeType.authenticationAlgorithm.rawValue, UInt64(authentication.rawValue)),
        ]
        if let bits = encryption.keyLengthAttribute {
            attributes.append(.integer(type: IPsecAttributeType.keyLength.rawValue, UInt64(bits)))
        }
        if let label = securityContext {
            attributes.append(label.attribute(type: securityContextAttributeType))
        }
        return TransformPayload(number: number, transformID: encryption.transformID, attributes: attributes)
    }

    /// Reads a peer's ESP transform. A malformed security-context attribute throws (it gets its own notify); an
    /// unsupported value is returned as a refusal reason.
    static func parse(
        _ transform: TransformPayload, securityProtocol: IPsecProtocol, securityContextAttributeType: UInt16
    ) throws(SecurityContextError) -> Result<Phase2Transform, Phase1Selection.Unsupported> {
        func fail(_ reason: String) -> Result<Phase2Transform, Phase1Selection.Unsupported> {
            .failure(.init(reason: reason))
        }
        var keyBits: UInt16?
        var authentication: ESPAuthentication?
        var mode: IPsecMode?
        var group: DiffieHellmanGroupID?
        var lifetime: UInt32 = 28800  // RFC 2407 §4.5: eight hours when unspecified
        var lifeType: UInt64 = 1
        var label: SecurityLabel?
        for attribute in transform.attributes {
            if attribute.type == securityContextAttributeType {
                let context = try ISAKMP.SecurityContext(attribute: attribute, attributeType: securityContextAttributeType)
                label = SecurityLabel(doi: context.doi, algorithm: context.algorithm, context: Array(context.context.utf8))
                continue
            }
            guard let value = attribute.integerValue else { return fail("attribute \(attribute.type) is unusable") }
            switch IPsecAttributeType(rawValue: attribute.type) {
            case .saLifeType:
                lifeType = value
            case .saLifeDuration:
                // Kilobyte lifetimes are ignored, as racoon's `lifetime byte` support is gone.
                if lifeType == 1 { lifetime = UInt32(clamping: value) }
            case .groupDescription:
                guard let parsed = DiffieHellmanGroupID(rawValue: UInt16(truncatingIfNeeded: value)) else {
                    return fail("PFS group \(value) is not supported")
                }
                group = parsed
            case .encapsulationMode:
                switch value {
                case 1: mode = .tunnel
                case 2: mode = .transport
                default: return fail("encapsulation mode \(value) is not supported (no NAT-T)")
                }
            case .authenticationAlgorithm:
                guard let parsed = ESPAuthentication(rawValue: UInt16(truncatingIfNeeded: value)) else {
                    return fail("authentication algorithm \(value) is not supported")
                }
                authentication = parsed
            case .keyLength:
                keyBits = UInt16(truncatingIfNeeded: value)
            default:
                return fail("attribute \(IPsecAttributeType(rawValue: attribute.type)) is not supported")
            }
        }
        guard let encryption = ESPEncryption(transformID: transform.transformID, keyBits: keyBits) else {
            return fail("ESP transform \(transform.transformID)\(keyBits.map { " with \($0)-bit key" } ?? "") is not supported")
        }
        guard let authentication else { return fail("no authentication algorithm") }
        // RFC 2407 §4.5: the encapsulation mode defaults to… unspecified; racoon requires it, so do we.
        guard let mode else { return fail("no encapsulation mode") }
        return .success(
            Phase2Transform(
                securityProtocol: securityProtocol, encryption: encryption, authentication: authentication, mode: mode,
                lifetimeSeconds: lifetime, pfsGroup: group, securityContext: label))
    }
}

extension SecurityLabel {
    /// The IPsec DOI attribute carrying this context (TLV: doi, alg, length with the NUL, string, NUL).
    func attribute(type: UInt16) -> DataAttribute {
        let string = bytesWithNUL
        var value: [UInt8] = [doi, algorithm, UInt8(truncatingIfNeeded: string.count >> 8), UInt8(truncatingIfNeeded: string.count)]
        value += string
        return DataAttribute(type: type, value: .variable(value))
    }
}

extension ClientSelector {
    /// The phase-2 identification payload for this selector: ID_IPV4_ADDR/ID_IPV6_ADDR for a host, the _SUBNET
    /// forms otherwise, with the upper-layer protocol and port (inventory §6.4).
    var identificationPayload: IdentificationPayload {
        let data: IdentificationData
        if isHost {
            data = address.isIPv4 ? .ipv4Address(address.bytes) : .ipv6Address(address.bytes)
        } else {
            let mask = ClientSelector.mask(prefixLength: prefixLength, width: address.bitWidth)
            data = address.isIPv4
                ? .ipv4Subnet(address: address.bytes, mask: mask) : .ipv6Subnet(address: address.bytes, mask: mask)
        }
        return IdentificationPayload(data: data, protocolID: upperLayerProtocol, port: port)
    }

    /// The selector a phase-2 identification payload names, or `nil` for an unusable type or a non-contiguous mask.
    init?(identification: IdentificationPayload) {
        switch identification.data {
        case .ipv4Address(let bytes), .ipv6Address(let bytes):
            guard let address = IPAddress(bytes: bytes) else { return nil }
            self.init(address: address, upperLayerProtocol: identification.protocolID, port: identification.port)
        case .ipv4Subnet(let bytes, let mask), .ipv6Subnet(let bytes, let mask):
            guard let address = IPAddress(bytes: bytes), let prefix = ClientSelector.prefixLength(mask: mask) else {
                return nil
            }
            self.init(
                address: address, prefixLength: prefix, upperLayerProtocol: identification.protocolID,
                port: identification.port)
        case .fqdn, .userFQDN, .ipv4Range, .ipv6Range, .derASN1DN, .derASN1GN, .keyID, .unknown:
            return nil
        }
    }

    static func mask(prefixLength: Int, width: Int) -> [UInt8] {
        (0..<(width / 8)).map { index in
            let bits = min(max(prefixLength - index * 8, 0), 8)
            return bits == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - bits))
        }
    }

    static func prefixLength(mask: [UInt8]) -> Int? {
        var length = 0
        var ended = false
        for byte in mask {
            for bit in (0..<8).reversed() {
                if byte & (1 << bit) != 0 {
                    if ended { return nil }
                    length += 1
                } else {
                    ended = true
                }
            }
        }
        return length
    }
}
