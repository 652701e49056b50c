/// An IPsec DOI identification type (RFC 2407 §4.6.2.1).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct IdentificationType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt8

    /// A value from its wire form.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 1: ID_IPV4_ADDR (RFC 2407 §4.6.2.2).
    public static let ipv4Address = IdentificationType(rawValue: 1)
    /// 2: ID_FQDN (RFC 2407 §4.6.2.3).
    public static let fqdn = IdentificationType(rawValue: 2)
    /// 3: ID_USER_FQDN (RFC 2407 §4.6.2.4).
    public static let userFQDN = IdentificationType(rawValue: 3)
    /// 4: ID_IPV4_ADDR_SUBNET (RFC 2407 §4.6.2.5).
    public static let ipv4AddressSubnet = IdentificationType(rawValue: 4)
    /// 5: ID_IPV6_ADDR (RFC 2407 §4.6.2.6).
    public static let ipv6Address = IdentificationType(rawValue: 5)
    /// 6: ID_IPV6_ADDR_SUBNET (RFC 2407 §4.6.2.7).
    public static let ipv6AddressSubnet = IdentificationType(rawValue: 6)
    /// 7: ID_IPV4_ADDR_RANGE (RFC 2407 §4.6.2.8).
    public static let ipv4AddressRange = IdentificationType(rawValue: 7)
    /// 8: ID_IPV6_ADDR_RANGE (RFC 2407 §4.6.2.9).
    public static let ipv6AddressRange = IdentificationType(rawValue: 8)
    /// 9: ID_DER_ASN1_DN (RFC 2407 §4.6.2.10).
    public static let derASN1DN = IdentificationType(rawValue: 9)
    /// 10: ID_DER_ASN1_GN (RFC 2407 §4.6.2.11).
    public static let derASN1GN = IdentificationType(rawValue: 10)
    /// 11: ID_KEY_ID (RFC 2407 §4.6.2.12).
    public static let keyID = IdentificationType(rawValue: 11)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .ipv4Address: return "ID_IPV4_ADDR"
        case .fqdn: return "ID_FQDN"
        case .userFQDN: return "ID_USER_FQDN"
        case .ipv4AddressSubnet: return "ID_IPV4_ADDR_SUBNET"
        case .ipv6Address: return "ID_IPV6_ADDR"
        case .ipv6AddressSubnet: return "ID_IPV6_ADDR_SUBNET"
        case .ipv4AddressRange: return "ID_IPV4_ADDR_RANGE"
        case .ipv6AddressRange: return "ID_IPV6_ADDR_RANGE"
        case .derASN1DN: return "ID_DER_ASN1_DN"
        case .derASN1GN: return "ID_DER_ASN1_GN"
        case .keyID: return "ID_KEY_ID"
        default: return "\(rawValue)"
        }
    }
}
