/// One PF_KEY extension (RFC 2367 §2.3 and Linux `SADB_X_EXT_*`). Unknown types are kept, never fatal.
public enum SADBExtension: Equatable, Sendable {
    /// `SADB_EXT_SA`.
    case securityAssociation(SADBSecurityAssociation)
    /// `SADB_EXT_LIFETIME_CURRENT`.
    case lifetimeCurrent(SADBLifetime)
    /// `SADB_EXT_LIFETIME_HARD`.
    case lifetimeHard(SADBLifetime)
    /// `SADB_EXT_LIFETIME_SOFT`.
    case lifetimeSoft(SADBLifetime)
    /// `SADB_EXT_ADDRESS_SRC`.
    case sourceAddress(SADBAddress)
    /// `SADB_EXT_ADDRESS_DST`.
    case destinationAddress(SADBAddress)
    /// `SADB_EXT_ADDRESS_PROXY`.
    case proxyAddress(SADBAddress)
    /// `SADB_EXT_KEY_AUTH`.
    case authKey(SADBKey)
    /// `SADB_EXT_KEY_ENCRYPT`.
    case encryptionKey(SADBKey)
    /// `SADB_EXT_IDENTITY_SRC`.
    case sourceIdentity(SADBIdentity)
    /// `SADB_EXT_IDENTITY_DST`.
    case destinationIdentity(SADBIdentity)
    /// `SADB_EXT_SENSITIVITY`.
    case sensitivity(SADBSensitivity)
    /// `SADB_EXT_PROPOSAL`.
    case proposal(SADBProposal)
    /// `SADB_EXT_SUPPORTED_AUTH`.
    case supportedAuth(SADBSupported)
    /// `SADB_EXT_SUPPORTED_ENCRYPT`.
    case supportedEncrypt(SADBSupported)
    /// `SADB_EXT_SPIRANGE`.
    case spiRange(SADBSPIRange)
    /// `SADB_X_EXT_KMPRIVATE`.
    case kmPrivate(SADBKMPrivate)
    /// `SADB_X_EXT_POLICY`.
    case policy(SADBPolicy)
    /// `SADB_X_EXT_SA2`.
    case sa2(SADBSA2)
    /// `SADB_X_EXT_NAT_T_TYPE`.
    case natTraversalType(SADBNATTraversalType)
    /// `SADB_X_EXT_NAT_T_SPORT`.
    case natTraversalSourcePort(SADBNATTraversalPort)
    /// `SADB_X_EXT_NAT_T_DPORT`.
    case natTraversalDestinationPort(SADBNATTraversalPort)
    /// `SADB_X_EXT_NAT_T_OA`.
    case natTraversalOriginalAddress(SADBAddress)
    /// `SADB_X_EXT_SEC_CTX`.
    case securityContext(SADBSecurityContext)
    /// `SADB_X_EXT_KMADDRESS`.
    case kmAddress(SADBKMAddress)
    /// `SADB_X_EXT_FILTER`.
    case filter(SADBFilter)
    /// An extension type this codec does not know: its type and the bytes after the 4-byte header.
    case unknown(type: UInt16, body: [UInt8])

    /// `sadb_ext_type`.
    public var type: SADBExtensionType {
        switch self {
        case .securityAssociation: .sa
        case .lifetimeCurrent: .lifetimeCurrent
        case .lifetimeHard: .lifetimeHard
        case .lifetimeSoft: .lifetimeSoft
        case .sourceAddress: .addressSource
        case .destinationAddress: .addressDestination
        case .proxyAddress: .addressProxy
        case .authKey: .keyAuth
        case .encryptionKey: .keyEncrypt
        case .sourceIdentity: .identitySource
        case .destinationIdentity: .identityDestination
        case .sensitivity: .sensitivity
        case .proposal: .proposal
        case .supportedAuth: .supportedAuth
        case .supportedEncrypt: .supportedEncrypt
        case .spiRange: .spiRange
        case .kmPrivate: .kmPrivate
        case .policy: .policy
        case .sa2: .sa2
        case .natTraversalType: .natTraversalType
        case .natTraversalSourcePort: .natTraversalSourcePort
        case .natTraversalDestinationPort: .natTraversalDestinationPort
        case .natTraversalOriginalAddress: .natTraversalOriginalAddress
        case .securityContext: .securityContext
        case .kmAddress: .kmAddress
        case .filter: .filter
        case .unknown(let type, _): SADBExtensionType(rawValue: type)
        }
    }

