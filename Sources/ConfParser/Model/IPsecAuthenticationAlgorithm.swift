/// A phase-2 authentication algorithm (`authentication_algorithm` in a `sainfo`).
///
/// `wireValue` is the IPsec DOI "Authentication Algorithm" SA attribute (RFC 2407 §4.5; SHA-2: RFC 4868 §2.4).
public enum IPsecAuthenticationAlgorithm: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// HMAC-MD5 (1).
    case hmacMD5
    /// HMAC-SHA1 (2).
    case hmacSHA1
    /// KPDK (4). Never implemented by Linux.
    case kpdk
    /// HMAC-SHA2-256 (5).
    case hmacSHA256
    /// HMAC-SHA2-384 (6).
    case hmacSHA384
    /// HMAC-SHA2-512 (7).
    case hmacSHA512
    /// `non_auth`: no authentication attribute is sent (ESP without integrity).
    case none

    /// racoon.conf's words (cftoken.l); the first of a value's words is the one printed back.
    static let keywords: KeywordTable<IPsecAuthenticationAlgorithm> = [
        "hmac_md5": .hmacMD5, "hmac_sha1": .hmacSHA1, "kpdk": .kpdk, "hmac_sha256": .hmacSHA256,
        "hmac_sha2_256": .hmacSHA256, "hmac_sha384": .hmacSHA384, "hmac_sha2_384": .hmacSHA384,
        "hmac_sha512": .hmacSHA512, "hmac_sha2_512": .hmacSHA512, "non_auth": .none,
    ]

    /// The attribute value on the wire; nil for `.none`, which sends no attribute.
    public var wireValue: UInt16? {
        switch self {
        case .hmacMD5: 1
        case .hmacSHA1: 2
        case .kpdk: 4
        case .hmacSHA256: 5
        case .hmacSHA384: 6
        case .hmacSHA512: 7
        case .none: nil
        }
    }

    /// The racoon.conf name.
    public var description: String { Self.keywords.word(for: self) ?? "?" }

    /// True if Raccoon can key this algorithm for the Linux kernel (all but KPDK).
    public var isImplemented: Bool { self != .kpdk }
}
