internal import IKECrypto

/// The keys of one ISAKMP SA and the hashes computed with them (RFC 2409 §5, §5.5; inventory §6.2, §6.4).
///
/// Built once g^xy is known. Every value derived from the PSK or g^xy stays in `SecretBytes`; only
/// authenticators that go on the wire (HASH_I, HASH_R, HASH(1..3)) and IVs are ordinary bytes.
struct Phase1KeyMaterial {
    /// The negotiated PRF (HMAC with the phase-1 hash).
    let prf: PRF
    /// The negotiated hash, used for the IVs.
    let hash: HashAlgorithm
    /// The negotiated cipher.
    let cipher: BlockCipher
    /// SKEYID = prf(pre-shared-key, Ni_b | Nr_b).
    let skeyid: SecretBytes
    /// SKEYID_d: the seed of phase-2 KEYMAT.
    let skeyidD: SecretBytes
    /// SKEYID_a: the key of every phase-1-protected hash.
    let skeyidA: SecretBytes
    /// SKEYID_e, before expansion to the cipher key.
    let skeyidE: SecretBytes
    /// The cipher key: SKEYID_e, expanded or truncated to the key size.
    let encryptionKey: SecretBytes

    /// Derives SKEYID and its children for a pre-shared-key exchange.
    init(
        preSharedKey: SecretBytes, initiatorNonce: [UInt8], responderNonce: [UInt8], sharedSecret: SecretBytes,
        initiatorCookie: [UInt8], responderCookie: [UInt8], hash: HashAlgorithm, cipher: BlockCipher
    ) throws(IKECryptoError) {
        let prf = PRF(hash)
        self.prf = prf
        self.hash = hash
        self.cipher = cipher
        // RFC 2409 §5: SKEYID = prf(pre-shared-key, Ni_b | Nr_b)
        skeyid = try prf.derive(key: preSharedKey, initiatorNonce, responderNonce)
        // SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
        skeyidD = try Phase1KeyMaterial.derive(
            prf, skeyid, previous: nil, sharedSecret, initiatorCookie, responderCookie, 0)
        // SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
        skeyidA = try Phase1KeyMaterial.derive(
            prf, skeyid, previous: skeyidD, sharedSecret, initiatorCookie, responderCookie, 1)
        // SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
        skeyidE = try Phase1KeyMaterial.derive(
            prf, skeyid, previous: skeyidA, sharedSecret, initiatorCookie, responderCookie, 2)
        encryptionKey = try Phase1KeyMaterial.expandEncryptionKey(skeyidE, prf: prf, length: cipher.keySize)
    }

    private static func derive(
        _ prf: PRF, _ key: SecretBytes, previous: SecretBytes?, _ sharedSecret: SecretBytes, _ cookieI: [UInt8],
        _ cookieR: [UInt8], _ counter: UInt8
    ) throws(IKECryptoError) -> SecretBytes {
        let context = try prf.makeContext(key: key)
        if let previous { try context.update(previous) }
        try context.update(sharedSecret)
        try context.update(cookieI)
        try context.update(cookieR)
        try context.update([counter])
        return try context.finalizeSecret()
    }

    /// RFC 2409 Appendix B: when SKEYID_e is shorter than the key, Ka = K1 | K2 | …, K1 = prf(SKEYID_e, 0),
    /// Kn = prf(SKEYID_e, Kn-1); racoon's `oakley_compute_enckey` does the same and takes the first bytes.
    private static func expandEncryptionKey(
        _ skeyidE: SecretBytes, prf: PRF, length: Int
    ) throws(IKECryptoError) -> SecretBytes {
        if skeyidE.count >= length { return skeyidE.prefix(length) }
        var material = SecretBytes.empty
        var block = try prf.derive(key: skeyidE, [0])
        material = material + block
        while material.count < length {
            let context = try prf.makeContext(key: skeyidE)
            try context.update(block)
            block = try context.finalizeSecret()
            material = material + block
        }
        return material.prefix(length)
    }

    // MARK: - Phase-1 authentication

