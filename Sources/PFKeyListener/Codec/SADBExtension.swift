/// One PF_KEY extension (RFC 2367 §2.3 and Linux `SADB_X_EXT_*`). Unknown types are kept, never fatal.
public enum SADBExtension: Equatable, Sendable {
    case securityAssociation(SADBSecurityAssociation)
    case lifetimeCurrent(SADBLifetime)
    case lifetimeHard(SADBLifetime)
    case lifetimeSoft(SADBLifetime)
    case sourceAddress(SADBAddress)
    case destinationAddress(SADBAddress)
    case proxyAddress(SADBAddress)
    case authKey(SADBKey)
    case encryptionKey(SADBKey)
    case sourceIdentity(SADBIdentity)
    case destinationIdentity(SADBIdentity)
    case sensitivity(SADBSensitivity)
    case proposal(SADBProposal)
    case supportedAuth(SADBSupported)
    case supportedEncrypt(SADBSupported)
    case spiRange(SADBSPIRange)
    case kmPrivate(SADBKMPrivate)
    case policy(SADBPolicy)
    case sa2(SADBSA2)
    case natTraversalType(SADBNATTraversalType)
    case natTraversalSourcePort(SADBNATTraversalPort)
    case natTraversalDestinationPort(SADBNATTraversalPort)
    case natTraversalOriginalAddress(SADBAddress)
    case securityContext(SADBSecurityContext)
    case kmAddress(SADBKMAddress)
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
        default: .unknown(type: type, body: try reader.readBytes(reader.remaining))
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
