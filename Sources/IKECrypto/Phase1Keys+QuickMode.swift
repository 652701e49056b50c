// MARK: - Quick Mode and Informational hashes (RFC 2409 §5.5, §5.7)

extension Phase1Keys {
    /// HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ]).
    ///
    /// - Parameter payloads: every payload of QM1 after the HASH payload, generic headers included, exactly as
    ///   on the wire (the plaintext of the encrypted body from the SA payload up to the end of the chain,
    ///   without padding).
    public func quickModeHash1(messageID: UInt32, payloads: [UInt8]) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(key: skeyidA, messageID.bigEndianBytes, payloads)
    }

    /// HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr ]).
    ///
    /// - Parameters:
    ///   - initiatorNonce: Ni_b, the body of QM1's nonce payload (no generic header).
    ///   - payloads: every payload of QM2 after the HASH payload, generic headers included.
    public func quickModeHash2(
        messageID: UInt32, initiatorNonce: [UInt8], payloads: [UInt8]
    ) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(key: skeyidA, messageID.bigEndianBytes, initiatorNonce, payloads)
    }

    /// HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b), with a single zero octet first.
    public func quickModeHash3(
        messageID: UInt32, initiatorNonce: [UInt8], responderNonce: [UInt8]
    ) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(key: skeyidA, [0x00], messageID.bigEndianBytes, initiatorNonce, responderNonce)
    }

    /// The Informational exchange's HASH(1) = prf(SKEYID_a, M-ID | N/D) (RFC 2409 §5.7).
    ///
    /// - Parameter payloads: the payload(s) after the HASH payload, generic headers included. Racoon covers only
    ///   the first payload after HASH; strongSwan covers all of them; pass whichever the peer used.
    public func informationalHash(messageID: UInt32, payloads: [UInt8]) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(key: skeyidA, messageID.bigEndianBytes, payloads)
    }
}

extension UInt32 {
    /// The four bytes of the value in network byte order, as M-ID and SPI appear on the wire.
    var bigEndianBytes: [UInt8] {
        [UInt8(truncatingIfNeeded: self >> 24), UInt8(truncatingIfNeeded: self >> 16),
         UInt8(truncatingIfNeeded: self >> 8), UInt8(truncatingIfNeeded: self)]
    }
}
