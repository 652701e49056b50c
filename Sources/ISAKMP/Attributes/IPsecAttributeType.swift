/// A phase-2 (IPsec DOI) transform attribute class (RFC 2407 §4.5).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct IPsecAttributeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: SA Life Type (RFC 2407 §4.5).
    public static let saLifeType = IPsecAttributeType(rawValue: 1)
    /// 2: SA Life Duration (RFC 2407 §4.5).
    public static let saLifeDuration = IPsecAttributeType(rawValue: 2)
    /// 3: Group Description (RFC 2407 §4.5).
    public static let groupDescription = IPsecAttributeType(rawValue: 3)
    /// 4: Encapsulation Mode (RFC 2407 §4.5).
    public static let encapsulationMode = IPsecAttributeType(rawValue: 4)
    /// 5: Authentication Algorithm (RFC 2407 §4.5).
    public static let authenticationAlgorithm = IPsecAttributeType(rawValue: 5)
    /// 6: Key Length (RFC 2407 §4.5).
    public static let keyLength = IPsecAttributeType(rawValue: 6)
    /// 7: Key Rounds (RFC 2407 §4.5).
    public static let keyRounds = IPsecAttributeType(rawValue: 7)
    /// 8: Compress Dictionary Size (RFC 2407 §4.5).
    public static let compressDictionarySize = IPsecAttributeType(rawValue: 8)
    /// 9: Compress Private Algorithm (RFC 2407 §4.5).
    public static let compressPrivateAlgorithm = IPsecAttributeType(rawValue: 9)
    /// 10: SECCTX (racoon IPSECDOI_ATTR_SECCTX, inventory §5.2; IANA ECN Tunnel).
    public static let securityContext = IPsecAttributeType(rawValue: 10)
    /// 32001: SECCTX (libreswan) (libreswan default secctx-attr-type, inventory §5.2).
    public static let securityContextLibreswan = IPsecAttributeType(rawValue: 32001)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .saLifeType: return "SA Life Type"
        case .saLifeDuration: return "SA Life Duration"
        case .groupDescription: return "Group Description"
        case .encapsulationMode: return "Encapsulation Mode"
        case .authenticationAlgorithm: return "Authentication Algorithm"
        case .keyLength: return "Key Length"
        case .keyRounds: return "Key Rounds"
        case .compressDictionarySize: return "Compress Dictionary Size"
        case .compressPrivateAlgorithm: return "Compress Private Algorithm"
        case .securityContext: return "SECCTX"
        case .securityContextLibreswan: return "SECCTX (libreswan)"
        default: return "\(rawValue)"
        }
    }
}
