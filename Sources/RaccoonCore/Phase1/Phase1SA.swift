internal import IKECrypto
internal import ISAKMP

/// An established ISAKMP SA: what Quick Mode and Informational exchanges need from phase 1.
struct Phase1SA {
    /// CKY-I.
    let initiatorCookie: Cookie
    /// CKY-R.
    let responderCookie: Cookie
    /// Whether we initiated phase 1.
    let isInitiator: Bool
    /// The exchange that established it.
    let mode: Phase1ExchangeMode
    /// Our endpoint.
    let local: Endpoint
    /// The peer's endpoint.
    let remote: Endpoint
    /// The negotiated transform.
    let proposal: Phase1Proposal
    /// SKEYID_d/a/e and the hashes.
    let keys: Phase1Keys
    /// The last CBC block of phase 1 (RFC 2409 Appendix B), the seed of every later exchange's IV.
    let lastIV: [UInt8]
    /// The peer's phase-1 identity.
    let peerIdentity: IdentityValue?
    /// Whether the peer sent the DPD vendor ID.
    let peerSupportsDPD: Bool
    /// Whether the peer's last phase-1 message (MM5, MM6, AM2 or AM3) carried INITIAL-CONTACT, as charon and pluto
    /// send it (racoon and Raccoon send it in an informational exchange after phase 1).
    var peerSentInitialContact = false

    /// racoon's log spelling of the cookie pair: `ci:cr`.
    var cookieText: String { "\(initiatorCookie):\(responderCookie)" }

    /// The 16-byte ISAKMP SPI (CKY-I | CKY-R) used in ISAKMP Delete and DPD notifies.
    var spiBytes: [UInt8] { initiatorCookie.bytes + responderCookie.bytes }

    /// Seals and opens messages under this SA.
    var sealer: ISAKMPMessageSealer { ISAKMPMessageSealer(keys: keys) }

    /// The first IV of a Quick Mode or Informational exchange: hash(last phase-1 CBC block | M-ID), truncated to
    /// the block size (RFC 2409 Appendix B).
    func exchangeIV(messageID: MessageID) throws(IKECryptoError) -> [UInt8] {
        try IVChain.phase2(
            hash: keys.prf.hash, cipher: keys.cipher, lastPhase1Block: lastIV, messageID: messageID.rawValue
        ).currentIV
    }
}

/// What a phase-1 state machine asks the engine to do after a message.
enum Phase1Step {
    /// Send this message (and retransmit it until the peer answers).
    case send([UInt8])
    /// Phase 1 is established; send `reply` if any (a final message, resent only for duplicates).
    case established(Phase1SA, reply: [UInt8]?)
    /// The message does not belong to this step (a stray or late message); say why in the debug log.
    case ignore(String)
}
