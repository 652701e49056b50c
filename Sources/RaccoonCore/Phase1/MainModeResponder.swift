internal import IKECrypto
internal import ISAKMP

/// Main Mode with pre-shared keys, responder side (RFC 2409 §5; racoon `isakmp_ident.c`; inventory §6.2).
///
/// The engine has already chosen the remote block and the transform from MM1 (`Phase1Selection`); this machine
/// answers MM2, MM4 and MM6.
struct MainModeResponder {
    /// Per-state data, named for the last message we sent.
    private enum State {
        /// MM2 sent; waiting for the initiator's KE and nonce.
        case sentSA(SentSA)
        /// MM4 sent; waiting for the initiator's identity and HASH_I.
        case sentKeyExchange(SentKeyExchange)
        /// MM6 sent.
        case established
    }

    struct SentSA {
        var offerBody: [UInt8]
        var proposal: Phase1Proposal
    }

    struct SentKeyExchange {
        var proposal: Phase1Proposal
        var transcript: Phase1Transcript
        var iv: [UInt8]
    }

    private var state: State

    /// The phase-1 keys once MM3 has been processed (for the debugging key log: MM5 will be encrypted).
    var derivedKeys: Phase1Keys? {
        if case .sentKeyExchange(let sent) = state { return sent.transcript.keys }
        return nil
    }
    let parameters: Phase1Parameters
    /// CKY-I.
    let initiatorCookie: Cookie
    /// CKY-R, ours.
    let responderCookie: Cookie
    /// Whether the initiator sent the DPD vendor ID.
    let peerSupportsDPD: Bool
    /// MM2, built at creation.
    let firstReply: [UInt8]

    /// Accepts MM1: `offer` is the initiator's SA payload and `choice` the transform the engine selected.
    init(
        parameters: Phase1Parameters, initiatorCookie: Cookie, responderCookie: Cookie,
        offer: SecurityAssociationPayload, choice: Phase1Selection.Choice, peerSupportsDPD: Bool
    ) throws(Phase1Error) {
        self.parameters = parameters
        self.initiatorCookie = initiatorCookie
        self.responderCookie = responderCookie
        self.peerSupportsDPD = peerSupportsDPD
        let reply = try Phase1Exchange.reply(to: offer, choice: choice)
        var payloads: [Payload] = [.securityAssociation(reply)]
        if peerSupportsDPD { payloads += Phase1Exchange.vendorIDs() }
        firstReply = ISAKMPMessage(
            header: ISAKMPHeader(
                initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .identityProtection),
            payloads: payloads
        ).serialized()
        state = .sentSA(SentSA(offerBody: offer.bodyBytes, proposal: choice.proposal))
    }

    /// Whether MM2 is all we have sent: the peer has not yet shown that it receives at its address.
    var awaitsSecondMessage: Bool {
        if case .sentSA = state { return true }
        return false
    }

    /// The name of the message we are waiting for, for log lines.
    var awaiting: Phase1Message {
        switch state {
        case .sentSA: return .mm3
        case .sentKeyExchange: return .mm5
        case .established: return .established
        }
    }

    private var header: ISAKMPHeader {
        ISAKMPHeader(initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .identityProtection)
    }

    /// Processes a message of this exchange from the initiator.
    mutating func receive(_ message: ISAKMPMessage) throws(Phase1Error) -> Phase1Step {
        switch state {
        case .established:
            return .ignore("no Main Mode message is expected from the initiator now")
        case .sentSA(let sent):
            guard let chain = message.payloadChain else { return .ignore("an encrypted message while awaiting MM3") }
            let payloads = ReceivedPayloads(chain)
            guard !payloads.keyExchanges.isEmpty else { return .ignore("a message without KE while awaiting MM3") }
            let (peerPublic, peerNonce) = try Phase1Exchange.keyExchangeAndNonce(
                payloads, group: sent.proposal.group, message: "MM3")
            let psk = try Phase1Exchange.preSharedKey(parameters, identifiers: ["\(parameters.remote.address)"])
            let keyPair = try Phase1Exchange.makeKeyPair(sent.proposal.group, random: parameters.random)
            let nonce = try Phase1Exchange.makeNonce(parameters)
            let keys = try Phase1Exchange.deriveKeys(
                proposal: sent.proposal, preSharedKey: psk, keyPair: keyPair, peerPublicValue: peerPublic,
                initiatorNonce: peerNonce, responderNonce: nonce, initiatorCookie: initiatorCookie,
                responderCookie: responderCookie)
            let transcript = Phase1Transcript(
                keys: keys, ourPublic: keyPair.publicValue, peerPublic: peerPublic, weInitiated: false,
                initiatorCookie: initiatorCookie, responderCookie: responderCookie, offerBody: sent.offerBody)
            state = .sentKeyExchange(
                SentKeyExchange(proposal: sent.proposal, transcript: transcript, iv: try transcript.firstIV()))
            let reply = ISAKMPMessage(
                header: header,
                payloads: [
                    .keyExchange(KeyExchangePayload(keyExchangeData: keyPair.publicValue)),
                    .nonce(NoncePayload(nonceData: nonce)),
                ])
            return .send(reply.serialized())
        case .sentKeyExchange(let sent):
            let sealer = ISAKMPMessageSealer(keys: sent.transcript.keys)
            guard
                let final = try Phase1IdentityMessage(
                    opening: message, sealer: sealer, iv: sent.iv, name: .mm5, peer: parameters.remote)
            else { return .ignore("a plaintext message while awaiting MM5") }
            try sent.transcript.verify(
                final.hash, by: .initiator, identificationBody: final.identification.bodyBytes, peer: parameters.remote)
            let identity = try MainModeInitiator.requireAddressIdentity(final.identification)
            let identification = Phase1Exchange.identification(local: parameters.local, policy: parameters.remotePolicy)
            let hashR = try sent.transcript.hash(by: .responder, identificationBody: identification.bodyBytes)
            let sealed = try Phase1Exchange.local { () throws(IKECryptoError) in
                try sealer.seal(
                    header: header, payloads: [.identification(identification), .hash(HashPayload(hashData: hashR))],
                    iv: final.nextIV, random: parameters.random)
            }
            state = .established
            let sa = Phase1SA(
                initiatorCookie: initiatorCookie, responderCookie: responderCookie, isInitiator: false, mode: .main,
                local: parameters.local, remote: parameters.remote, proposal: sent.proposal, keys: sent.transcript.keys,
                lastIV: sealed.nextIV, peerIdentity: identity, peerSupportsDPD: peerSupportsDPD,
                peerSentInitialContact: final.payloads.carriesInitialContact)
            return .established(sa, reply: sealed.bytes)
        }
    }
}
