/// Encrypts and decrypts ISAKMP message bodies (everything after the 28-byte header when the Encryption flag is
/// set; RFC 2408 §3.1, RFC 2409 Appendix B) with the phase-1 cipher and key, in CBC mode, along an ``IVChain``.
///
/// **Padding on send** follows racoon's defaults (`padding { randomize on; randomize_length off;
/// maximum_length 20; exclusive_tail on; }`): the body is padded to the next block boundary with 1 to
/// ``BlockCipher/blockSize`` bytes (a whole block when it is already aligned), the pad bytes are random, and the
/// last byte holds the pad length minus one (exclusive tail).
///
/// **Padding on receive** is not interpreted: ``decrypt(_:chain:)`` returns the whole plaintext. Peers pad
/// differently — strongSwan appends zeros up to the block boundary with no pad-length byte — so the ISAKMP
/// payload chain's own lengths decide where the data ends, and ``payloadBytes(of:payloadChainLength:)`` drops the
/// rest.
public struct MessageProtection: Sendable {
    /// The cipher.
    public let cipher: BlockCipher
    private let key: SecretBytes

    /// Protection with an explicit key, which must be ``BlockCipher/keySize`` bytes.
    public init(cipher: BlockCipher, key: SecretBytes) throws(IKECryptoError) {
        guard key.count == cipher.keySize else { throw .invalidKeyLength(expected: cipher.keySize, actual: key.count) }
        self.cipher = cipher
        self.key = key
    }

    /// Protection with a phase-1 SA's cipher and encryption key.
    public init(keys: Phase1Keys) {
        cipher = keys.cipher
        key = keys.encryptionKey
    }

    /// Pads `body` as racoon does, encrypts it with the chain's current IV, and advances the chain to the last
    /// ciphertext block. Returns the encrypted body to place after the ISAKMP header.
    public func encrypt(
        _ body: [UInt8], chain: inout IVChain, random: some RandomSource
    ) throws(IKECryptoError) -> [UInt8] {
        precondition(chain.cipher == cipher, "IV chain for another cipher")
        let padded = try Self.pad(body, blockSize: cipher.blockSize, random: random)
        let ciphertext = try cipher.encrypt(padded, key: key, iv: chain.currentIV)
        chain.advance(afterEncrypting: ciphertext)
        return ciphertext
    }

    /// Decrypts an encrypted body with the chain's current IV. The chain is not changed: commit the returned
    /// ``DecryptedBody/pendingIV`` once the message is authenticated.
    ///
    /// - Throws: ``IKECryptoError/emptyCiphertext`` or ``IKECryptoError/ciphertextNotBlockAligned(length:blockSize:)``
    ///   before touching the data.
    public func decrypt(_ ciphertext: [UInt8], chain: IVChain) throws(IKECryptoError) -> DecryptedBody {
        precondition(chain.cipher == cipher, "IV chain for another cipher")
        guard !ciphertext.isEmpty else { throw .emptyCiphertext }
        guard ciphertext.count % cipher.blockSize == 0 else {
            throw .ciphertextNotBlockAligned(length: ciphertext.count, blockSize: cipher.blockSize)
        }
        let plaintext = try cipher.decrypt(ciphertext, key: key, iv: chain.currentIV)
        return DecryptedBody(plaintext: plaintext, pendingIV: chain.pending(afterDecrypting: ciphertext))
    }

    /// The part of a decrypted body that the payload chain occupies, dropping whatever padding follows it.
    ///
    /// `payloadChainLength` is the sum of the payload lengths the ISAKMP parser walked (from the first payload
    /// to the one whose Next Payload is 0). Any padding style is accepted — racoon's pad-length byte, strongSwan's
    /// bare zeros, or none — because RFC 2409 Appendix B leaves its content to the sender.
    ///
    /// - Throws: ``IKECryptoError/payloadChainExceedsBody(chainLength:bodyLength:)`` if the chain claims more
    ///   bytes than were decrypted.
    public static func payloadBytes(
        of plaintext: [UInt8], payloadChainLength: Int
    ) throws(IKECryptoError) -> ArraySlice<UInt8> {
        guard payloadChainLength >= 0, payloadChainLength <= plaintext.count else {
            throw .payloadChainExceedsBody(chainLength: payloadChainLength, bodyLength: plaintext.count)
        }
        return plaintext[..<payloadChainLength]
    }

    /// racoon's padding: 1…blockSize bytes, random, the last one holding the pad length minus one.
    static func pad(_ body: [UInt8], blockSize: Int, random: some RandomSource) throws(IKECryptoError) -> [UInt8] {
        // RFC 2409 Appendix B; racoon oakley_padlen(): a whole block when the body is already aligned.
        let padLength = blockSize - body.count % blockSize
        var padded = body
        padded.reserveCapacity(body.count + padLength)
        padded += try random.bytes(count: padLength - 1)
        padded.append(UInt8(padLength - 1))
        return padded
    }
}

/// The result of decrypting an inbound body.
public struct DecryptedBody: Sendable, Equatable {
    /// The whole plaintext, padding included (see ``MessageProtection/payloadBytes(of:payloadChainLength:)``).
    public let plaintext: [UInt8]
    /// The IV to commit to the chain once the message is authenticated.
    public let pendingIV: PendingIV
}
