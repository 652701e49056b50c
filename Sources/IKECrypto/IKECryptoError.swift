internal import COpenSSL

/// Every error the IKECrypto module throws.
///
/// Errors caused by a peer (a bad public value, a body that is not block-aligned) have their own cases so the
/// engine can map them to an ISAKMP Notify. Failures inside OpenSSL are reported as ``openSSL(code:reason:)``,
/// built in exactly one place from the OpenSSL error queue. No case ever carries key material.
public enum IKECryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The peer's Diffie-Hellman public value does not have the group's length (RFC 2409 §5: the KE payload
    /// carries the value left-padded to the length of the prime).
    case publicValueWrongLength(expected: Int, actual: Int)
    /// The peer's Diffie-Hellman public value y is outside 1 < y < p−1 (NIST SP 800-56A §5.6.2.3.1).
    case publicValueOutOfRange
    /// A ciphertext body to decrypt is empty.
    case emptyCiphertext
    /// A ciphertext body to decrypt is not a whole number of cipher blocks.
    case ciphertextNotBlockAligned(length: Int, blockSize: Int)
    /// Data handed to the raw block cipher is not a whole number of blocks (ISAKMP pads before encrypting).
    case plaintextNotBlockAligned(length: Int, blockSize: Int)
    /// A key does not have the length the algorithm needs.
    case invalidKeyLength(expected: Int, actual: Int)
    /// An initialisation vector does not have the cipher's block size.
    case invalidIVLength(expected: Int, actual: Int)
    /// The payload chain claims more bytes than the decrypted body holds.
    case payloadChainExceedsBody(chainLength: Int, bodyLength: Int)
    /// OpenSSL reported a failure. `code` is the packed `ERR_get_error()` value (0 if the queue was empty) and
    /// `reason` its library/reason text; neither contains data the call worked on.
    case openSSL(code: UInt, reason: String)

    public var description: String {
        switch self {
        case .publicValueWrongLength(let expected, let actual):
            return "Diffie-Hellman public value is \(actual) bytes, expected \(expected)"
        case .publicValueOutOfRange:
            return "Diffie-Hellman public value is outside 1 < y < p-1"
        case .emptyCiphertext:
            return "encrypted body is empty"
        case .ciphertextNotBlockAligned(let length, let blockSize):
            return "encrypted body of \(length) bytes is not a multiple of the \(blockSize)-byte block size"
        case .plaintextNotBlockAligned(let length, let blockSize):
            return "plaintext of \(length) bytes is not a multiple of the \(blockSize)-byte block size"
        case .invalidKeyLength(let expected, let actual):
            return "key is \(actual) bytes, expected \(expected)"
        case .invalidIVLength(let expected, let actual):
            return "IV is \(actual) bytes, expected \(expected)"
        case .payloadChainExceedsBody(let chainLength, let bodyLength):
            return "payload chain of \(chainLength) bytes exceeds the decrypted body of \(bodyLength) bytes"
        case .openSSL(let code, let reason):
            return "OpenSSL error 0x\(String(code, radix: 16)): \(reason)"
        }
    }

    // MARK: - The one reader of the OpenSSL error queue

    /// Builds ``openSSL(code:reason:)`` from the OpenSSL error queue and empties the queue, so a stale entry can
    /// never be blamed on a later call. The earliest entry is reported (the root cause); later ones are dropped.
    static func fromOpenSSL() -> IKECryptoError {
        let first = ERR_get_error()
        while ERR_get_error() != 0 {}
        guard first != 0 else { return .openSSL(code: 0, reason: "unspecified failure") }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(first, &buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .openSSL(code: UInt(first), reason: reason)
    }
}

/// Checks an OpenSSL return code that is 1 on success, throwing the drained error queue otherwise.
@inline(__always)
func checkOpenSSL(_ rc: Int32) throws(IKECryptoError) {
    guard rc == 1 else { throw IKECryptoError.fromOpenSSL() }
}

/// Unwraps a pointer an OpenSSL allocator or getter returned, throwing the drained error queue on NULL.
@inline(__always)
func checkOpenSSL<T>(_ pointer: T?) throws(IKECryptoError) -> T {
    guard let pointer else { throw IKECryptoError.fromOpenSSL() }
    return pointer
}
