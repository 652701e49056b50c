internal import COpenSSL

/// The OpenSSL objects for one MODP group, built once per process and shared: the prime p, the generator g,
/// p − 1 (the upper bound for peer values), a Montgomery context for p, and `EVP_PKEY` domain parameters.
///
/// Everything is immutable after `init`; OpenSSL permits concurrent read-only use of `BIGNUM`, `BN_MONT_CTX`
/// and `EVP_PKEY`, which is what makes the `@unchecked Sendable` sound.
final class DHDomain: @unchecked Sendable {
    let group: DHGroup
    let prime: BigNumber
    let generator: BigNumber
    let one: BigNumber
    let primeMinusOne: BigNumber
    private let montgomery: OpaquePointer

    /// The primes are OpenSSL's built-in copies of RFC 2409 §6.1/§6.2 (groups 1, 2) and RFC 3526 §2–§7
    /// (groups 5, 14–18); the generator is 2 for all of them.
    init(_ group: DHGroup) throws(IKECryptoError) {
        self.group = group
        let p: OpaquePointer? = switch group {
        case .modp768: BN_get_rfc2409_prime_768(nil)
        case .modp1024: BN_get_rfc2409_prime_1024(nil)
        case .modp1536: BN_get_rfc3526_prime_1536(nil)
        case .modp2048: BN_get_rfc3526_prime_2048(nil)
        case .modp3072: BN_get_rfc3526_prime_3072(nil)
        case .modp4096: BN_get_rfc3526_prime_4096(nil)
        case .modp6144: BN_get_rfc3526_prime_6144(nil)
        case .modp8192: BN_get_rfc3526_prime_8192(nil)
        }
        prime = BigNumber(owning: try checkOpenSSL(p))
        precondition(prime.bitCount == group.primeBits, "built-in prime has the wrong size")
        generator = try BigNumber(word: 2)
        one = try BigNumber(word: 1)
        primeMinusOne = try BigNumber()
        try checkOpenSSL(BN_sub(primeMinusOne.pointer, prime.pointer, one.pointer))
        let context = try BigNumberContext()
        let mont = try checkOpenSSL(BN_MONT_CTX_new())
        guard BN_MONT_CTX_set(mont, prime.pointer, context.pointer) == 1 else {
            BN_MONT_CTX_free(mont)
            throw IKECryptoError.fromOpenSSL()
        }
        montgomery = mont
    }

    deinit { BN_MONT_CTX_free(montgomery) }

    /// The shared domain for `group`.
    static func of(_ group: DHGroup) throws(IKECryptoError) -> DHDomain {
        try (domains[group] ?? .failure(.openSSL(code: 0, reason: "unknown group"))).get()
    }

    private static let domains: [DHGroup: Result<DHDomain, IKECryptoError>] = Dictionary(
        uniqueKeysWithValues: DHGroup.allCases.map { group in
            (group, Result { () throws(IKECryptoError) in try DHDomain(group) })
        })

    // MARK: - Operations

    /// g^x mod p, in constant time with respect to x.
    func publicValue(forPrivate exponent: BigNumber) throws(IKECryptoError) -> BigNumber {
        let result = try BigNumber()
        let context = try BigNumberContext()
        try checkOpenSSL(BN_mod_exp_mont_consttime(
            result.pointer, generator.pointer, exponent.pointer, prime.pointer, context.pointer, montgomery))
        return result
    }

    /// Whether 1 < y < p − 1 (NIST SP 800-56A §5.6.2.3.1 partial public-key validation). With a safe prime
    /// this also excludes the only small subgroup, {1, p − 1}.
    func isValidPublicValue(_ y: BigNumber) -> Bool {
        y.compare(one) > 0 && y.compare(primeMinusOne) < 0
    }

    /// An `EVP_PKEY` of type DH over this group holding `publicValue` and, if given, `privateValue`.
    func makeKey(publicValue: BigNumber, privateValue: BigNumber?) throws(IKECryptoError) -> OwnedPKey {
        let builder = try ParamBuilder()
        try builder.push(ParamName.prime, prime)
        try builder.push(ParamName.generator, generator)
        try builder.push(ParamName.publicKey, publicValue)
        if let privateValue { try builder.push(ParamName.privateKey, privateValue) }
        let selection = privateValue == nil ? COpenSSL_EVP_PKEY_PUBLIC_KEY() : COpenSSL_EVP_PKEY_KEYPAIR()
        return try builder.makeKey(selection: selection)
    }

