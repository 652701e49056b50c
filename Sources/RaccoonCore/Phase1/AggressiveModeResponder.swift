internal import IKECrypto
internal import ISAKMP

/// Aggressive Mode with pre-shared keys, responder side (RFC 2409 §5; racoon `isakmp_agg.c`).
///
/// The engine has chosen the remote block and transform from AM1; this machine builds AM2 and verifies AM3.
struct AggressiveModeResponder {
    /// Per-state data.
    private enum State {
        /// AM2 sent; waiting for AM3.
        case sentReply(SentReply)
        /// AM3 verified.
        case established
    }

    struct SentReply {
        var proposal: Phase1Proposal
        var transcript: Phase1Transcript
        var peerIdentityBody: [UInt8]
        var peerIdentity: IdentityValue
        var iv: [UInt8]
    }

    private var state: State

    /// The phase-1 keys, derived when AM2 was built (for the debugging key log: AM3 may be encrypted).
    var derivedKeys: Phase1Keys? {
        if case .sentReply(let sent) = state { return sent.transcript.keys }
        return nil
    }
    let parameters: Phase1Parameters
    /// CKY-I.
    let initiatorCookie: Cookie
    /// CKY-R.
    let responderCookie: Cookie
    /// Whether the initiator sent the DPD vendor ID.
    let peerSupportsDPD: Bool
    /// AM2.
    let firstReply: [UInt8]

    /// Accepts AM1 with the transform the engine selected.
    init(
        parameters: Phase1Parameters, initiatorCookie: Cookie, responderCookie: Cookie, offer: SecurityAssociationPayload,
        payloads: ReceivedPayloads, choice: Phase1Selection.Choice
    ) throws(Phase1Error) {
        self.parameters = parameters
        self.initiatorCookie = initiatorCookie
        self.responderCookie = responderCookie
        peerSupportsDPD = payloads.peerSupportsDPD
        let proposal = choice.proposal
        let (peerPublic, peerNonce) = try Phase1Exchange.keyExchangeAndNonce(
            payloads, group: proposal.group, message: "AM1")
        guard let id = payloads.identifications.first else { throw .missingPayload(.identification, message: "AM1") }
        guard let identity = Phase1Exchange.identity(of: id) else {
            throw .invalidIdentification("\(id.idType) is not supported")
        }
        let psk = try Phase1Exchange.preSharedKey(
            parameters, identifiers: [identity.lookupKey, "\(parameters.remote.address)"])
        let keyPair = try Phase1Exchange.makeKeyPair(proposal.group, random: parameters.random)
        let nonce = try Phase1Exchange.makeNonce(parameters)
        let keys = try Phase1Exchange.deriveKeys(
            proposal: proposal, preSharedKey: psk, keyPair: keyPair, peerPublicValue: peerPublic,
            initiatorNonce: peerNonce, responderNonce: nonce, initiatorCookie: initiatorCookie,
            responderCookie: responderCookie)
        let transcript = Phase1Transcript(
            keys: keys, ourPublic: keyPair.publicValue, peerPublic: peerPublic, weInitiated: false,
            initiatorCookie: initiatorCookie, responderCookie: responderCookie, offerBody: offer.bodyBytes)
        let identification = Phase1Exchange.identification(local: parameters.local, policy: parameters.remotePolicy)
        let hashR = try transcript.hash(by: .responder, identificationBody: identification.bodyBytes)
        let reply = try Phase1Exchange.reply(to: offer, choice: choice)
        var replyPayloads: [Payload] = [
            .securityAssociation(reply), .keyExchange(KeyExchangePayload(keyExchangeData: keyPair.publicValue)),
            .nonce(NoncePayload(nonceData: nonce)), .identification(identification), .hash(HashPayload(hashData: hashR)),
        ]
        if peerSupportsDPD { replyPayloads += Phase1Exchange.vendorIDs() }
        firstReply = ISAKMPMessage(
            header: ISAKMPHeader(
                initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .aggressive),
            payloads: replyPayloads
        ).serialized()
        state = .sentReply(
            SentReply(
                proposal: proposal, transcript: transcript, peerIdentityBody: id.bodyBytes, peerIdentity: identity,
                iv: try transcript.firstIV()))
    }

    /// Whether AM2 is all we have sent: the peer has not yet shown that it receives at its address.
    var awaitsSecondMessage: Bool {
        if case .sentReply = state { return true }
        return false
    }

    /// The name of the message we are waiting for.
    var awaiting: Phase1Message {
        switch state {
        case .sentReply: return .am3
        case .established: return .established
        }
    }

    /// Processes AM3 (plaintext as racoon sends it, or encrypted as RFC 2409 allows).
    mutating func receive(_ message: ISAKMPMessage) throws(Phase1Error) -> Phase1Step {
        switch state {
        case .established:
            return .ignore("no Aggressive Mode message is expected from the initiator now")
        case .sentReply(let sent):
            let payloads: ReceivedPayloads
            var lastIV = sent.iv
            if let chain = message.payloadChain {
                payloads = ReceivedPayloads(chain)
            } else {
                do {
                    let opened = try ISAKMPMessageSealer(keys: sent.transcript.keys).open(message, iv: sent.iv)
                    payloads = ReceivedPayloads(opened.chain)
                    lastIV = opened.nextIV
                } catch {
                    throw .undecryptable(message: "AM3", peer: "\(parameters.remote.address)", cause: "\(error)")
                }
            }
            guard let hash = payloads.hashes.first else { return .ignore("a message without HASH while awaiting AM3") }
            guard payloads.securityAssociations.isEmpty, payloads.keyExchanges.isEmpty else {
                return .ignore("an SA or KE payload while awaiting AM3 (our own AM2 reflected back?)")
            }
            try sent.transcript.verify(
                hash, by: .initiator, identificationBody: sent.peerIdentityBody, peer: parameters.remote)
            state = .established
            let sa = Phase1SA(
                initiatorCookie: initiatorCookie, responderCookie: responderCookie, isInitiator: false,
                mode: .aggressive, local: parameters.local, remote: parameters.remote, proposal: sent.proposal,
                keys: sent.transcript.keys, lastIV: lastIV, peerIdentity: sent.peerIdentity,
                peerSupportsDPD: peerSupportsDPD, peerSentInitialContact: payloads.carriesInitialContact)
            return .established(sa, reply: nil)
        }
    }
}
