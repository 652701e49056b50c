internal import IKECrypto
internal import ISAKMP

/// What phase 1's authentication covers once the keys are derived (RFC 2409 §5):
///
/// ```
/// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
/// HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
/// ```
/// and the first IV, hash(g^xi | g^xr) (Appendix B). Main and Aggressive Mode keep one in each role from the
/// moment both public values are known, so the four machines compute and check the hashes in one way.
struct Phase1Transcript {
    /// SKEYID and the keys derived from it.
    let keys: Phase1Keys
    /// g^xi.
    let initiatorPublic: [UInt8]
    /// g^xr.
    let responderPublic: [UInt8]
    /// CKY-I.
    let initiatorCookie: Cookie
    /// CKY-R.
    let responderCookie: Cookie
    /// SAi_b: the body of the initiator's SA payload, as sent in the first message.
    let offerBody: [UInt8]

    /// The transcript of the side that sent `ourPublic` (the initiator's when `weInitiated`).
    init(
        keys: Phase1Keys, ourPublic: [UInt8], peerPublic: [UInt8], weInitiated: Bool, initiatorCookie: Cookie,
        responderCookie: Cookie, offerBody: [UInt8]
    ) {
        self.keys = keys
        initiatorPublic = weInitiated ? ourPublic : peerPublic
        responderPublic = weInitiated ? peerPublic : ourPublic
        self.initiatorCookie = initiatorCookie
        self.responderCookie = responderCookie
        self.offerBody = offerBody
    }

    /// Whose hash: the initiator's HASH_I or the responder's HASH_R.
    enum Author: String {
        case initiator = "HASH_I"
        case responder = "HASH_R"
    }

    /// HASH_I or HASH_R over `identificationBody` (IDii_b or IDir_b, the ID payload's body).
    func hash(by author: Author, identificationBody: [UInt8]) throws(Phase1Error) -> [UInt8] {
        let (keys, gxi, gxr, offerBody) = (keys, initiatorPublic, responderPublic, offerBody)
        let (cookieI, cookieR) = (initiatorCookie.bytes, responderCookie.bytes)
        return try Phase1Exchange.local { () throws(IKECryptoError) in
            switch author {
            case .initiator:
                try keys.initiatorHash(
                    initiatorPublicValue: gxi, responderPublicValue: gxr, initiatorCookie: cookieI,
                    responderCookie: cookieR, securityAssociationBody: offerBody, identificationBody: identificationBody)
            case .responder:
                try keys.responderHash(
                    initiatorPublicValue: gxi, responderPublicValue: gxr, initiatorCookie: cookieI,
                    responderCookie: cookieR, securityAssociationBody: offerBody, identificationBody: identificationBody)
            }
        }
    }

    /// Checks the peer's hash in constant time; a mismatch names the hash and the peer.
    func verify(
        _ received: HashPayload, by author: Author, identificationBody: [UInt8], peer: Endpoint
    ) throws(Phase1Error) {
        let expected = try hash(by: author, identificationBody: identificationBody)
        guard Phase1Exchange.verify(received.hashData, expected) else {
            throw .hashMismatch(which: author.rawValue, peer: "\(peer.address)")
        }
    }

    /// The first IV of the encrypted messages (RFC 2409 Appendix B).
    func firstIV() throws(Phase1Error) -> [UInt8] {
        let (keys, gxi, gxr) = (keys, initiatorPublic, responderPublic)
        return try Phase1Exchange.local { () throws(IKECryptoError) in
            try IVChain.phase1(
                hash: keys.prf.hash, cipher: keys.cipher, initiatorPublicValue: gxi, responderPublicValue: gxr
            ).currentIV
        }
    }
}