    /// True for the extension types this codec decodes.
    static func isKnown(_ type: UInt16) -> Bool { (1...26).contains(type) }

    // MARK: - Reading

    /// Decodes the body of an extension of `type`; `reader` covers the bytes after the 4-byte header.
    static func parse(type: UInt16, reader: inout SADBReader) throws(SADBError) -> SADBExtension {
        switch SADBExtensionType(rawValue: type) {
        case .sa: .securityAssociation(try SADBSecurityAssociation(parsing: &reader))
        case .lifetimeCurrent: .lifetimeCurrent(try SADBLifetime(parsing: &reader))
        case .lifetimeHard: .lifetimeHard(try SADBLifetime(parsing: &reader))
        case .lifetimeSoft: .lifetimeSoft(try SADBLifetime(parsing: &reader))
        case .addressSource: .sourceAddress(try SADBAddress(parsing: &reader))
        case .addressDestination: .destinationAddress(try SADBAddress(parsing: &reader))
        case .addressProxy: .proxyAddress(try SADBAddress(parsing: &reader))
        case .keyAuth: .authKey(try SADBKey(parsing: &reader))
        case .keyEncrypt: .encryptionKey(try SADBKey(parsing: &reader))
        case .identitySource: .sourceIdentity(try SADBIdentity(parsing: &reader))
        case .identityDestination: .destinationIdentity(try SADBIdentity(parsing: &reader))
        case .sensitivity: .sensitivity(try SADBSensitivity(parsing: &reader))
        case .proposal: .proposal(try SADBProposal(parsing: &reader))
        case .supportedAuth: .supportedAuth(try SADBSupported(parsing: &reader))
        case .supportedEncrypt: .supportedEncrypt(try SADBSupported(parsing: &reader))
        case .spiRange: .spiRange(try SADBSPIRange(parsing: &reader))
        case .kmPrivate: .kmPrivate(try SADBKMPrivate(parsing: &reader))
        case .policy: .policy(try SADBPolicy(parsing: &reader))
        case .sa2: .sa2(try SADBSA2(parsing: &reader))
        case .natTraversalType: .natTraversalType(try SADBNATTraversalType(parsing: &reader))
        case .natTraversalSourcePort: .natTraversalSourcePort(try SADBNATTraversalPort(parsing: &reader))
        case .natTraversalDestinationPort: .natTraversalDestinationPort(try SADBNATTraversalPort(parsing: &reader))
        case .natTraversalOriginalAddress: .natTraversalOriginalAddress(try SADBAddress(parsing: &reader))
        case .securityContext: .securityContext(try SADBSecurityContext(parsing: &reader))
        case .kmAddress: .kmAddress(try SADBKMAddress(parsing: &reader))
        case .filter: .filter(try SADBFilter(parsing: &reader))
        default: .unknown(type: type, body: Array(try reader.readBytes(reader.remaining)))
        }
    }

    // MARK: - Writing

    /// Appends the extension with its header and padding.
    func write(into writer: inout SADBWriter) {
        writer.writeExtension(type: type.rawValue) { body in
            switch self {
            case .securityAssociation(let value): value.write(into: &body)
            case .lifetimeCurrent(let value), .lifetimeHard(let value), .lifetimeSoft(let value):
                value.write(into: &body)
            case .sourceAddress(let value), .destinationAddress(let value), .proxyAddress(let value),
                .natTraversalOriginalAddress(let value):
                value.write(into: &body)
            case .authKey(let value), .encryptionKey(let value): value.write(into: &body)
            case .sourceIdentity(let value), .destinationIdentity(let value): value.write(into: &body)
            case .sensitivity(let value): value.write(into: &body)
            case .proposal(let value): value.write(into: &body)
            case .supportedAuth(let value), .supportedEncrypt(let value): value.write(into: &body)
            case .spiRange(let value): value.write(into: &body)
            case .kmPrivate(let value): value.write(into: &body)
            case .policy(let value): value.write(into: &body)
            case .sa2(let value): value.write(into: &body)
            case .natTraversalType(let value): value.write(into: &body)
            case .natTraversalSourcePort(let value), .natTraversalDestinationPort(let value):
                value.write(into: &body)
            case .securityContext(let value): value.write(into: &body)
            case .kmAddress(let value): value.write(into: &body)
            case .filter(let value): value.write(into: &body)
            case .unknown(_, let bytes): body.write(bytes: bytes)
            }
        }
    }
}
