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
        var proposal: Phase1Proposal
        var transcript: Phase1Transcript
        var iv: [UInt8]
        var peerSupportsDPD: Bool
    }

    private var state: State = .idle

    /// The phase-1 keys once MM4 has been processed (for the debugging key log: MM5 is already encrypted).
    var derivedKeys: Phase1Keys? {
        if case .sentIdentity(let sent) = state { return sent.transcript.keys }
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
            let (payloads, sa): (ReceivedPayloads, SecurityAssociationPayload)
            switch Phase1Exchange.responderFirstReply(message, awaiting: .mm2) {
            case .success(let reply): (payloads, sa) = reply
            case .failure(let notTheReply): return .ignore(notTheReply.reason)
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
            let transcript = Phase1Transcript(
                keys: keys, ourPublic: sent.keyPair.publicValue, peerPublic: peerPublic, weInitiated: true,
                initiatorCookie: initiatorCookie, responderCookie: sent.responderCookie, offerBody: sent.offerBody)
            let identification = Phase1Exchange.identification(local: parameters.local, policy: parameters.remotePolicy)
            let hashI = try transcript.hash(by: .initiator, identificationBody: identification.bodyBytes)
            let iv = try transcript.firstIV()
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
                    proposal: sent.proposal, transcript: transcript, iv: sealed.nextIV,
                    peerSupportsDPD: sent.peerSupportsDPD))
            return .send(sealed.bytes)
        case .sentIdentity(let sent):
            guard
                let final = try Phase1IdentityMessage(
                    opening: message, sealer: ISAKMPMessageSealer(keys: sent.transcript.keys), iv: sent.iv, name: .mm6,
                    peer: parameters.remote)
            else { return .ignore("a plaintext message while awaiting MM6") }
            try sent.transcript.verify(
                final.hash, by: .responder, identificationBody: final.identification.bodyBytes, peer: parameters.remote)
            let identity = try MainModeInitiator.requireAddressIdentity(final.identification)
            state = .established
            let sa = Phase1SA(
                initiatorCookie: initiatorCookie, responderCookie: sent.transcript.responderCookie, isInitiator: true,
                mode: .main, local: parameters.local, remote: parameters.remote, proposal: sent.proposal,
                keys: sent.transcript.keys, lastIV: final.nextIV, peerIdentity: identity,
                peerSupportsDPD: sent.peerSupportsDPD, peerSentInitialContact: final.payloads.carriesInitialContact)
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
