public import PFKeyListener

/// PF_KEY's algorithm numbers mapped to the Linux crypto names XFRM takes (the kernel's own table,
/// net/xfrm/xfrm_algo.c), with the key sizes a REGISTER reply reports and the ICV length XFRM installs.
public enum KernelAlgorithmNames {
    /// One authentication algorithm.
    public struct Authentication: Sendable {
        public let sadb: SADBAuthenticationAlgorithm
        public let name: String
        public let keyBits: ClosedRange<UInt16>
        /// The ICV length installed over XFRM: RFC 4868 §2.3 for SHA-2 (half the hash), 96 bits for the others
        /// (RFC 2403, 2404, 2857, 3566).
        public let icvBits: UInt32
    }

    /// One encryption algorithm (`icvBits` set for combined-mode ciphers, which XFRM installs as AEAD).
    public struct Encryption: Sendable {
        public let sadb: SADBEncryptionAlgorithm
        public let name: String
        public let keyBits: ClosedRange<UInt16>
        public let ivBits: UInt8
        public let icvBits: UInt32?
    }

    public static let authentication: [Authentication] = [
        Authentication(sadb: .hmacMD5, name: "hmac(md5)", keyBits: 128...128, icvBits: 96),
        Authentication(sadb: .hmacSHA1, name: "hmac(sha1)", keyBits: 160...160, icvBits: 96),
        // PF_KEY cannot carry an ICV length, and Linux installs hmac(sha256) over PF_KEY with 96 bits (the
        // pre-RFC 4868 drafts). XFRM says 128, as RFC 4868 and every current peer do.
        Authentication(sadb: .hmacSHA256, name: "hmac(sha256)", keyBits: 256...256, icvBits: 128),
        Authentication(sadb: .hmacSHA384, name: "hmac(sha384)", keyBits: 384...384, icvBits: 192),
        Authentication(sadb: .hmacSHA512, name: "hmac(sha512)", keyBits: 512...512, icvBits: 256),
        Authentication(sadb: .hmacRIPEMD160, name: "hmac(rmd160)", keyBits: 160...160, icvBits: 96),
        Authentication(sadb: .aesXCBCMAC, name: "xcbc(aes)", keyBits: 128...128, icvBits: 96),
        Authentication(sadb: .hmacSM3, name: "hmac(sm3)", keyBits: 256...256, icvBits: 256),
        Authentication(sadb: .null, name: "digest_null", keyBits: 0...0, icvBits: 0),
    ]

    public static let encryption: [Encryption] = [
        Encryption(sadb: .null, name: "ecb(cipher_null)", keyBits: 0...0, ivBits: 0, icvBits: nil),
        Encryption(sadb: .desCBC, name: "cbc(des)", keyBits: 64...64, ivBits: 64, icvBits: nil),
        Encryption(sadb: .tripleDESCBC, name: "cbc(des3_ede)", keyBits: 192...192, ivBits: 64, icvBits: nil),
        Encryption(sadb: .castCBC, name: "cbc(cast5)", keyBits: 40...128, ivBits: 64, icvBits: nil),
        Encryption(sadb: .blowfishCBC, name: "cbc(blowfish)", keyBits: 40...448, ivBits: 64, icvBits: nil),
        Encryption(sadb: .aesCBC, name: "cbc(aes)", keyBits: 128...256, ivBits: 128, icvBits: nil),
        Encryption(sadb: .aesCTR, name: "rfc3686(ctr(aes))", keyBits: 160...288, ivBits: 64, icvBits: nil),
        Encryption(sadb: .camelliaCBC, name: "cbc(camellia)", keyBits: 128...256, ivBits: 128, icvBits: nil),
        Encryption(sadb: .serpentCBC, name: "cbc(serpent)", keyBits: 128...256, ivBits: 128, icvBits: nil),
        Encryption(sadb: .twofishCBC, name: "cbc(twofish)", keyBits: 128...256, ivBits: 128, icvBits: nil),
        Encryption(sadb: .sm4CBC, name: "cbc(sm4)", keyBits: 128...128, ivBits: 128, icvBits: nil),
        // RFC 4106 / 4309 / 4543: the key includes the salt (32 bits for GCM and GMAC, 24 for CCM).
        Encryption(sadb: .aesGCM8, name: "rfc4106(gcm(aes))", keyBits: 160...288, ivBits: 64, icvBits: 64),
        Encryption(sadb: .aesGCM12, name: "rfc4106(gcm(aes))", keyBits: 160...288, ivBits: 64, icvBits: 96),
        Encryption(sadb: .aesGCM16, name: "rfc4106(gcm(aes))", keyBits: 160...288, ivBits: 64, icvBits: 128),
        Encryption(sadb: .aesCCM8, name: "rfc4309(ccm(aes))", keyBits: 152...280, ivBits: 64, icvBits: 64),
        Encryption(sadb: .aesCCM12, name: "rfc4309(ccm(aes))", keyBits: 152...280, ivBits: 64, icvBits: 96),
        Encryption(sadb: .aesCCM16, name: "rfc4309(ccm(aes))", keyBits: 152...280, ivBits: 64, icvBits: 128),
        Encryption(sadb: .nullAESGMAC, name: "rfc4543(gcm(aes))", keyBits: 160...288, ivBits: 64, icvBits: 128),
    ]

    /// IPComp (`SADB_X_CALG_*`, carried in `sadb_sa_encrypt`).
    public static let compression: [(sadb: UInt8, name: String)] = [(2, "deflate"), (3, "lzs"), (4, "lzjh")]

    public static func authentication(_ algorithm: SADBAuthenticationAlgorithm) -> Authentication? {
        authentication.first { $0.sadb == algorithm }
    }

    public static func encryption(_ algorithm: SADBEncryptionAlgorithm) -> Encryption? {
        encryption.first { $0.sadb == algorithm }
    }

    /// The PF_KEY number of an installed authentication algorithm (by name; SHA-256 whatever its ICV length).
    static func authentication(named name: String) -> SADBAuthenticationAlgorithm? {
        authentication.first { $0.name == name }?.sadb
    }

    /// The PF_KEY number of an installed cipher; AEAD names are told apart by their ICV length.
    static func encryption(named name: String, icvBits: UInt32?) -> SADBEncryptionAlgorithm? {
        encryption.first { $0.name == name && (icvBits == nil || $0.icvBits == icvBits) }?.sadb
    }

    static func compression(named name: String) -> UInt8? { compression.first { $0.name == name }?.sadb }

    static func compressionName(_ sadb: UInt8) -> String? { compression.first { $0.sadb == sadb }?.name }
}
