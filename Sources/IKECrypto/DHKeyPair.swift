internal import COpenSSL

/// One side's Diffie-Hellman key pair for a MODP group (an OpenSSL `EVP_PKEY` of type DH).
///
/// The private value comes from a ``RandomSource`` — ``DHGroup/privateExponentBits`` bits with the top bit set —
/// so a ``SeededRandom`` gives reproducible keys for golden transcripts. g^x mod p is computed in constant time
/// (`BN_mod_exp_mont_consttime`) and the key is assembled with `EVP_PKEY_fromdata`; the shared secret comes
/// from `EVP_PKEY_derive`. The private value never leaves OpenSSL's key object.
///
/// Immutable after creation and safe to use from any thread.
public final class DHKeyPair: @unchecked Sendable {
    /// The group.
    public let group: DHGroup
    /// g^x mod p, left-padded to ``DHGroup/byteCount`` bytes: the KE payload's data.
    public let publicValue: [UInt8]
    private let key: OwnedPKey
    private let domain: DHDomain

    /// Generates a key pair in `group` from `random`.
    public convenience init(group: DHGroup, random: some RandomSource) throws(IKECryptoError) {
        let exponent = try random.secretBytes(count: group.privateExponentBits / 8)
        try self.init(group: group, privateExponent: exponent, setTopBit: true)
    }

    /// A key pair with exactly the private value `privateValue` (big-endian). For known-answer tests only.
    convenience init(group: DHGroup, privateValue: SecretBytes) throws(IKECryptoError) {
        try self.init(group: group, privateExponent: privateValue, setTopBit: false)
    }

    private init(group: DHGroup, privateExponent: SecretBytes, setTopBit: Bool) throws(IKECryptoError) {
        let domain = try DHDomain.of(group)
        let exponent = try privateExponent.withUnsafeBytes {
            (bytes: UnsafeRawBufferPointer) throws(IKECryptoError) in try BigNumber(bigEndian: bytes, secure: true)
        }
        if setTopBit {
            // A fixed exponent length: x ≥ 2^(n−1), and every key costs the same to use.
            try checkOpenSSL(BN_set_bit(exponent.pointer, Int32(group.privateExponentBits - 1)))
        }
        precondition(BN_is_zero(exponent.pointer) == 0, "zero Diffie-Hellman private value")
        let publicNumber = try domain.publicValue(forPrivate: exponent)
        var publicBytes = [UInt8](repeating: 0, count: group.byteCount)
        try publicBytes.withMutableBytes { (buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) in
            try publicNumber.write(leftPaddedInto: buffer)
        }
        self.key = try domain.makeKey(publicValue: publicNumber, privateValue: exponent)
        self.group = group
        self.domain = domain
        self.publicValue = publicBytes
    }

    /// Checks a peer's public value: exactly ``DHGroup/byteCount`` bytes and 1 < y < p − 1.
    ///
    /// - Throws: ``IKECryptoError/publicValueWrongLength(expected:actual:)`` or
    ///   ``IKECryptoError/publicValueOutOfRange``.
    public static func validatePeerPublicValue(_ value: [UInt8], group: DHGroup) throws(IKECryptoError) {
        _ = try parsePeer(value, domain: DHDomain.of(group))
    }

    /// g^xy, left-padded to ``DHGroup/byteCount`` bytes (RFC 2409 §5 hashes it at that length), after
    /// validating `peerPublicValue` as ``validatePeerPublicValue(_:group:)`` does.
    public func sharedSecret(peerPublicValue: [UInt8]) throws(IKECryptoError) -> SecretBytes {
        let y = try Self.parsePeer(peerPublicValue, domain: domain)
        let peerKey = try domain.makeKey(publicValue: y, privateValue: nil)
        let context = try OwnedPKeyContext(key: key)
        try checkOpenSSL(EVP_PKEY_derive_init(context.pointer))
        // Ask OpenSSL for the padded form too; the copy below pads anyway if a provider ignores it.
        try checkOpenSSL(EVP_PKEY_CTX_set_dh_pad(context.pointer, 1))
        // The peer value was range-checked above (1 < y < p − 1). OpenSSL's own check would add, for the groups it
        // recognises (RFC 3526), the subgroup test y^q = 1 mod p: a full-size exponentiation that costs ten
        // times the derivation itself. With a safe prime p = 2q + 1 the range check leaves only the subgroup of
        // order 2q to a malicious peer, which reveals at most the lowest bit of an ephemeral exponent that is
        // used for this one derivation; racoon and strongSwan do not test the subgroup either.
        try checkOpenSSL(EVP_PKEY_derive_set_peer_ex(context.pointer, peerKey.pointer, 0))
        let size = group.byteCount
        return try SecretBytes(count: size) { (out: UnsafeMutableRawBufferPointer) throws(IKECryptoError) in
            var length = size
            try checkOpenSSL(EVP_PKEY_derive(
                context.pointer, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length))
            guard length <= size else { throw IKECryptoError.fromOpenSSL() }
            if length < size {
                // Move the value to the end and zero the front: left-padding to the prime's length.
                let shift = size - length
                out.baseAddress.map { base in
                    (base + shift).copyMemory(from: base, byteCount: length)
                    base.initializeMemory(as: UInt8.self, repeating: 0, count: shift)
                }
            }
        }
    }

    private static func parsePeer(_ value: [UInt8], domain: DHDomain) throws(IKECryptoError) -> BigNumber {
        guard value.count == domain.group.byteCount else {
            throw .publicValueWrongLength(expected: domain.group.byteCount, actual: value.count)
        }
        let y = try value.withBytes { (bytes: UnsafeRawBufferPointer) throws(IKECryptoError) in
            try BigNumber(bigEndian: bytes)
        }
        guard domain.isValidPublicValue(y) else { throw .publicValueOutOfRange }
        return y
    }
}