    /// An `EVP_PKEY` holding only this group's parameters, optionally with a private-length hint, for OpenSSL's
    /// own key generation (used by the benchmark's raw-OpenSSL reference).
    func makeParameters(privateLengthBits: Int?) throws(IKECryptoError) -> OwnedPKey {
        let builder = try ParamBuilder()
        try builder.push(ParamName.prime, prime)
        try builder.push(ParamName.generator, generator)
        if let privateLengthBits { try builder.push(ParamName.privateLength, Int32(privateLengthBits)) }
        return try builder.makeKey(selection: COpenSSL_EVP_PKEY_KEY_PARAMETERS())
    }
}

// MARK: - Owned C objects

/// Owns one `EVP_PKEY`.
final class OwnedPKey: @unchecked Sendable {
    let pointer: OpaquePointer
    init(owning pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}

/// Owns one `EVP_PKEY_CTX`.
final class OwnedPKeyContext {
    let pointer: OpaquePointer
    init(owning pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_CTX_free(pointer) }

    /// A context for operations with `key` (`EVP_PKEY_CTX_new_from_pkey`).
    convenience init(key: OwnedPKey) throws(IKECryptoError) {
        self.init(owning: try checkOpenSSL(EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil)))
    }
}

/// Owns one `OSSL_PARAM_BLD` and turns it into an `EVP_PKEY` with `EVP_PKEY_fromdata`.
final class ParamBuilder {
    private let builder: OpaquePointer

    init() throws(IKECryptoError) { builder = try checkOpenSSL(OSSL_PARAM_BLD_new()) }

    deinit { OSSL_PARAM_BLD_free(builder) }

    // The builder keeps the key *pointer* until `OSSL_PARAM_BLD_to_param`, so keys must be static C strings,
    // never a Swift `String` bridged for the duration of one call.
    func push(_ key: StaticString, _ value: BigNumber) throws(IKECryptoError) {
        try checkOpenSSL(OSSL_PARAM_BLD_push_BN(builder, key.cString, value.pointer))
    }

    func push(_ key: StaticString, _ value: Int32) throws(IKECryptoError) {
        try checkOpenSSL(OSSL_PARAM_BLD_push_int(builder, key.cString, value))
    }

    /// Builds a DH `EVP_PKEY` from the pushed parameters. Secure-heap `BIGNUM`s (private values) are copied to
    /// the secure part of the parameter array, which `OSSL_PARAM_free` clears.
    func makeKey(selection: Int32) throws(IKECryptoError) -> OwnedPKey {
        let params = try checkOpenSSL(OSSL_PARAM_BLD_to_param(builder))
        defer { OSSL_PARAM_free(params) }
        let context = OwnedPKeyContext(owning: try checkOpenSSL(EVP_PKEY_CTX_new_from_name(nil, "DH", nil)))
        try checkOpenSSL(EVP_PKEY_fromdata_init(context.pointer))
        var key: OpaquePointer? = nil
        try checkOpenSSL(EVP_PKEY_fromdata(context.pointer, &key, selection, params))
        return OwnedPKey(owning: try checkOpenSSL(key))
    }
}

/// OpenSSL parameter names (`<openssl/core_names.h>`), as static C strings: OpenSSL keeps pointers to them.
enum ParamName {
    /// `OSSL_PKEY_PARAM_FFC_P`
    static let prime: StaticString = "p"
    /// `OSSL_PKEY_PARAM_FFC_G`
    static let generator: StaticString = "g"
    /// `OSSL_PKEY_PARAM_PUB_KEY`
    static let publicKey: StaticString = "pub"
    /// `OSSL_PKEY_PARAM_PRIV_KEY`
    static let privateKey: StaticString = "priv"
    /// `OSSL_PKEY_PARAM_DH_PRIV_LEN`
    static let privateLength: StaticString = "priv_len"
    /// `OSSL_MAC_PARAM_DIGEST`
    static let digest: StaticString = "digest"
}

extension StaticString {
    /// The literal's null-terminated bytes, valid for the life of the process.
    var cString: UnsafePointer<CChar> {
        precondition(hasPointerRepresentation, "parameter names must be string literals")
        return UnsafeRawPointer(utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
