/// The identification data of an ID payload, decoded by its RFC 2407 §4.6.2 ID type.
///
/// Addresses are kept as network-order bytes (4 for IPv4, 16 for IPv6); their counts are checked when parsing and
/// when constructing. Names are kept as bytes, since a peer's FQDN need not be valid UTF-8.
public enum IdentificationData: Hashable, Sendable {
    /// ID_IPV4_ADDR: one 4-byte address.
    case ipv4Address([UInt8])
    /// ID_FQDN: a fully qualified domain name, no NUL.
    case fqdn([UInt8])
    /// ID_USER_FQDN: `user@domain`.
    case userFQDN([UInt8])
    /// ID_IPV4_ADDR_SUBNET: address and mask, 4 bytes each.
    case ipv4Subnet(address: [UInt8], mask: [UInt8])
    /// ID_IPV6_ADDR: one 16-byte address.
    case ipv6Address([UInt8])
    /// ID_IPV6_ADDR_SUBNET: address and mask, 16 bytes each.
    case ipv6Subnet(address: [UInt8], mask: [UInt8])
    /// ID_IPV4_ADDR_RANGE: first and last address, 4 bytes each.
    case ipv4Range(start: [UInt8], end: [UInt8])
    /// ID_IPV6_ADDR_RANGE: first and last address, 16 bytes each.
    case ipv6Range(start: [UInt8], end: [UInt8])
    /// ID_DER_ASN1_DN: a DER distinguished name.
    case derASN1DN([UInt8])
    /// ID_DER_ASN1_GN: a DER general name.
    case derASN1GN([UInt8])
    /// ID_KEY_ID: an opaque key identifier.
    case keyID([UInt8])
    /// Any other ID type, with its data.
    case unknown(type: IdentificationType, data: [UInt8])

    /// The ID type this data is encoded as.
    public var type: IdentificationType {
        switch self {
        case .ipv4Address: return .ipv4Address
        case .fqdn: return .fqdn
        case .userFQDN: return .userFQDN
        case .ipv4Subnet: return .ipv4AddressSubnet
        case .ipv6Address: return .ipv6Address
        case .ipv6Subnet: return .ipv6AddressSubnet
        case .ipv4Range: return .ipv4AddressRange
        case .ipv6Range: return .ipv6AddressRange
        case .derASN1DN: return .derASN1DN
        case .derASN1GN: return .derASN1GN
        case .keyID: return .keyID
        case .unknown(let type, _): return type
        }
    }

    /// The wire bytes of the data.
    public var bytes: [UInt8] {
        switch self {
        case .ipv4Address(let a), .ipv6Address(let a), .fqdn(let a), .userFQDN(let a), .derASN1DN(let a),
            .derASN1GN(let a), .keyID(let a):
            return a
        case .ipv4Subnet(let a, let b), .ipv6Subnet(let a, let b), .ipv4Range(let a, let b), .ipv6Range(let a, let b):
            return a + b
        case .unknown(_, let data): return data
        }
    }

    /// True when every address has the size its type requires and names are not empty.
    var isWellFormed: Bool {
        switch self {
        case .ipv4Address(let a): return a.count == 4
        case .ipv6Address(let a): return a.count == 16
        case .ipv4Subnet(let a, let b), .ipv4Range(let a, let b): return a.count == 4 && b.count == 4
        case .ipv6Subnet(let a, let b), .ipv6Range(let a, let b): return a.count == 16 && b.count == 16
        case .fqdn(let a), .userFQDN(let a), .derASN1DN(let a), .derASN1GN(let a), .keyID(let a): return !a.isEmpty
        case .unknown: return true
        }
    }

    /// Decodes `data` as ID type `type`; throws INVALID-ID-INFORMATION when the size does not fit the type.
    init(type: IdentificationType, data: [UInt8]) throws(ISAKMPParseError) {
        let decoded: IdentificationData
        switch type {
        case .ipv4Address: decoded = .ipv4Address(data)
        case .fqdn: decoded = .fqdn(data)
        case .userFQDN: decoded = .userFQDN(data)
        case .ipv6Address: decoded = .ipv6Address(data)
        case .derASN1DN: decoded = .derASN1DN(data)
        case .derASN1GN: decoded = .derASN1GN(data)
        case .keyID: decoded = .keyID(data)
        case .ipv4AddressSubnet, .ipv4AddressRange:
            guard data.count == 8 else { throw .invalidIdentificationData(idType: type.rawValue, length: data.count) }
            let (a, b) = (Array(data[0..<4]), Array(data[4..<8]))
            decoded = type == .ipv4AddressSubnet ? .ipv4Subnet(address: a, mask: b) : .ipv4Range(start: a, end: b)
        case .ipv6AddressSubnet, .ipv6AddressRange:
            guard data.count == 32 else { throw .invalidIdentificationData(idType: type.rawValue, length: data.count) }
            let (a, b) = (Array(data[0..<16]), Array(data[16..<32]))
            decoded = type == .ipv6AddressSubnet ? .ipv6Subnet(address: a, mask: b) : .ipv6Range(start: a, end: b)
        default: decoded = .unknown(type: type, data: data)
        }
        guard decoded.isWellFormed else {
            throw .invalidIdentificationData(idType: type.rawValue, length: data.count)
        }
        self = decoded
    }
}
