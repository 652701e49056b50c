/// The CBC IV of one ISAKMP exchange and how it moves from message to message (RFC 2409 Appendix B).
///
/// - Phase 1 starts from `hash(g^xi | g^xr)` truncated to the block size (``phase1(hash:cipher:initiatorPublicValue:responderPublicValue:)``).
/// - Each Quick Mode and each Informational exchange starts from `hash(last phase-1 CBC block | M-ID)`
///   (``phase2(hash:cipher:lastPhase1Block:messageID:)``), where the last phase-1 block is the phase-1 chain's
///   ``currentIV`` once phase 1 is established.
/// - After a message, the IV of the next message in the same exchange is the last ciphertext block of that
///   message.
///
/// Outbound messages advance the chain as soon as they are encrypted
/// (``MessageProtection/encrypt(_:chain:random:)`` does it). Inbound messages do **not**: decryption returns a
/// ``PendingIV`` that the caller ``commit(_:)``s only after the message has been authenticated (its HASH checked),
/// so a forged or corrupted packet cannot desynchronise the chain.
public struct IVChain: Sendable, Equatable {
    /// The cipher whose block size the IVs have.
    public let cipher: BlockCipher
    /// The IV for the next message of this exchange (IVs are not secret).
    public private(set) var currentIV: [UInt8]

    /// A chain starting at `iv`, which must be one block long.
    public init(cipher: BlockCipher, iv: [UInt8]) throws(IKECryptoError) {
        guard iv.count == cipher.blockSize else { throw .invalidIVLength(expected: cipher.blockSize, actual: iv.count) }
        self.cipher = cipher
        self.currentIV = iv
    }

    /// The phase-1 IV: `hash(g^xi | g^xr)` truncated to the block size, with the negotiated phase-1 hash.
    public static func phase1(
        hash: HashAlgorithm, cipher: BlockCipher, initiatorPublicValue: [UInt8], responderPublicValue: [UInt8]
    ) throws(IKECryptoError) -> IVChain {
        let digest = try hash.hash(initiatorPublicValue, responderPublicValue)
        return try IVChain(cipher: cipher, iv: Array(digest.prefix(cipher.blockSize)))
    }

    /// The first IV of a Quick Mode or Informational exchange: `hash(last phase-1 CBC block | M-ID)` truncated
    /// to the block size.
    public static func phase2(
        hash: HashAlgorithm, cipher: BlockCipher, lastPhase1Block: [UInt8], messageID: UInt32
    ) throws(IKECryptoError) -> IVChain {
        let digest = try hash.hash(lastPhase1Block, messageID.bigEndianBytes)
        return try IVChain(cipher: cipher, iv: Array(digest.prefix(cipher.blockSize)))
    }

    /// The first IV of a Quick Mode or Informational exchange with message ID `messageID`, taking this
    /// (phase-1) chain's current IV as the last phase-1 block.
    public func phase2(hash: HashAlgorithm, messageID: UInt32) throws(IKECryptoError) -> IVChain {
        try IVChain.phase2(hash: hash, cipher: cipher, lastPhase1Block: currentIV, messageID: messageID)
    }

    /// Moves to the IV after an outbound message whose encrypted body is `ciphertext`.
    mutating func advance(afterEncrypting ciphertext: [UInt8]) {
        precondition(ciphertext.count >= cipher.blockSize && ciphertext.count % cipher.blockSize == 0)
        currentIV = Array(ciphertext.suffix(cipher.blockSize))
    }

    /// The IV that would follow an inbound message whose encrypted body is `ciphertext` (already checked to be
    /// non-empty and block-aligned).
    func pending(afterDecrypting ciphertext: [UInt8]) -> PendingIV {
        PendingIV(cipher: cipher, nextIV: Array(ciphertext.suffix(cipher.blockSize)))
    }

    /// Accepts an inbound message: its last ciphertext block becomes the IV of the next message.
    /// Call only once the message is authenticated.
    public mutating func commit(_ pending: PendingIV) {
        precondition(pending.cipher == cipher, "PendingIV from a chain with another cipher")
        currentIV = pending.nextIV
    }
}

/// The IV that follows a decrypted inbound message, held back until the message is authenticated and then
/// passed to ``IVChain/commit(_:)``.
public struct PendingIV: Sendable, Equatable {
    /// The cipher of the chain it belongs to.
    public let cipher: BlockCipher
    /// The last ciphertext block of the inbound message.
    public let nextIV: [UInt8]
}
