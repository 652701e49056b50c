/// An ESP transform (phase-2 encryption algorithm), as named in a `sainfo`.
///
/// Raw values are the IPsec DOI ESP transform IDs of RFC 2407 §4.4.4 (AES: RFC 3602; Camellia: RFC 4312);
/// Twofish uses racoon's private 253.
public enum IPsecEncryptionAlgorithm: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// ESP_DES_IV64 (1).
    case desIV64 = 1
    /// ESP_DES (2). Broken.
    case des = 2
    /// ESP_3DES (3).
    case tripleDES = 3
    /// ESP_RC5 (4).
    case rc5 = 4
    /// ESP_IDEA (5).
    case idea = 5
    /// ESP_CAST (6).
    case cast128 = 6
    /// ESP_BLOWFISH (7).
    case blowfish = 7
    /// ESP_3IDEA (8).
    case tripleIDEA = 8
    /// ESP_DES_IV32 (9).
    case desIV32 = 9
    /// ESP_RC4 (10).
    case rc4 = 10
    /// ESP_NULL (11): no confidentiality.
    case null = 11
    /// ESP_AES (12), RFC 3602.
    case aes = 12
    /// ESP_CAMELLIA (22), RFC 4312.
    case camellia = 22
    /// Twofish (racoon's private 253).
    case twofish = 253

    /// racoon.conf's words (cftoken.l); the first of a value's words is the one printed back.
    static let keywords: KeywordTable<IPsecEncryptionAlgorithm> = [
        "des_iv64": .desIV64, "des": .des, "3des": .tripleDES, "rc5": .rc5, "idea": .idea, "cast128": .cast128,
        "blowfish": .blowfish, "3idea": .tripleIDEA, "des_iv32": .desIV32, "rc4": .rc4, "null_enc": .null,
        "null": .null, "aes": .aes, "rijndael": .aes, "camellia": .camellia, "twofish": .twofish,
    ]

    /// The racoon.conf name.
    public var description: String { Self.keywords.word(for: self) ?? "?" }

    /// True if Raccoon can key this transform for the Linux kernel.
    public var isImplemented: Bool {
        switch self {
        case .tripleDES, .aes, .blowfish, .cast128, .camellia, .twofish, .null: true
        case .desIV64, .des, .rc5, .idea, .tripleIDEA, .desIV32, .rc4: false
        }
    }

    /// Allowed key lengths and the default; nil for fixed-size ciphers (a key length is then an error).
    var keyLengths: (allowed: KeyLengthRule, default: Int)? {
        switch self {
        case .aes, .camellia, .twofish: (.oneOf([128, 192, 256]), 128)
        case .blowfish: (.range(40...448), 128)
        case .cast128: (.range(40...128), 128)
        case .rc5: (.range(40...2040), 128)
        case .desIV64, .des, .tripleDES, .idea, .tripleIDEA, .desIV32, .rc4, .null: nil
        }
    }
}
