/// The keys of an IKEv1 phase-1 (ISAKMP) SA authenticated with a pre-shared key (RFC 2409 §5, Appendix B).
///
/// ```
/// SKEYID   = prf(pre-shared-key, Ni_b | Nr_b)
/// SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
/// SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
/// SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
/// ```
/// The encryption key is the first ``BlockCipher/keySize`` bytes of SKEYID_e, expanded first when SKEYID_e is
/// shorter (``expandCipherKey(prf:skeyidE:keySize:)``).
///
/// Everything works on byte arrays: nonce bodies (Ni_b, Nr_b, without the generic payload header), the
/// 8-byte cookies, and g^xy left-padded to the group size as ``DHKeyPair/sharedSecret(peerPublicValue:)``
/// returns it.
public struct Phase1Keys: Sendable {
    /// The negotiated prf (HMAC of the phase-1 hash).
    public let prf: PRF
    /// The negotiated phase-1 cipher.
    public let cipher: BlockCipher
    /// SKEYID.
    public let skeyid: SecretBytes
    /// SKEYID_d, from which phase-2 KEYMAT is derived.
    public let skeyidD: SecretBytes
    /// SKEYID_a, the key of HASH(1)/(2)/(3) and of informational hashes.
    public let skeyidA: SecretBytes
    /// SKEYID_e, from which the phase-1 encryption key is taken.
    public let skeyidE: SecretBytes
    /// The phase-1 encryption key (``BlockCipher/keySize`` bytes).
    public let encryptionKey: SecretBytes

    /// Derives SKEYID_d, _a, _e and the cipher key from an already computed SKEYID (RFC 2409 §5).
    public init(
        prf: PRF, cipher: BlockCipher, skeyid: SecretBytes, sharedSecret: SecretBytes,
        initiatorCookie: [UInt8], responderCookie: [UInt8]
    ) throws(IKECryptoError) {
        precondition(initiatorCookie.count == 8 && responderCookie.count == 8, "ISAKMP cookies are 8 bytes")
        // prf(SKEYID, previous | g^xy | CKY-I | CKY-R | index): each key of the chain feeds the next.
        func chained(after previous: SecretBytes?, index: UInt8) throws(IKECryptoError) -> SecretBytes {
            let context = try prf.makeContext(key: skeyid)
            if let previous { try context.update(previous) }
            try context.update(sharedSecret)
            try context.update(initiatorCookie)
            try context.update(responderCookie)
            try context.update([index])
            return try context.finalizeSecret()
        }
        let skeyidD = try chained(after: nil, index: 0)  // SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
        let skeyidA = try chained(after: skeyidD, index: 1)  // SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | … | 1)
        let skeyidE = try chained(after: skeyidA, index: 2)  // SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | … | 2)

        self.prf = prf
        self.cipher = cipher
        self.skeyid = skeyid
        self.skeyidD = skeyidD
        self.skeyidA = skeyidA
        self.skeyidE = skeyidE
        self.encryptionKey = try Self.expandCipherKey(prf: prf, skeyidE: skeyidE, keySize: cipher.keySize)
    }

    /// All phase-1 keys for pre-shared-key authentication.
    public static func preSharedKey(
        prf: PRF, cipher: BlockCipher, preSharedKey: SecretBytes,
        initiatorNonce: [UInt8], responderNonce: [UInt8], sharedSecret: SecretBytes,
        initiatorCookie: [UInt8], responderCookie: [UInt8]
    ) throws(IKECryptoError) -> Phase1Keys {
        let skeyid = try skeyidForPreSharedKey(
            prf: prf, preSharedKey: preSharedKey, initiatorNonce: initiatorNonce, responderNonce: responderNonce)
        return try Phase1Keys(
            prf: prf, cipher: cipher, skeyid: skeyid, sharedSecret: sharedSecret,
            initiatorCookie: initiatorCookie, responderCookie: responderCookie)
    }

    /// SKEYID = prf(pre-shared-key, Ni_b | Nr_b) (RFC 2409 §5, pre-shared keys).
    public static func skeyidForPreSharedKey(
        prf: PRF, preSharedKey: SecretBytes, initiatorNonce: [UInt8], responderNonce: [UInt8]
    ) throws(IKECryptoError) -> SecretBytes {
        try prf.derive(key: preSharedKey, initiatorNonce, responderNonce)
    }

    /// The cipher key from SKEYID_e (RFC 2409 Appendix B).
    ///
    /// If SKEYID_e is at least `keySize` bytes, its first `keySize` bytes. Otherwise
    /// `K = K1 | K2 | K3 …` with `K1 = prf(SKEYID_e, 0)` (one zero octet) and `Kn = prf(SKEYID_e, Kn-1)`,
    /// truncated to `keySize` — for example 3DES (24 bytes) with HMAC-SHA1 (20) or HMAC-MD5 (16).
    public static func expandCipherKey(
        prf: PRF, skeyidE: SecretBytes, keySize: Int
    ) throws(IKECryptoError) -> SecretBytes {
        if skeyidE.count >= keySize { return skeyidE.prefix(keySize) }
        var block = try prf.derive(key: skeyidE, [0x00])
        var expanded = block
        while expanded.count < keySize {
            let context = try prf.makeContext(key: skeyidE)
            try context.update(block)
            block = try context.finalizeSecret()
            expanded = expanded + block
        }
        return expanded.prefix(keySize)
    }
}
