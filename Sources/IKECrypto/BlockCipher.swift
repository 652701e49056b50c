internal import COpenSSL

/// A CBC block cipher IKEv1 negotiates for phase 1 (RFC 2409 Appendix A, Encryption Algorithm attribute; AES
/// from RFC 3602) and that ESP uses for phase 2.
///
/// The cipher runs with OpenSSL's padding turned off: ISAKMP pads its bodies itself (RFC 2409 Appendix B,
/// see ``MessageProtection``), so every input must be a whole number of blocks. 3DES is legacy (64-bit block).
public enum BlockCipher: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Triple DES (EDE3) in CBC mode, 192-bit key (RFC 2451). Legacy.
    case tripleDESCBC
    /// AES-128 in CBC mode (RFC 3602).
    case aes128CBC
    /// AES-192 in CBC mode (RFC 3602).
    case aes192CBC
    /// AES-256 in CBC mode (RFC 3602).
    case aes256CBC

    /// The block size in bytes, which is also the IV length.
    public var blockSize: Int {
        switch self {
        case .tripleDESCBC: 8
        case .aes128CBC, .aes192CBC, .aes256CBC: 16
        }
    }

    /// The key length in bytes.
    public var keySize: Int {
        switch self {
        case .tripleDESCBC: 24
        case .aes128CBC: 16
        case .aes192CBC: 24
        case .aes256CBC: 32
        }
    }

    /// Whether the cipher is kept only for interoperability (3DES: 64-bit blocks, SWEET32).
    public var isLegacy: Bool { self == .tripleDESCBC }

    /// `3des`, `aes128`, `aes192`, `aes256`.
    public var description: String {
        switch self {
        case .tripleDESCBC: "3des"
        case .aes128CBC: "aes128"
        case .aes192CBC: "aes192"
        case .aes256CBC: "aes256"
        }
    }

    /// The OpenSSL algorithm name used to fetch the implementation.
    var openSSLName: String {
        switch self {
        case .tripleDESCBC: "DES-EDE3-CBC"
        case .aes128CBC: "AES-128-CBC"
        case .aes192CBC: "AES-192-CBC"
        case .aes256CBC: "AES-256-CBC"
        }
    }

    // MARK: - Raw CBC

    /// CBC-encrypts `plaintext`, which must be a whole number of blocks, under `key` and `iv`.
    public func encrypt(_ plaintext: [UInt8], key: SecretBytes, iv: [UInt8]) throws(IKECryptoError) -> [UInt8] {
        try crypt(plaintext, key: key, iv: iv, encrypt: true)
    }

    /// CBC-decrypts `ciphertext`, which must be a whole number of blocks, under `key` and `iv`. No padding is
    /// removed.
    public func decrypt(_ ciphertext: [UInt8], key: SecretBytes, iv: [UInt8]) throws(IKECryptoError) -> [UInt8] {
        try crypt(ciphertext, key: key, iv: iv, encrypt: false)
    }

    private func crypt(
        _ input: [UInt8], key: SecretBytes, iv: [UInt8], encrypt: Bool
    ) throws(IKECryptoError) -> [UInt8] {
        guard key.count == keySize else { throw .invalidKeyLength(expected: keySize, actual: key.count) }
        guard iv.count == blockSize else { throw .invalidIVLength(expected: blockSize, actual: iv.count) }
        guard input.count % blockSize == 0 else {
            throw encrypt
                ? .plaintextNotBlockAligned(length: input.count, blockSize: blockSize)
                : .ciphertextNotBlockAligned(length: input.count, blockSize: blockSize)
        }
        if input.isEmpty { return [] }
        let context = try CipherContext(self, key: key, iv: iv, encrypt: encrypt)
        return try context.process(input)
    }
}

// MARK: - Cipher context

/// Owns one `EVP_CIPHER_CTX`, initialised with padding off.
final class CipherContext {
    private let context: OpaquePointer

    init(_ cipher: BlockCipher, key: SecretBytes, iv: [UInt8], encrypt: Bool) throws(IKECryptoError) {
        let fetched = try FetchedAlgorithms.cipher(cipher)
        context = try checkOpenSSL(EVP_CIPHER_CTX_new())
        let rc = key.withUnsafeBytes { keyBytes in
            iv.withUnsafeBytes { ivBytes in
                EVP_CipherInit_ex2(
                    context, fetched.pointer,
                    keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    ivBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    encrypt ? 1 : 0, nil)
            }
        }
        try checkOpenSSL(rc)
        // ISAKMP and ESP pad themselves; OpenSSL's PKCS#7 padding must stay off.
        try checkOpenSSL(EVP_CIPHER_CTX_set_padding(context, 0))
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Processes a block-aligned input in one call and finishes the context.
    func process(_ input: [UInt8]) throws(IKECryptoError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: input.count)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        precondition(input.count <= Int(Int32.max), "cipher input larger than OpenSSL accepts in one call")
        let rc = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { inp in
                EVP_CipherUpdate(context, out.baseAddress, &written, inp.baseAddress, Int32(inp.count))
            }
        }
        try checkOpenSSL(rc)
        let finalRC = output.withUnsafeMutableBufferPointer { out in
            out.baseAddress.map { EVP_CipherFinal_ex(context, $0 + Int(written), &finalWritten) } ?? 0
        }
        try checkOpenSSL(finalRC)
        precondition(Int(written + finalWritten) == input.count, "CBC without padding changed the length")
        return output
    }
}
