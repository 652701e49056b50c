internal import IKECrypto
internal import ISAKMP

/// Main Mode with pre-shared keys, initiator side (RFC 2409 §5; racoon `isakmp_ident.c`; inventory §6.2).
///
/// ```
/// MM1 →  HDR, SA, VID(DPD)
/// MM2 ←  HDR, SA
/// MM3 →  HDR, KE, Ni
/// MM4 ←  HDR, KE, Nr
/// MM5 →  HDR*, IDii, HASH_I
/// MM6 ←  HDR*, IDir, HASH_R
/// ```
struct MainModeInitiator {
    /// Per-state data, named for the last message we sent.
    private enum State {
        /// Nothing sent yet.
        case idle
        /// MM1 sent; waiting for the responder's SA.
        case sentSA(SentSA)
        /// MM3 sent; waiting for the responder's KE and nonce.
        case sentKeyExchange(SentKeyExchange)
        /// MM5 sent; waiting for the responder's identity and HASH_R.
        case sentIdentity(SentIdentity)
        /// MM6 verified.
        case established
    }

    struct SentSA {
        var offerBody: [UInt8]
    }

    struct SentKeyExchange {
        var offerBody: [UInt8]
        var proposal: Phase1Proposal
        var responderCookie: Cookie
        var keyPair: DHKeyPair
        var nonce: [UInt8]
        var peerSupportsDPD: Bool
    }

    struct SentIdentity {
        var offerBody: [UInt8]
        var proposal: Phase1Proposal
        var responderCookie: Cookie
        var keys: Phase1Keys
        var ourPublic: [UInt8]
        var peerPublic: [UInt8]
        var iv: [UInt8]
        var peerSupportsDPD: Bool
    }

    private var state: State = .idle

    /// The phase-1 keys once MM4 has been processed (for the debugging key log: MM5 is already encrypted).
    var derivedKeys: Phase1Keys? {
        if case .sentIdentity(let sent) = state { return sent.keys }
        return nil
    }
    let parameters: Phase1Parameters
    /// CKY-I.
    let initiatorCookie: Cookie
    /// Puts INITIAL-CONTACT into MM5, where charon and pluto send it. Raccoon's engine never sets it (it sends
    /// INITIAL-CONTACT in an informational exchange after phase 1, which racoon also understands); tests play
    /// charon with it.
    var initialContactInMM5 = false

    /// A new initiator with our cookie.
    init(parameters: Phase1Parameters, initiatorCookie: Cookie) {
        self.parameters = parameters
        self.initiatorCookie = initiatorCookie
    }

    /// The name of the message we are waiting for, for log lines.
    var awaiting: Phase1Message {
        switch state {
        case .idle: return .none
        case .sentSA: return .mm2
        case .sentKeyExchange: return .mm4
        case .sentIdentity: return .mm6
        case .established: return .established
        }
    }

    private func header(_ responderCookie: Cookie) -> ISAKMPHeader {
        ISAKMPHeader(initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .identityProtection)
    }

    /// Builds MM1.
    mutating func start() -> [UInt8] {
        guard case .idle = state else { preconditionFailure("Main Mode started twice") }
        let sa = Phase1Exchange.offer(parameters.remotePolicy.proposals)
        let message = ISAKMPMessage(
            header: header(.zero), payloads: [.securityAssociation(sa)] + Phase1Exchange.vendorIDs())
        state = .sentSA(SentSA(offerBody: sa.bodyBytes))
        return message.serialized()
    }

