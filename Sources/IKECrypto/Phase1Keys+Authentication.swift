// MARK: - HASH_I and HASH_R (RFC 2409 §5)

extension Phase1Keys {
    /// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b).
    ///
    /// - Parameters:
    ///   - initiatorPublicValue: g^xi, the initiator's KE data (group-size bytes).
    ///   - responderPublicValue: g^xr, the responder's KE data.
    ///   - securityAssociationBody: SAi_b, the body of the initiator's SA payload (without its generic header).
    ///   - identificationBody: IDii_b, the body of the initiator's ID payload, including its type/protocol/port.
    public func initiatorHash(
        initiatorPublicValue: [UInt8], responderPublicValue: [UInt8],
        initiatorCookie: [UInt8], responderCookie: [UInt8],
        securityAssociationBody: [UInt8], identificationBody: [UInt8]
    ) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(
            key: skeyid, initiatorPublicValue, responderPublicValue, initiatorCookie, responderCookie,
            securityAssociationBody, identificationBody)
    }

    /// HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b).
    ///
    /// SAi_b is the *initiator's* SA payload body here too; IDir_b is the responder's ID payload body.
    public func responderHash(
        initiatorPublicValue: [UInt8], responderPublicValue: [UInt8],
        initiatorCookie: [UInt8], responderCookie: [UInt8],
        securityAssociationBody: [UInt8], identificationBody: [UInt8]
    ) throws(IKECryptoError) -> [UInt8] {
        try prf.authenticate(
            key: skeyid, responderPublicValue, initiatorPublicValue, responderCookie, initiatorCookie,
            securityAssociationBody, identificationBody)
    }
}
