/// The keys the kernel needs for one IPsec SA, cut from KEYMAT: the encryption key first, then the
/// authentication key (RFC 2409 §5.5; racoon and the kernel agree on this order).
///
/// Lengths: 3DES 24, AES 16/24/32 (``BlockCipher/keySize``); HMAC-MD5 16, HMAC-SHA1 20, HMAC-SHA2-256/384/512
/// 32/48/64 (``HashAlgorithm/digestSize``, RFC 2403, RFC 2404, RFC 4868). An AH SA has no encryption key; an
/// ESP SA without authentication has no authentication key (pass 0).
public struct IPsecSAKeys: Sendable, Equatable {
    /// The encryption key (empty for AH).
    public let encryptionKey: SecretBytes
    /// The authentication key (empty for ESP without authentication).
    public let authenticationKey: SecretBytes

    /// Splits `keyMaterial`, which must hold at least `encryptionKeyLength + authenticationKeyLength` bytes.
    public init(splitting keyMaterial: SecretBytes, encryptionKeyLength: Int, authenticationKeyLength: Int) {
        precondition(encryptionKeyLength >= 0 && authenticationKeyLength >= 0, "negative key length")
        precondition(keyMaterial.count >= encryptionKeyLength + authenticationKeyLength, "KEYMAT too short")
        encryptionKey = keyMaterial.prefix(encryptionKeyLength)
        authenticationKey = keyMaterial.slice(encryptionKeyLength..<(encryptionKeyLength + authenticationKeyLength))
    }

    /// Derives KEYMAT of exactly the needed length for one SA and splits it.
    ///
    /// - Parameters:
    ///   - encryption: the ESP cipher, or `nil` for AH (or ESP-NULL).
    ///   - authentication: the HMAC hash, or `nil` for ESP without authentication.
    ///   - Other parameters: as in ``Phase1Keys/keyMaterial(protocolID:spi:initiatorNonce:responderNonce:pfsSharedSecret:length:)``.
    public static func derive(
        from keys: Phase1Keys, protocolID: UInt8, spi: UInt32, initiatorNonce: [UInt8], responderNonce: [UInt8],
        pfsSharedSecret: SecretBytes?, encryption: BlockCipher?, authentication: HashAlgorithm?
    ) throws(IKECryptoError) -> IPsecSAKeys {
        let encryptionLength = encryption?.keySize ?? 0
        let authenticationLength = authentication?.digestSize ?? 0
        let material = try keys.keyMaterial(
            protocolID: protocolID, spi: spi, initiatorNonce: initiatorNonce, responderNonce: responderNonce,
            pfsSharedSecret: pfsSharedSecret, length: encryptionLength + authenticationLength)
        return IPsecSAKeys(
            splitting: material, encryptionKeyLength: encryptionLength, authenticationKeyLength: authenticationLength)
    }
}
