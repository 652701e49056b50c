internal import COpenSSL

// MARK: - Benchmark support (package access, not API)
//
// raccoon-bench compares this module's Diffie-Hellman and HMAC with OpenSSL called directly, in the same run.
// Only IKECrypto may import COpenSSL, so the raw reference operations live here, visible to the package only.

/// OpenSSL's own DH, driven the way a C program would: `EVP_PKEY_keygen` from domain parameters, and
/// `EVP_PKEY_derive` with keys built once. For raccoon-bench only.
package final class _RawOpenSSLDiffieHellman {
    private let parameters: OwnedPKey
    private let ownKey: OwnedPKey
    private let peerKey: OwnedPKey
    private let size: Int
    private let privateExponentBits: Int32?

    /// - Parameter privateExponentBits: the `priv_len` hint for key generation, or `nil` for OpenSSL's default
    ///   (a full-length exponent for these groups).
    package init(group: DHGroup, privateExponentBits: Int?) throws(IKECryptoError) {
        let domain = try DHDomain.of(group)
        parameters = try domain.makeParameters(privateLengthBits: privateExponentBits)
        self.privateExponentBits = privateExponentBits.map(Int32.init)
        size = group.byteCount
        ownKey = OwnedPKey(owning: try Self.generate(parameters, privateExponentBits: self.privateExponentBits))
        peerKey = OwnedPKey(owning: try Self.generate(parameters, privateExponentBits: self.privateExponentBits))
    }

    /// Generates one key pair and frees it.
    package func generateKey() throws(IKECryptoError) {
        let key = try Self.generate(parameters, privateExponentBits: privateExponentBits)
        EVP_PKEY_free(key)
    }

    /// Derives the shared secret of the prepared key pair with the prepared peer key.
    package func derive() throws(IKECryptoError) {
        let context = try OwnedPKeyContext(key: ownKey)
        try checkOpenSSL(EVP_PKEY_derive_init(context.pointer))
        try checkOpenSSL(EVP_PKEY_CTX_set_dh_pad(context.pointer, 1))
        // Range check only, as DHKeyPair does (see there).
        try checkOpenSSL(EVP_PKEY_derive_set_peer_ex(context.pointer, peerKey.pointer, 0))
        var out = [UInt8](repeating: 0, count: size)
        var length = size
        try checkOpenSSL(EVP_PKEY_derive(context.pointer, &out, &length))
        OPENSSL_cleanse(&out, out.count)
    }

    private static func generate(
        _ parameters: OwnedPKey, privateExponentBits: Int32?
    ) throws(IKECryptoError) -> OpaquePointer {
        let context = try OwnedPKeyContext(key: parameters)
        try checkOpenSSL(EVP_PKEY_keygen_init(context.pointer))
        if var bits = privateExponentBits {
            // The key-generation context does not inherit priv_len from the parameters; set it here.
            var params = [
                OSSL_PARAM_construct_int(ParamName.privateLength.cString, &bits),
                OSSL_PARAM_construct_end(),
            ]
            try checkOpenSSL(EVP_PKEY_CTX_set_params(context.pointer, &params))
        }
        var key: OpaquePointer?
        try checkOpenSSL(EVP_PKEY_generate(context.pointer, &key))
        return try checkOpenSSL(key)
    }
}

/// One-shot `HMAC()` with SHA-1, as a C program would call it. For raccoon-bench only.
package func _rawOpenSSLHMACSHA1(key: [UInt8], data: [UInt8]) throws(IKECryptoError) -> [UInt8] {
    let md = try FetchedAlgorithms.digest(.sha1)
    var out = [UInt8](repeating: 0, count: 20)
    var length: UInt32 = 0
    let result = key.withUnsafeBytes { k in
        data.withUnsafeBytes { d in
            HMAC(md.pointer, k.baseAddress, Int32(k.count),
                 d.baseAddress?.assumingMemoryBound(to: UInt8.self), d.count, &out, &length)
        }
    }
    _ = try checkOpenSSL(result)
    return out
}