    /// Processes a message of this exchange from the responder.
    mutating func receive(_ message: ISAKMPMessage) throws(Phase1Error) -> Phase1Step {
        switch state {
        case .idle, .established:
            return .ignore("no Main Mode message is expected from the responder now")
        case .sentSA(let sent):
            guard let chain = message.payloadChain else { return .ignore("an encrypted message while awaiting MM2") }
            let payloads = ReceivedPayloads(chain)
            guard let sa = payloads.phase1SecurityAssociation else {
                return .ignore("a message without one SA payload first while awaiting MM2")
            }
            // Our own MM1 reflected back, or any first message, carries no responder cookie.
            guard !message.header.responderCookie.isZero else {
                return .ignore("a message without responder cookie while awaiting MM2")
            }
            let proposal = try Phase1Exchange.acceptReply(sa, offered: parameters.remotePolicy.proposals)
            let keyPair = try Phase1Exchange.makeKeyPair(proposal.group, random: parameters.random)
            let nonce = try Phase1Exchange.makeNonce(parameters)
            let responderCookie = message.header.responderCookie
            state = .sentKeyExchange(
                SentKeyExchange(
                    offerBody: sent.offerBody, proposal: proposal, responderCookie: responderCookie,
                    keyPair: keyPair, nonce: nonce, peerSupportsDPD: payloads.peerSupportsDPD))
            let reply = ISAKMPMessage(
                header: header(responderCookie),
                payloads: [
                    .keyExchange(KeyExchangePayload(keyExchangeData: keyPair.publicValue)),
                    .nonce(NoncePayload(nonceData: nonce)),
                ])
            return .send(reply.serialized())
        case .sentKeyExchange(let sent):
            guard let chain = message.payloadChain else { return .ignore("an encrypted message while awaiting MM4") }
            let payloads = ReceivedPayloads(chain)
            guard !payloads.keyExchanges.isEmpty else { return .ignore("a message without KE while awaiting MM4") }
            let (peerPublic, peerNonce) = try Phase1Exchange.keyExchangeAndNonce(
                payloads, group: sent.proposal.group, message: "MM4")
            guard peerPublic != sent.keyPair.publicValue, peerNonce != sent.nonce else {
                return .ignore("our own MM3 reflected back")
            }
            // RFC 2409 §5 / racoon `oakley_skeyid`: Main Mode looks the PSK up by the peer's address.
            let psk = try Phase1Exchange.preSharedKey(parameters, identifiers: ["\(parameters.remote.address)"])
            let keys = try Phase1Exchange.deriveKeys(
                proposal: sent.proposal, preSharedKey: psk, keyPair: sent.keyPair, peerPublicValue: peerPublic,
                initiatorNonce: sent.nonce, responderNonce: peerNonce, initiatorCookie: initiatorCookie,
                responderCookie: sent.responderCookie)
            let ourPublic = sent.keyPair.publicValue
            let identification = Phase1Exchange.identification(local: parameters.local, policy: parameters.remotePolicy)
            let hashI = try Phase1Exchange.local { () throws(IKECryptoError) in
                try keys.initiatorHash(
                    initiatorPublicValue: ourPublic, responderPublicValue: peerPublic,
                    initiatorCookie: initiatorCookie.bytes, responderCookie: sent.responderCookie.bytes,
                    securityAssociationBody: sent.offerBody, identificationBody: identification.bodyBytes)
            }
            let iv = try Phase1Exchange.local { () throws(IKECryptoError) in
                try Phase1Exchange.phase1IV(keys, initiatorPublicValue: ourPublic, responderPublicValue: peerPublic)
            }
            let sealed = try Phase1Exchange.local { () throws(IKECryptoError) in
                try ISAKMPMessageSealer(keys: keys).seal(
                    header: header(sent.responderCookie),
                    payloads: [.identification(identification), .hash(HashPayload(hashData: hashI))]
                        + (initialContactInMM5
                            ? [.notification(NotificationPayload(
                                protocolID: .isakmp, notifyType: .initialContact,
                                spi: initiatorCookie.bytes + sent.responderCookie.bytes))] : []),
                    iv: iv, random: parameters.random)
            }
            state = .sentIdentity(
                SentIdentity(
                    offerBody: sent.offerBody, proposal: sent.proposal, responderCookie: sent.responderCookie,
                    keys: keys, ourPublic: ourPublic, peerPublic: peerPublic, iv: sealed.nextIV,
                    peerSupportsDPD: sent.peerSupportsDPD))
            return .send(sealed.bytes)
        case .sentIdentity(let sent):
            guard message.encryptedBody != nil else { return .ignore("a plaintext message while awaiting MM6") }
            let opened: ISAKMPMessageSealer.Opened
            do {
                opened = try ISAKMPMessageSealer(keys: sent.keys).open(
                    message, iv: sent.iv)
            } catch {
                throw .undecryptable(message: "MM6", peer: "\(parameters.remote.address)", cause: "\(error)")
            }
            let payloads = ReceivedPayloads(opened.chain)
            guard let id = payloads.identifications.first else { throw .missingPayload(.identification, message: "MM6") }
            guard let hash = payloads.hashes.first else { throw .missingPayload(.hash, message: "MM6") }
            let expected = try Phase1Exchange.local { () throws(IKECryptoError) in
                try sent.keys.responderHash(
                    initiatorPublicValue: sent.ourPublic, responderPublicValue: sent.peerPublic,
                    initiatorCookie: initiatorCookie.bytes, responderCookie: sent.responderCookie.bytes,
                    securityAssociationBody: sent.offerBody, identificationBody: id.bodyBytes)
            }
            guard Phase1Exchange.verify(hash.hashData, expected) else {
                throw .hashMismatch(which: "HASH_R", peer: "\(parameters.remote.address)")
            }
            let identity = try MainModeInitiator.requireAddressIdentity(id)
            state = .established
            let sa = Phase1SA(
                initiatorCookie: initiatorCookie, responderCookie: sent.responderCookie, isInitiator: true,
                mode: .main, local: parameters.local, remote: parameters.remote, proposal: sent.proposal,
                keys: sent.keys, lastIV: opened.nextIV, peerIdentity: identity, peerSupportsDPD: sent.peerSupportsDPD, peerSentInitialContact: payloads.carriesInitialContact)
            return .established(sa, reply: nil)
        }
    }

    /// Main Mode with pre-shared keys requires address identities (inventory §6.2, issue 4).
    static func requireAddressIdentity(_ id: IdentificationPayload) throws(Phase1Error) -> IdentityValue {
        switch id.data {
        case .ipv4Address, .ipv6Address:
            guard let identity = Phase1Exchange.identity(of: id) else {
                throw .invalidIdentification("unreadable address")
            }
            return identity
        default:
            throw .invalidIdentification(
                "\(id.idType) in Main Mode with a pre-shared key (ID_IPV4_ADDR or ID_IPV6_ADDR required)")
        }
    }
}
