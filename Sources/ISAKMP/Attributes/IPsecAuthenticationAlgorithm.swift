/// Values of the IPsec Authentication Algorithm attribute (RFC 2407 §4.5, RFC 4868 §2.4).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct IPsecAuthenticationAlgorithm: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: HMAC-MD5 (RFC 2407 §4.5).
    public static let hmacMD5 = IPsecAuthenticationAlgorithm(rawValue: 1)
    /// 2: HMAC-SHA (RFC 2407 §4.5).
    public static let hmacSHA1 = IPsecAuthenticationAlgorithm(rawValue: 2)
    /// 3: DES-MAC (RFC 2407 §4.5).
    public static let desMAC = IPsecAuthenticationAlgorithm(rawValue: 3)
    /// 4: KPDK (RFC 2407 §4.5).
    public static let kpdk = IPsecAuthenticationAlgorithm(rawValue: 4)
    /// 5: HMAC-SHA2-256 (RFC 4868 §2.4).
    public static let hmacSHA2_256 = IPsecAuthenticationAlgorithm(rawValue: 5)
    /// 6: HMAC-SHA2-384 (RFC 4868 §2.4).
    public static let hmacSHA2_384 = IPsecAuthenticationAlgorithm(rawValue: 6)
    /// 7: HMAC-SHA2-512 (RFC 4868 §2.4).
    public static let hmacSHA2_512 = IPsecAuthenticationAlgorithm(rawValue: 7)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .hmacMD5: return "HMAC-MD5"
        case .hmacSHA1: return "HMAC-SHA"
        case .desMAC: return "DES-MAC"
        case .kpdk: return "KPDK"
        case .hmacSHA2_256: return "HMAC-SHA2-256"
        case .hmacSHA2_384: return "HMAC-SHA2-384"
        case .hmacSHA2_512: return "HMAC-SHA2-512"
        default: return "\(rawValue)"
        }
    }
}
