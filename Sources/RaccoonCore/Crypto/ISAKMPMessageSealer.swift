internal import IKECrypto
internal import ISAKMP

/// Seals and opens encrypted ISAKMP messages (RFC 2408 §3.1 E flag): the ISAKMP layer — header, payload chain,
/// next-message IV — around IKECrypto's ``MessageProtection``, which pads (racoon's defaults), encrypts and
/// decrypts the body along the IV chain (RFC 2409 Appendix B).
///
/// On receipt the padding is not interpreted: the payload chain's own lengths say where the payloads end
/// (`PayloadChain.parse` reports the trailing bytes).
struct ISAKMPMessageSealer {
    /// The body cipher and key of the ISAKMP SA.
    let protection: MessageProtection

    /// The sealer for messages under the phase-1 keys `keys`.
    init(keys: Phase1Keys) {
        protection = MessageProtection(keys: keys)
    }

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
        var header = header
        header.nextPayload = chain.firstPayloadType
        return try seal(header: header, body: chain.bytes, iv: iv, random: random)
    }

    /// Encrypts the raw payload-chain bytes `body` under `header` (whose next-payload field names the first
    /// payload; E flag set here) with `iv`.
    func seal(
        header: ISAKMPHeader, body: [UInt8], iv: [UInt8], random: any RandomSource
    ) throws(IKECryptoError) -> Sealed {
        var ivChain = try IVChain(cipher: protection.cipher, iv: iv)
        let ciphertext = try protection.encrypt(body, chain: &ivChain, random: random)
        let message = ISAKMPMessage(header: header, encryptedBody: ciphertext, firstPayload: header.nextPayload)
        return Sealed(bytes: message.serialized(), nextIV: ivChain.currentIV)
    }

    /// Decrypts the body of `message` with `iv` and parses its payload chain.
    func open(_ message: ISAKMPMessage, iv: [UInt8]) throws(ISAKMPMessageOpenError) -> Opened {
        guard let ciphertext = message.encryptedBody else { throw .notEncrypted }
        let decrypted: DecryptedBody
        do {
            decrypted = try protection.decrypt(ciphertext, chain: IVChain(cipher: protection.cipher, iv: iv))
        } catch .emptyCiphertext {
            throw .notBlockAligned(length: 0, blockSize: protection.cipher.blockSize)
        } catch .ciphertextNotBlockAligned(let length, let blockSize) {
            throw .notBlockAligned(length: length, blockSize: blockSize)
        } catch {
            throw .cipher(error)
        }
        let chain: PayloadChain
        do {
            chain = try PayloadChain.parse(decrypted.plaintext, first: message.header.nextPayload)
        } catch {
            throw .malformedPlaintext(error)
        }
        return Opened(chain: chain, nextIV: decrypted.pendingIV.nextIV)
    }
}

/// Why an encrypted message could not be opened.
enum ISAKMPMessageOpenError: Error, Equatable, CustomStringConvertible {
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
