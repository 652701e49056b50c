/// An IKE phase-1 (ISAKMP SA) encryption algorithm: the OAKLEY "Encryption Algorithm" attribute (class 1).
///
/// Raw values are the wire IDs of RFC 2409 Appendix A, RFC 3602 (AES) and RFC 4312 (Camellia).
public enum Phase1EncryptionAlgorithm: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// DES-CBC (1). Broken; parsed for compatibility only.
    case des = 1
    /// IDEA-CBC (2).
    case idea = 2
    /// Blowfish-CBC (3).
    case blowfish = 3
    /// RC5-R16-B64-CBC (4).
    case rc5 = 4
    /// 3DES-CBC (5).
    case tripleDES = 5
    /// CAST-CBC (6).
    case cast128 = 6
    /// AES-CBC (7), RFC 3602; key length 128, 192 or 256.
    case aes = 7
    /// Camellia-CBC (8), RFC 4312.
    case camellia = 8

    /// racoon.conf's words (cftoken.l; `rijndael` is an alias of `aes`); a value's first word is printed back.
    static let keywords: KeywordTable<Phase1EncryptionAlgorithm> = [
        "des": .des, "idea": .idea, "blowfish": .blowfish, "rc5": .rc5, "3des": .tripleDES,
        "cast128": .cast128, "aes": .aes, "rijndael": .aes, "camellia": .camellia,
    ]

    /// The racoon.conf name.
    public var description: String { Self.keywords.word(for: self) ?? "?" }

    /// True if Raccoon can negotiate this algorithm for an ISAKMP SA (3DES and AES).
    public var isImplemented: Bool { self == .tripleDES || self == .aes }

    /// The key lengths the configuration may name, with the default used when none is written; nil when the
    /// algorithm has a fixed key size and a key length is an error (racoon's "keylen not allowed").
    var keyLengths: (allowed: KeyLengthRule, default: Int)? {
        switch self {
        case .des, .tripleDES, .idea: nil
        case .aes, .camellia: (.oneOf([128, 192, 256]), 128)
        case .blowfish: (.range(40...448), 128)
        case .cast128: (.range(40...128), 128)
        case .rc5: (.range(40...2040), 128)
        }
    }
}

/// Which key lengths an algorithm accepts (in bits).
enum KeyLengthRule: Sendable {
    /// Exactly one of these values.
    case oneOf([Int])
    /// A multiple of 8 within this range.
    case range(ClosedRange<Int>)

    func accepts(_ bits: Int) -> Bool {
        switch self {
        case .oneOf(let values): values.contains(bits)
        case .range(let range): range.contains(bits) && bits % 8 == 0
        }
    }

    var summary: String {
        switch self {
        case .oneOf(let values): values.map(String.init).joined(separator: ", ")
        case .range(let range): "a multiple of 8 from \(range.lowerBound) to \(range.upperBound)"
        }
    }
}
