/// An explicit sainfo identity: `address`/`subnet` with prefix, port and protocol, or a named identity.
public enum SAInfoIdentity: Hashable, Sendable, CustomStringConvertible {
    /// `address A[/prefix] [port] proto` or `subnet A/prefix [port] proto`. A full-length prefix is sent as
    /// ID_IPV4_ADDR / ID_IPV6_ADDR, a shorter one as the SUBNET type (RFC 2407 §4.6.2.1).
    case address(IPAddress, prefixLength: Int, port: UInt16?, protocol: UpperLayerProtocol)
    /// `address A-B [port] proto`: ID_IPV4_ADDR_RANGE / ID_IPV6_ADDR_RANGE.
    case range(IPAddress, IPAddress, port: UInt16?, protocol: UpperLayerProtocol)
    /// `fqdn "name"`.
    case fqdn(String)
    /// `user_fqdn "user@name"`.
    case userFQDN(String)
    /// `keyid "value"`.
    case keyID(String)

    /// The IPsec DOI identification type (RFC 2407 §4.6.2.1).
    public var identificationType: UInt8 {
        switch self {
        case .address(let address, let prefix, _, _):
            switch (address.family, prefix == address.family.bitCount) {
            case (.ipv4, true): 1
            case (.ipv4, false): 4
            case (.ipv6, true): 5
            case (.ipv6, false): 6
            }
        case .range(let low, _, _, _): low.family == .ipv4 ? 7 : 8
        case .fqdn: 2
        case .userFQDN: 3
        case .keyID: 11
        }
    }

    /// racoon.conf spelling.
    public var description: String {
        func tail(_ port: UInt16?, _ proto: UpperLayerProtocol) -> String {
            "[\(port.map(String.init) ?? "any")] \(proto)"
        }
        switch self {
        case .address(let address, let prefix, let port, let proto):
            return "address \(address)/\(prefix) \(tail(port, proto))"
        case .range(let low, let high, let port, let proto):
            return "address \(low)-\(high) \(tail(port, proto))"
        case .fqdn(let name): return "fqdn \"\(name)\""
        case .userFQDN(let name): return "user_fqdn \"\(name)\""
        case .keyID(let value): return "keyid \"\(value)\""
        }
    }
}