    /// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b) (RFC 2409 §5).
    func initiatorHash(
        initiatorPublic: [UInt8], responderPublic: [UInt8], initiatorCookie: [UInt8], responderCookie: [UInt8],
        initiatorSABody: [UInt8], initiatorIDBody: [UInt8]
    ) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(
            key: skeyid, initiatorPublic, responderPublic, initiatorCookie, responderCookie, initiatorSABody,
            initiatorIDBody)
    }

    /// HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b) (RFC 2409 §5).
    func responderHash(
        initiatorPublic: [UInt8], responderPublic: [UInt8], initiatorCookie: [UInt8], responderCookie: [UInt8],
        initiatorSABody: [UInt8], responderIDBody: [UInt8]
    ) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(
            key: skeyid, responderPublic, initiatorPublic, responderCookie, initiatorCookie, initiatorSABody,
            responderIDBody)
    }

    // MARK: - IVs

    /// The phase-1 IV: hash(g^xi | g^xr), truncated to the block size (RFC 2409 Appendix B).
    func phase1IV(initiatorPublic: [UInt8], responderPublic: [UInt8]) throws(IKECryptoError) -> [UInt8] {
        Array(try hash.hash(initiatorPublic, responderPublic).prefix(cipher.blockSize))
    }

    /// The first IV of a Quick Mode or Informational exchange: hash(last phase-1 CBC block | M-ID), truncated
    /// (RFC 2409 Appendix B).
    func exchangeIV(lastPhase1Block: [UInt8], messageID: [UInt8]) throws(IKECryptoError) -> [UInt8] {
        Array(try hash.hash(lastPhase1Block, messageID).prefix(cipher.blockSize))
    }

    // MARK: - Phase-2 and informational hashes

    /// prf(SKEYID_a, M-ID | payloads): HASH(1) of Quick Mode and of Informational exchanges (RFC 2409 §5.5, §5.7).
    func messageHash(messageID: [UInt8], _ parts: [UInt8]...) throws(IKECryptoError) -> [UInt8] {
        let context = try prf.makeContext(key: skeyidA)
        try context.update(messageID)
        for part in parts { try context.update(part) }
        return try context.finalize()
    }

    /// HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr | [KE] | [IDci | IDcr]) (RFC 2409 §5.5).
    func quickModeHash2(messageID: [UInt8], initiatorNonce: [UInt8], payloads: [UInt8]) throws(IKECryptoError)
        -> [UInt8]
    {
        try prf.authenticate(key: skeyidA, messageID, initiatorNonce, payloads)
    }

    /// HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b) (RFC 2409 §5.5).
    func quickModeHash3(messageID: [UInt8], initiatorNonce: [UInt8], responderNonce: [UInt8]) throws(IKECryptoError)
        -> [UInt8]
    {
        try prf.authenticate(key: skeyidA, [0], messageID, initiatorNonce, responderNonce)
    }

    // MARK: - KEYMAT

    /// KEYMAT = K1 | K2 | …, K1 = prf(SKEYID_d, [g(qm)^xy] | protocol | SPI | Ni_b | Nr_b),
    /// Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy] | protocol | SPI | Ni_b | Nr_b) (RFC 2409 §5.5).
    ///
    /// racoon generates at least three blocks; the caller takes what it needs.
    func keyMaterial(
        pfsSharedSecret: SecretBytes?, protocolID: UInt8, spi: UInt32, initiatorNonce: [UInt8],
        responderNonce: [UInt8], length: Int
    ) throws(IKECryptoError) -> SecretBytes {
        let spiBytes = [UInt8(spi >> 24), UInt8(truncatingIfNeeded: spi >> 16), UInt8(truncatingIfNeeded: spi >> 8),
                        UInt8(truncatingIfNeeded: spi)]
        var material = SecretBytes.empty
        var previous: SecretBytes?
        var blocks = 0
        while material.count < length || blocks < 3 {
            let context = try prf.makeContext(key: skeyidD)
            if let previous { try context.update(previous) }
            if let pfsSharedSecret { try context.update(pfsSharedSecret) }
            try context.update([protocolID])
            try context.update(spiBytes)
            try context.update(initiatorNonce)
            try context.update(responderNonce)
            let block = try context.finalizeSecret()
            material = material + block
            previous = block
            blocks += 1
        }
        return material.prefix(length)
    }
}
