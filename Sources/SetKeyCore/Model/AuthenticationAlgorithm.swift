/// An authentication algorithm (`-A`), with its SADB number (Linux `<linux/pfkeyv2.h>`).
public struct AuthenticationAlgorithm: Sendable, Hashable {
    /// The name setkey accepts.
    public let name: String
    /// `sadb_sa_auth`.
    public let sadbID: UInt8
    /// Accepted key lengths.
    public let keyLength: KeyLengthRule

    /// Every name setkey 0.8 accepts after `-A` that Linux implements (aliases included).
    public static let all: [AuthenticationAlgorithm] = [
        .init(name: "hmac-md5", sadbID: 2, keyLength: .oneOf([128])),
        .init(name: "hmac-sha1", sadbID: 3, keyLength: .oneOf([160])),
        .init(name: "hmac-sha256", sadbID: 5, keyLength: .oneOf([256])),
        .init(name: "hmac-sha2-256", sadbID: 5, keyLength: .oneOf([256])),
        .init(name: "hmac-sha384", sadbID: 6, keyLength: .oneOf([384])),
        .init(name: "hmac-sha2-384", sadbID: 6, keyLength: .oneOf([384])),
        .init(name: "hmac-sha512", sadbID: 7, keyLength: .oneOf([512])),
        .init(name: "hmac-sha2-512", sadbID: 7, keyLength: .oneOf([512])),
        .init(name: "hmac-ripemd160", sadbID: 8, keyLength: .oneOf([160])),
        .init(name: "aes-xcbc-mac", sadbID: 9, keyLength: .oneOf([128])),
        .init(name: "null", sadbID: 251, keyLength: .none),
    ]

    /// Names setkey knows but Linux has no implementation for.
    static let notOnLinux: Set<String> = ["keyed-md5", "keyed-sha1", "tcp-md5"]

    /// Looks up a name.
    public static func named(_ name: String) -> AuthenticationAlgorithm? { all.first { $0.name == name } }

    /// The name `setkey -D` prints for a number (pfkey_dump.c's `str_alg_auth`), `nil` if unknown.
    public static func dumpName(of id: UInt8) -> String? {
        switch id {
        case 0: return "none"
        case 2: return "hmac-md5"
        case 3: return "hmac-sha1"
        case 5: return "hmac-sha256"
        case 6: return "hmac-sha384"
        case 7: return "hmac-sha512"
        case 8: return "hmac-ripemd160"
        case 9: return "aes-xcbc-mac"
        case 249: return "md5"
        case 250: return "sha"
        case 251: return "null"
        case 252: return "tcp-md5"
        default: return nil
        }
    }
}
