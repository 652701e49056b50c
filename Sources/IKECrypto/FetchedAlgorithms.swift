internal import COpenSSL

/// Explicitly fetched OpenSSL algorithm objects (`EVP_MD`, `EVP_CIPHER`, HMAC template contexts), fetched once
/// per process and shared.
///
/// OpenSSL 3's implicit fetch (`EVP_sha1()` and friends) looks the provider up on every context
/// initialisation; an explicit fetch does it once. The objects are immutable after creation and OpenSSL allows
/// concurrent read-only use, which is what makes sharing them across threads sound.
enum FetchedAlgorithms {
    /// One fetched `EVP_MD`.
    final class Digest: @unchecked Sendable {
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { EVP_MD_free(pointer) }
    }

    /// One fetched `EVP_CIPHER`.
    final class Cipher: @unchecked Sendable {
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { EVP_CIPHER_free(pointer) }
    }

    /// An `EVP_MAC_CTX` for HMAC with its digest set and no key: each computation duplicates it
    /// (`EVP_MAC_CTX_dup`) instead of fetching HMAC and the digest by name again.
    final class HMACTemplate: @unchecked Sendable {
        let context: OpaquePointer
        init(_ context: OpaquePointer) { self.context = context }
        deinit { EVP_MAC_CTX_free(context) }
    }

    private static let digests: [HashAlgorithm: Result<Digest, IKECryptoError>] = Dictionary(
        uniqueKeysWithValues: HashAlgorithm.allCases.map { algorithm in
            (algorithm, Result { () throws(IKECryptoError) in
                Digest(try checkOpenSSL(EVP_MD_fetch(nil, algorithm.openSSLName, nil)))
            })
        })

    private static let ciphers: [BlockCipher: Result<Cipher, IKECryptoError>] = Dictionary(
        uniqueKeysWithValues: BlockCipher.allCases.map { cipher in
            (cipher, Result { () throws(IKECryptoError) in
                Cipher(try checkOpenSSL(EVP_CIPHER_fetch(nil, cipher.openSSLName, nil)))
            })
        })

    private static let hmacTemplates: [HashAlgorithm: Result<HMACTemplate, IKECryptoError>] = Dictionary(
        uniqueKeysWithValues: HashAlgorithm.allCases.map { algorithm in
            (algorithm, Result { () throws(IKECryptoError) in try makeHMACTemplate(algorithm) })
        })

    /// Unreachable: every table holds every case of its enum.
    private static let notFetched = IKECryptoError.openSSL(code: 0, reason: "algorithm not fetched")

    static func digest(_ algorithm: HashAlgorithm) throws(IKECryptoError) -> Digest {
        try (digests[algorithm] ?? .failure(notFetched)).get()
    }

    static func cipher(_ cipher: BlockCipher) throws(IKECryptoError) -> Cipher {
        try (ciphers[cipher] ?? .failure(notFetched)).get()
    }

    static func hmacTemplate(_ algorithm: HashAlgorithm) throws(IKECryptoError) -> HMACTemplate {
        try (hmacTemplates[algorithm] ?? .failure(notFetched)).get()
    }

    private static func makeHMACTemplate(_ algorithm: HashAlgorithm) throws(IKECryptoError) -> HMACTemplate {
        let mac = try checkOpenSSL(EVP_MAC_fetch(nil, "HMAC", nil))
        defer { EVP_MAC_free(mac) }
        let template = HMACTemplate(try checkOpenSSL(EVP_MAC_CTX_new(mac)))
        var digestName = Array(algorithm.openSSLName.utf8CString)
        let rc = digestName.withUnsafeMutableBufferPointer { name in
            var params = [
                OSSL_PARAM_construct_utf8_string(ParamName.digest.cString, name.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            return EVP_MAC_CTX_set_params(template.context, &params)
        }
        try checkOpenSSL(rc)
        return template
    }
}
