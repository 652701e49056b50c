internal import IKECrypto
internal import ISAKMP

/// Encrypts and decrypts ISAKMP message bodies (RFC 2408 §3.1 E flag; RFC 2409 Appendix B IV chaining).
///
/// Padding follows racoon's defaults (`padding { randomize on; exclusive_tail on; }`): 1 to blocksize bytes, random,
/// the last one holding the pad length minus one. On receipt the padding is not interpreted: the payload chain's
/// own lengths say where the payloads end (`PayloadChain.parse` reports the trailing bytes).
struct MessageProtection {
    /// The cipher.
    let cipher: BlockCipher
    /// The key.
    let key: SecretBytes

    /// An encrypted message and the IV that follows it (its last ciphertext block).
    struct Sealed {
        /// The whole datagram.
        var bytes: [UInt8]
        /// The IV for the next message in this exchange.
        var nextIV: [UInt8]
    }

    /// An opened message: its payloads and the IV that follows it.
    struct Opened {
        /// The decrypted payload chain.
        var chain: PayloadChain
        /// The IV for the next message: the last ciphertext block of this one.
        var nextIV: [UInt8]
    }

    /// Encrypts `payloads` under `header` (E flag set) with `iv`.
    func seal(
        header: ISAKMPHeader, payloads: [Payload], iv: [UInt8], random: any RandomSource
    ) throws(IKECryptoError) -> Sealed {
        let chain = PayloadChain(payloads)
        let blockSize = cipher.blockSize
        let padLength = blockSize - chain.bytes.count % blockSize
        var padding = try random.bytes(count: padLength)
        padding[padLength - 1] = UInt8(padLength - 1)
        let ciphertext = try cipher.encrypt(chain.bytes + padding, key: key, iv: iv)
        let message = ISAKMPMessage(header: header, encryptedBody: ciphertext, firstPayload: chain.firstPayloadType)
        return Sealed(bytes: message.serialized(), nextIV: Array(ciphertext.suffix(blockSize)))
    }

    /// Decrypts the body of `message` with `iv` and parses its payload chain.
    func open(_ message: ISAKMPMessage, iv: [UInt8]) throws(MessageProtectionError) -> Opened {
        guard let ciphertext = message.encryptedBody else { throw .notEncrypted }
        guard !ciphertext.isEmpty, ciphertext.count % cipher.blockSize == 0 else {
            throw .notBlockAligned(length: ciphertext.count, blockSize: cipher.blockSize)
        }
        let plaintext: [UInt8]
        do {
            plaintext = try cipher.decrypt(ciphertext, key: key, iv: iv)
        } catch {
            throw .cipher(error)
        }
        let chain: PayloadChain
        do {
            chain = try PayloadChain.parse(plaintext, first: message.header.nextPayload)
        } catch {
            throw .malformedPlaintext(error)
        }
        return Opened(chain: chain, nextIV: Array(ciphertext.suffix(cipher.blockSize)))
    }
}

/// Why an encrypted message could not be opened.
enum MessageProtectionError: Error, Equatable, CustomStringConvertible {
    /// The message has no E flag where one is required.
    case notEncrypted
    /// The ciphertext is not a whole number of blocks.
    case notBlockAligned(length: Int, blockSize: Int)
    /// The cipher failed.
    case cipher(IKECryptoError)
    /// The plaintext is not a valid payload chain: usually a key mismatch.
    case malformedPlaintext(ISAKMPParseError)

    var description: String {
        switch self {
        case .notEncrypted: return "the message is not encrypted"
        case .notBlockAligned(let length, let blockSize):
            return "the encrypted body of \(length) bytes is not a multiple of the \(blockSize)-byte block"
        case .cipher(let error): return "decryption failed: \(error)"
        case .malformedPlaintext(let error): return "the decrypted payloads are malformed (\(error))"
        }
    }
}
