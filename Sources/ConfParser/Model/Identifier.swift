/// A phase-1 identity as written in `my_identifier`, `peers_identifier` or a sainfo `from` clause.
public enum Identifier: Hashable, Sendable, CustomStringConvertible {
    /// `address [ADDR]`: an IP address; nil means the local address the exchange uses (racoon's default).
    case address(IPAddress?)
    /// `fqdn "name"`: ID_FQDN.
    case fqdn(String)
    /// `user_fqdn "user@name"`: ID_USER_FQDN.
    case userFQDN(String)
    /// `keyid "value"` or `keyid tag "value"`: ID_KEY_ID with this value.
    case keyID(String)
    /// `keyid file "path"`: ID_KEY_ID read from a file.
    case keyIDFile(String)
    /// `asn1dn ["dn"]`: ID_DER_ASN1_DN; nil means "the subject of my certificate".
    case asn1DN(String?)

    /// The IPsec DOI identification type (RFC 2407 §4.6.2.1) this identifier is sent as.
    public var identificationType: UInt8 {
        switch self {
        case .address(let address): address?.family == .ipv6 ? 5 : 1
        case .fqdn: 2
        case .userFQDN: 3
        case .keyID, .keyIDFile: 11
        case .asn1DN: 9
        }
    }

    /// racoon.conf spelling.
    public var description: String {
        switch self {
        case .address(let address): address.map { "address \($0)" } ?? "address"
        case .fqdn(let name): "fqdn \"\(name)\""
        case .userFQDN(let name): "user_fqdn \"\(name)\""
        case .keyID(let value): "keyid \"\(value)\""
        case .keyIDFile(let path): "keyid file \"\(path)\""
        case .asn1DN(let dn): dn.map { "asn1dn \"\($0)\"" } ?? "asn1dn"
        }
    }
}
