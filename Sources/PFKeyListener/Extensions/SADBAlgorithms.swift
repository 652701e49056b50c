/// `SADB_AALG_*` / `SADB_X_AALG_*`: an authentication algorithm identifier.
public struct SADBAuthenticationAlgorithm: NamedWireCode {
    /// The wire code.
    public let rawValue: UInt8
    /// Wraps a wire code.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `SADB_AALG_NONE` (0).
    public static let none = Self(rawValue: 0)
    /// `SADB_AALG_MD5HMAC` (2).
    public static let hmacMD5 = Self(rawValue: 2)
    /// `SADB_AALG_SHA1HMAC` (3).
    public static let hmacSHA1 = Self(rawValue: 3)
    /// `SADB_X_AALG_SHA2_256HMAC` (5).
    public static let hmacSHA256 = Self(rawValue: 5)
    /// `SADB_X_AALG_SHA2_384HMAC` (6).
    public static let hmacSHA384 = Self(rawValue: 6)
    /// `SADB_X_AALG_SHA2_512HMAC` (7).
    public static let hmacSHA512 = Self(rawValue: 7)
    /// `SADB_X_AALG_RIPEMD160HMAC` (8).
    public static let hmacRIPEMD160 = Self(rawValue: 8)
    /// `SADB_X_AALG_AES_XCBC_MAC` (9).
    public static let aesXCBCMAC = Self(rawValue: 9)
    /// `SADB_X_AALG_SM3_256HMAC` (10).
    public static let hmacSM3 = Self(rawValue: 10)
    /// `SADB_X_AALG_NULL` (KAME's "non_auth").
    public static let null = Self(rawValue: 251)

    /// racoon.conf spelling (`authentication_algorithm`), used in error messages.
    public static let names: [RawValue: String] = [
        0: "none", 2: "hmac_md5", 3: "hmac_sha1", 5: "hmac_sha256", 6: "hmac_sha384", 7: "hmac_sha512",
        8: "hmac_ripemd160", 9: "aes_xcbc_mac", 10: "hmac_sm3", 251: "non_auth",
    ]
    public static let unknownCodeLabel = "auth algorithm"
}

/// `SADB_EALG_*` / `SADB_X_EALG_*` (and, in IPComp SAs, `SADB_X_CALG_*`): an encryption algorithm identifier.
public struct SADBEncryptionAlgorithm: NamedWireCode {
    /// The wire code.
    public let rawValue: UInt8
    /// Wraps a wire code.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `SADB_EALG_NONE` (0).
    public static let none = Self(rawValue: 0)
    /// `SADB_EALG_DESCBC` (2).
    public static let desCBC = Self(rawValue: 2)
    /// `SADB_EALG_3DESCBC` (3).
    public static let tripleDESCBC = Self(rawValue: 3)
    /// `SADB_X_EALG_CASTCBC` (6).
    public static let castCBC = Self(rawValue: 6)
    /// `SADB_X_EALG_BLOWFISHCBC` (7).
    public static let blowfishCBC = Self(rawValue: 7)
    /// `SADB_EALG_NULL` (11).
    public static let null = Self(rawValue: 11)
    /// `SADB_X_EALG_AESCBC` (12).
    public static let aesCBC = Self(rawValue: 12)
    /// `SADB_X_EALG_AESCTR` (13).
    public static let aesCTR = Self(rawValue: 13)
    /// `SADB_X_EALG_AES_CCM_ICV8` (14).
    public static let aesCCM8 = Self(rawValue: 14)
    /// `SADB_X_EALG_AES_CCM_ICV12` (15).
    public static let aesCCM12 = Self(rawValue: 15)
    /// `SADB_X_EALG_AES_CCM_ICV16` (16).
    public static let aesCCM16 = Self(rawValue: 16)
    /// `SADB_X_EALG_AES_GCM_ICV8` (18).
    public static let aesGCM8 = Self(rawValue: 18)
    /// `SADB_X_EALG_AES_GCM_ICV12` (19).
    public static let aesGCM12 = Self(rawValue: 19)
    /// `SADB_X_EALG_AES_GCM_ICV16` (20).
    public static let aesGCM16 = Self(rawValue: 20)
    /// `SADB_X_EALG_CAMELLIACBC` (22).
    public static let camelliaCBC = Self(rawValue: 22)
    /// `SADB_X_EALG_NULL_AES_GMAC` (23).
    public static let nullAESGMAC = Self(rawValue: 23)
    /// `SADB_X_EALG_SM4CBC` (24).
    public static let sm4CBC = Self(rawValue: 24)
    /// `SADB_X_EALG_SERPENTCBC` (252).
    public static let serpentCBC = Self(rawValue: 252)
    /// `SADB_X_EALG_TWOFISHCBC` (253).
    public static let twofishCBC = Self(rawValue: 253)

    /// racoon.conf spelling (`encryption_algorithm`), used in error messages.
    public static let names: [RawValue: String] = [
        0: "none", 2: "des", 3: "3des", 6: "cast128", 7: "blowfish", 11: "null_enc", 12: "aes", 13: "aes_ctr",
        14: "aes_ccm_8", 15: "aes_ccm_12", 16: "aes_ccm_16", 18: "aes_gcm_8", 19: "aes_gcm_12", 20: "aes_gcm_16",
        22: "camellia", 23: "null_aes_gmac", 24: "sm4", 252: "serpent", 253: "twofish",
    ]
    public static let unknownCodeLabel = "encryption algorithm"
}
