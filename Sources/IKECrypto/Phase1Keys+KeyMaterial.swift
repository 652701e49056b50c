// MARK: - Phase-2 KEYMAT (RFC 2409 §5.5)

extension Phase1Keys {
    /// KEYMAT for one IPsec SA (one protocol, one SPI, one direction), `length` bytes long.
    ///
    /// ```
    /// without PFS: KEYMAT = prf(SKEYID_d, protocol | SPI | Ni_b | Nr_b)
    /// with PFS:    KEYMAT = prf(SKEYID_d, g(qm)^xy | protocol | SPI | Ni_b | Nr_b)
    /// expanded:    K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
    ///              Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
    ///              KEYMAT = K1 | K2 | K3 | …   (truncated to `length`)
    /// ```
    ///
    /// - Parameters:
    ///   - protocolID: the IPsec DOI protocol of the SA (RFC 2407 §4.4.1: 2 AH, 3 ESP, 4 IPCOMP).
    ///   - spi: the SPI of *this* SA as it appears in the proposal: for the inbound SA our own SPI, for the
    ///     outbound SA the peer's.
    ///   - initiatorNonce: Ni_b of this Quick Mode; `responderNonce`: Nr_b. The order never depends on
    ///     direction.
    ///   - pfsSharedSecret: g(qm)^xy when the Quick Mode carried KE payloads, left-padded to the group size.
    public func keyMaterial(
        protocolID: UInt8, spi: UInt32, initiatorNonce: [UInt8], responderNonce: [UInt8],
        pfsSharedSecret: SecretBytes?, length: Int
    ) throws(IKECryptoError) -> SecretBytes {
        precondition(length >= 0, "negative KEYMAT length")
        var material = SecretBytes.empty
        var previous: SecretBytes?
        while material.count < length {
            let context = try prf.makeContext(key: skeyidD)
            if let previous { try context.update(previous) }
            if let pfsSharedSecret { try context.update(pfsSharedSecret) }
            try context.update([protocolID])
            try context.update(spi.bigEndianBytes)
            try context.update(initiatorNonce)
            try context.update(responderNonce)
            let block = try context.finalizeSecret()
            material = material + block
            previous = block
        }
        return material.prefix(length)
    }
}
