/// An ESP encryption algorithm (`-E`), with its SADB number (Linux `<linux/pfkeyv2.h>`).
public struct EncryptionAlgorithm: Sendable, Hashable {
    /// The name setkey accepts and `-D` prints.
    public let name: String
    /// `sadb_sa_encrypt`.
    public let sadbID: UInt8
    /// Accepted key lengths.
    public let keyLength: KeyLengthRule

    /// Every name setkey 0.8 accepts after `-E` that Linux implements (aliases included).
    public static let all: [EncryptionAlgorithm] = [
        .init(name: "des-cbc", sadbID: 2, keyLength: .oneOf([64])),
        .init(name: "3des-cbc", sadbID: 3, keyLength: .oneOf([192])),
        .init(name: "null", sadbID: 11, keyLength: .none),
        .init(name: "blowfish-cbc", sadbID: 7, keyLength: .range(40...448)),
        .init(name: "cast128-cbc", sadbID: 6, keyLength: .range(40...128)),
        .init(name: "aes-cbc", sadbID: 12, keyLength: .oneOf([128, 192, 256])),
        .init(name: "rijndael-cbc", sadbID: 12, keyLength: .oneOf([128, 192, 256])),
        .init(name: "twofish-cbc", sadbID: 253, keyLength: .range(0...256)),
        .init(name: "aes-ctr", sadbID: 13, keyLength: .oneOf([160, 224, 288])),
        .init(name: "camellia-cbc", sadbID: 22, keyLength: .oneOf([128, 192, 256])),
        .init(name: "aes-gcm-16", sadbID: 20, keyLength: .oneOf([160, 224, 288])),
        .init(name: "aes-gmac", sadbID: 23, keyLength: .oneOf([160, 224, 288])),
    ]

    /// Looks up a name.
    public static func named(_ name: String) -> EncryptionAlgorithm? { all.first { $0.name == name } }

    /// The name `setkey -D` prints for a number (pfkey_dump.c's `str_alg_enc`), `nil` if unknown.
    public static func dumpName(of id: UInt8) -> String? {
        switch id {
        case 0: return "none"
        case 2: return "des-cbc"
        case 3: return "3des-cbc"
        case 4: return "rc5-cbc"
        case 6: return "cast128-cbc"
        case 7: return "blowfish-cbc"
        case 11: return "null"
        case 12: return "aes-cbc"
        case 13: return "aes-ctr"
        case 22: return "camellia-cbc"
        case 253: return "twofish-cbc"
        default: return nil
        }
    }
}
