/// Transform identifiers. Their meaning depends on the proposal's protocol (RFC 2407 §4.4.2–§4.4.5), so the
/// Transform payload keeps the raw octet and these namespaces name the values.
public enum TransformID {
    /// ISAKMP transform identifiers (RFC 2407 §4.4.2).
    public enum ISAKMP {
        /// 1: KEY_IKE, the IKE key exchange (RFC 2407 §4.4.2).
        public static let keyIKE: UInt8 = 1
    }

    /// AH transform identifiers (RFC 2407 §4.4.3, RFC 4868 §2.4).
    public enum AH {
        /// 2: AH_MD5 (RFC 2407 §4.4.3).
        public static let md5: UInt8 = 2
        /// 3: AH_SHA (RFC 2407 §4.4.3).
        public static let sha: UInt8 = 3
        /// 4: AH_DES (RFC 2407 §4.4.3).
        public static let des: UInt8 = 4
        /// 5: AH_SHA2-256 (RFC 4868 §2.4).
        public static let sha2_256: UInt8 = 5
        /// 6: AH_SHA2-384 (RFC 4868 §2.4).
        public static let sha2_384: UInt8 = 6
        /// 7: AH_SHA2-512 (RFC 4868 §2.4).
        public static let sha2_512: UInt8 = 7
    }

    /// ESP transform identifiers (RFC 2407 §4.4.4, RFC 3602 §5).
    public enum ESP {
        /// 1: ESP_DES_IV64 (RFC 2407 §4.4.4).
        public static let desIV64: UInt8 = 1
        /// 2: ESP_DES (RFC 2407 §4.4.4).
        public static let des: UInt8 = 2
        /// 3: ESP_3DES (RFC 2407 §4.4.4).
        public static let tripleDES: UInt8 = 3
        /// 4: ESP_RC5 (RFC 2407 §4.4.4).
        public static let rc5: UInt8 = 4
        /// 5: ESP_IDEA (RFC 2407 §4.4.4).
        public static let idea: UInt8 = 5
        /// 6: ESP_CAST (RFC 2407 §4.4.4).
        public static let cast: UInt8 = 6
        /// 7: ESP_BLOWFISH (RFC 2407 §4.4.4).
        public static let blowfish: UInt8 = 7
        /// 8: ESP_3IDEA (RFC 2407 §4.4.4).
        public static let tripleIDEA: UInt8 = 8
        /// 9: ESP_DES_IV32 (RFC 2407 §4.4.4).
        public static let desIV32: UInt8 = 9
        /// 10: ESP_RC4 (RFC 2407 §4.4.4).
        public static let rc4: UInt8 = 10
        /// 11: ESP_NULL (RFC 2407 §4.4.4).
        public static let null: UInt8 = 11
        /// 12: ESP_AES, AES-CBC (RFC 3602 §5).
        public static let aes: UInt8 = 12
    }

    /// IPCOMP transform identifiers (RFC 2407 §4.4.5).
    public enum IPComp {
        /// 1: IPCOMP_OUI (RFC 2407 §4.4.5).
        public static let oui: UInt8 = 1
        /// 2: IPCOMP_DEFLATE (RFC 2407 §4.4.5).
        public static let deflate: UInt8 = 2
        /// 3: IPCOMP_LZS (RFC 2407 §4.4.5).
        public static let lzs: UInt8 = 3
    }
}
