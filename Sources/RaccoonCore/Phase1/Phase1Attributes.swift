internal import IKECrypto
internal import ISAKMP

/// Phase-1 transform attributes in both directions (RFC 2409 Appendix A), in racoon's attribute order
/// (`setph1attr`: life type, life duration, encryption, key length, authentication method, hash, group).
extension Phase1Proposal {
    /// The KEY_IKE transform carrying this proposal.
    func transformPayload(number: UInt8) -> TransformPayload {
        var attributes: [DataAttribute] = [
            .integer(type: OakleyAttributeType.lifeType.rawValue, 1),  // seconds
            .integer(type: OakleyAttributeType.lifeDuration.rawValue, UInt64(lifetimeSeconds)),
            .integer(type: OakleyAttributeType.encryptionAlgorithm.rawValue, UInt64(encryption.attributeValue)),
        ]
        if let bits = encryption.keyLengthAttribute {
            attributes.append(.integer(type: OakleyAttributeType.keyLength.rawValue, UInt64(bits)))
        }
        attributes += [
            .integer(type: OakleyAttributeType.authenticationMethod.rawValue, UInt64(authentication.rawValue)),
            .integer(type: OakleyAttributeType.hashAlgorithm.rawValue, UInt64(hash.rawValue)),
            .integer(type: OakleyAttributeType.groupDescription.rawValue, UInt64(group.rawValue)),
        ]
        // RFC 2409 Appendix A: KEY_IKE is transform ID 1.
        return TransformPayload(number: number, transformID: 1, attributes: attributes)
    }

    /// Reads a peer's KEY_IKE transform, or says which attribute Raccoon cannot use.
    static func parse(_ transform: TransformPayload) -> Result<Phase1Proposal, Phase1Selection.Unsupported> {
        func fail(_ reason: String) -> Result<Phase1Proposal, Phase1Selection.Unsupported> {
            .failure(.init(reason: reason))
        }
        guard transform.transformID == 1 else { return fail("transform ID \(transform.transformID) is not KEY_IKE") }
        var encryption: UInt16?
        var keyBits: UInt16?
        var hash: Phase1Hash?
        var authentication: Phase1AuthenticationMethod?
        var group: DiffieHellmanGroupID?
        var lifetime: UInt32 = 28800  // RFC 2407 §4.5 / racoon: eight hours when unspecified
        var lifeType: UInt64 = 1
        for attribute in transform.attributes {
            guard let value = attribute.integerValue else {
                return fail("attribute \(attribute.type) has an unusable value")
            }
            switch OakleyAttributeType(rawValue: attribute.type) {
            case .encryptionAlgorithm:
                encryption = UInt16(truncatingIfNeeded: value)
            case .keyLength:
                keyBits = UInt16(truncatingIfNeeded: value)
            case .hashAlgorithm:
                guard let parsed = Phase1Hash(rawValue: UInt16(truncatingIfNeeded: value)) else {
                    return fail("hash algorithm \(value) is not supported")
                }
                hash = parsed
            case .authenticationMethod:
                guard let parsed = Phase1AuthenticationMethod(rawValue: UInt16(truncatingIfNeeded: value)) else {
                    return fail("authentication method \(value) is not supported (pre-shared keys only)")
                }
                authentication = parsed
            case .groupDescription:
                guard let parsed = DiffieHellmanGroupID(rawValue: UInt16(truncatingIfNeeded: value)) else {
                    return fail("DH group \(value) is not supported")
                }
                group = parsed
            case .lifeType:
                lifeType = value
            case .lifeDuration:
                guard lifeType == 1 else { return fail("life type \(lifeType) (only seconds are supported)") }
                lifetime = UInt32(clamping: value)
            default:
                return fail("attribute \(OakleyAttributeType(rawValue: attribute.type)) is not supported")
            }
        }
        guard let encryptionValue = encryption else { return fail("no encryption algorithm") }
        guard let cipher = Phase1Encryption(attributeValue: encryptionValue, keyBits: keyBits) else {
            return fail("encryption algorithm \(encryptionValue)\(keyBits.map { " with \($0)-bit key" } ?? "") is not supported")
        }
        guard let hash else { return fail("no hash algorithm") }
        guard let authentication else { return fail("no authentication method") }
        guard let group else { return fail("no DH group") }
        return .success(
            Phase1Proposal(
                encryption: cipher, hash: hash, authentication: authentication, group: group,
                lifetimeSeconds: lifetime))
    }

    /// The IKECrypto cipher for this proposal.
    var blockCipher: BlockCipher {
        switch encryption {
        case .tripleDES: return .tripleDESCBC
        case .aes(let bits): return bits == 256 ? .aes256CBC : bits == 192 ? .aes192CBC : .aes128CBC
        }
    }

    /// The IKECrypto hash for this proposal.
    var hashAlgorithm: HashAlgorithm {
        switch hash {
        case .md5: return .md5
        case .sha1: return .sha1
        case .sha256: return .sha256
        }
    }
}

extension DiffieHellmanGroupID {
    /// The IKECrypto group.
    var dhGroup: DHGroup {
        switch self {
        case .modp768: return .modp768
        case .modp1024: return .modp1024
        case .modp1536: return .modp1536
        case .modp2048: return .modp2048
        }
    }
}
