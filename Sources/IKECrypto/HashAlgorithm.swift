internal import COpenSSL

/// A hash function IKEv1 negotiates (RFC 2409 Appendix A, Hash Algorithm attribute) and uses for its PRF
/// (HMAC), the phase-1 IV and the phase-2 IVs.
///
/// MD5 and SHA-1 are legacy (``isLegacy``): they remain for interoperability with racoon defaults and old
/// peers, and should not be offered by default.
public enum HashAlgorithm: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// MD5 (RFC 1321). Legacy.
    case md5
    /// SHA-1 (FIPS 180-4). Legacy.
    case sha1
    /// SHA2-256 (FIPS 180-4).
    case sha256
    /// SHA2-384 (FIPS 180-4).
    case sha384
    /// SHA2-512 (FIPS 180-4).
    case sha512

    /// The digest length in bytes, which is also the PRF output length.
    public var digestSize: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// Whether the algorithm is kept only for interoperability (MD5 and SHA-1 are broken for collisions).
    public var isLegacy: Bool {
        switch self {
        case .md5, .sha1: true
        case .sha256, .sha384, .sha512: false
        }
    }

    /// The usual name (`md5`, `sha1`, `sha256`, …), as racoon.conf spells it.
    public var description: String {
        switch self {
        case .md5: "md5"
        case .sha1: "sha1"
        case .sha256: "sha256"
        case .sha384: "sha384"
        case .sha512: "sha512"
        }
    }

    /// The OpenSSL algorithm name used to fetch the implementation.
    var openSSLName: String {
        switch self {
        case .md5: "MD5"
        case .sha1: "SHA1"
        case .sha256: "SHA2-256"
        case .sha384: "SHA2-384"
        case .sha512: "SHA2-512"
        }
    }

    // MARK: - Hashing

    /// The digest of the concatenation of `parts`, computed without concatenating them.
    public func hash(_ parts: [UInt8]...) throws(IKECryptoError) -> [UInt8] {
        try hash(parts: parts)
    }

    /// The digest of the concatenation of `parts`, computed without concatenating them.
    public func hash(parts: [[UInt8]]) throws(IKECryptoError) -> [UInt8] {
        let context = try DigestContext(self)
        for part in parts { try context.update(part) }
        return try context.finalize()
    }
}

// MARK: - Digest context

/// Owns one `EVP_MD_CTX` for an incremental hash.
final class DigestContext {
    private let context: OpaquePointer
    private let algorithm: HashAlgorithm

    init(_ algorithm: HashAlgorithm) throws(IKECryptoError) {
        let md = try FetchedAlgorithms.digest(algorithm)
        context = try checkOpenSSL(EVP_MD_CTX_new())
        self.algorithm = algorithm
        try checkOpenSSL(EVP_DigestInit_ex2(context, md.pointer, nil))
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: [UInt8]) throws(IKECryptoError) {
        try bytes.withBytes { (buffer: UnsafeRawBufferPointer) throws(IKECryptoError) in
            try update(buffer)
        }
    }

    func update(_ buffer: UnsafeRawBufferPointer) throws(IKECryptoError) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        try checkOpenSSL(EVP_DigestUpdate(context, base, buffer.count))
    }

    func finalize() throws(IKECryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        try checkOpenSSL(EVP_DigestFinal_ex(context, &out, &length))
        precondition(Int(length) == algorithm.digestSize, "OpenSSL digest length disagrees with the algorithm")
        return Array(out.prefix(Int(length)))
    }
}
