/// The pseudo-random function of an IKEv1 SA: HMAC with the negotiated hash (RFC 2409 §5, "prf").
///
/// Racoon uses HMAC of the phase-1 Hash Algorithm as the prf (no PRF attribute is negotiated in practice), and
/// the same HMACs protect IPsec SAs. HMAC-MD5 and HMAC-SHA1 are legacy (see ``HashAlgorithm/isLegacy``).
public struct PRF: Hashable, Sendable, CustomStringConvertible {
    /// The underlying hash.
    public let hash: HashAlgorithm

    /// The HMAC of `hash`.
    public init(_ hash: HashAlgorithm) { self.hash = hash }

    /// The output length in bytes (the digest length).
    public var outputSize: Int { hash.digestSize }

    /// Whether the underlying hash is legacy.
    public var isLegacy: Bool { hash.isLegacy }

    /// `hmac-md5`, `hmac-sha1`, …
    public var description: String { "hmac-\(hash)" }

    /// `HMAC(key, parts[0] | parts[1] | …)` as public bytes (for authenticators sent on the wire: HASH_I,
    /// HASH(1), …). The parts are fed one after another, never concatenated.
    public func authenticate(key: SecretBytes, _ parts: [UInt8]...) throws(IKECryptoError) -> [UInt8] {
        let context = try PRFContext(self, key: key)
        for part in parts { try context.update(part) }
        return try context.finalize()
    }

    /// `HMAC(key, parts[0] | parts[1] | …)` as a secret (for derived keys).
    public func derive(key: SecretBytes, _ parts: [UInt8]...) throws(IKECryptoError) -> SecretBytes {
        let context = try PRFContext(self, key: key)
        for part in parts { try context.update(part) }
        return try context.finalizeSecret()
    }

    /// A context for feeding a mix of public and secret inputs one after another.
    public func makeContext(key: SecretBytes) throws(IKECryptoError) -> PRFContext {
        try PRFContext(self, key: key)
    }
}
