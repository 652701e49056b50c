internal import IKECrypto
internal import ISAKMP

/// Aggressive Mode with pre-shared keys, initiator side (RFC 2409 §5; racoon `isakmp_agg.c`; inventory §6.3).
///
/// ```
/// AM1 →  HDR, SA, KE, Ni, IDii, VID(DPD)
/// AM2 ←  HDR, SA, KE, Nr, IDir, HASH_R
/// AM3 →  HDR, HASH_I          (racoon sends it unencrypted)
/// ```
/// Aggressive Mode needs one DH group for every proposal, because KE is sent before the group is agreed.
struct AggressiveModeInitiator {
    /// Per-state data.
    private enum State {
        /// Nothing sent.
        case idle
        /// AM1 sent; waiting for AM2.
        case sentProposal(SentProposal)
        /// AM3 sent.
        case established
    }

    struct SentProposal {
        var offerBody: [UInt8]
        var keyPair: DHKeyPair
        var nonce: [UInt8]
        var identityBody: [UInt8]
    }

    private var state: State = .idle
    let parameters: Phase1Parameters
    /// CKY-I.
    let initiatorCookie: Cookie

    /// A new initiator.
    init(parameters: Phase1Parameters, initiatorCookie: Cookie) {
        self.parameters = parameters
        self.initiatorCookie = initiatorCookie
    }

    /// The name of the message we are waiting for.
    var awaiting: Phase1Message {
        switch state {
        case .idle: return .none
        case .sentProposal: return .am2
        case .established: return .established
        }
    }

    /// Builds AM1.
    mutating func start() throws(Phase1Error) -> [UInt8] {
        guard case .idle = state else { preconditionFailure("Aggressive Mode started twice") }
        let proposals = parameters.remotePolicy.proposals
        guard let group = proposals.first?.group, proposals.allSatisfy({ $0.group == group }) else {
            throw .internalFailure("Aggressive Mode needs the same dh_group in every proposal")
        }
        let keyPair = try Phase1Exchange.makeKeyPair(group, random: parameters.random)
        let nonce = try Phase1Exchange.makeNonce(parameters)
        let sa = Phase1Exchange.offer(proposals)
        let identification = Phase1Exchange.identification(local: parameters.local, policy: parameters.remotePolicy)
        let message = ISAKMPMessage(
            header: ISAKMPHeader(initiatorCookie: initiatorCookie, exchangeType: .aggressive),
            payloads: [
                .securityAssociation(sa), .keyExchange(KeyExchangePayload(keyExchangeData: keyPair.publicValue)),
                .nonce(NoncePayload(nonceData: nonce)), .identification(identification),
            ] + Phase1Exchange.vendorIDs())
        state = .sentProposal(
            SentProposal(offerBody: sa.bodyBytes, keyPair: keyPair, nonce: nonce, identityBody: identification.bodyBytes))
        return message.serialized()
    }

    /// Processes AM2.
    mutating func receive(_ message: ISAKMPMessage) throws(Phase1Error) -> Phase1Step {
        switch state {
        case .idle, .established:
            return .ignore("no Aggressive Mode message is expected from the responder now")
        case .sentProposal(let sent):
            let (payloads, sa): (ReceivedPayloads, SecurityAssociationPayload)
            switch Phase1Exchange.responderFirstReply(message, awaiting: .am2) {
            case .success(let reply): (payloads, sa) = reply
            case .failure(let notTheReply): return .ignore(notTheReply.reason)
            }
            // Our own AM1 reflected back carries no HASH_R either.
            guard !payloads.hashes.isEmpty else { return .ignore("a message without HASH_R while awaiting AM2") }
            let proposal = try Phase1Exchange.acceptReply(sa, offered: parameters.remotePolicy.proposals)
            let (peerPublic, peerNonce) = try Phase1Exchange.keyExchangeAndNonce(
                payloads, group: proposal.group, message: "AM2")
            guard let id = payloads.identifications.first else { throw .missingPayload(.identification, message: "AM2") }
            guard let hash = payloads.hashes.first else { throw .missingPayload(.hash, message: "AM2") }
            guard let identity = Phase1Exchange.identity(of: id) else {
                throw .invalidIdentification("\(id.idType) is not supported")
            }
            let responderCookie = message.header.responderCookie
            // racoon `oakley_skeyid`: Aggressive Mode looks the PSK up by the peer's ID, then its address.
            let psk = try Phase1Exchange.preSharedKey(
                parameters, identifiers: [identity.lookupKey, "\(parameters.remote.address)"])
            let keys = try Phase1Exchange.deriveKeys(
                proposal: proposal, preSharedKey: psk, keyPair: sent.keyPair, peerPublicValue: peerPublic,
                initiatorNonce: sent.nonce, responderNonce: peerNonce, initiatorCookie: initiatorCookie,
                responderCookie: responderCookie)
            let transcript = Phase1Transcript(
                keys: keys, ourPublic: sent.keyPair.publicValue, peerPublic: peerPublic, weInitiated: true,
                initiatorCookie: initiatorCookie, responderCookie: responderCookie, offerBody: sent.offerBody)
            try transcript.verify(hash, by: .responder, identificationBody: id.bodyBytes, peer: parameters.remote)
            let hashI = try transcript.hash(by: .initiator, identificationBody: sent.identityBody)
            let iv = try transcript.firstIV()
            let reply = ISAKMPMessage(
                header: ISAKMPHeader(
                    initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .aggressive),
                payloads: [.hash(HashPayload(hashData: hashI))])
            state = .established
            let established = Phase1SA(
                initiatorCookie: initiatorCookie, responderCookie: responderCookie, isInitiator: true,
                mode: .aggressive, local: parameters.local, remote: parameters.remote, proposal: proposal, keys: keys,
                lastIV: iv, peerIdentity: identity, peerSupportsDPD: payloads.peerSupportsDPD,
                peerSentInitialContact: payloads.carriesInitialContact)
            return .established(established, reply: reply.serialized())
        }
    }
}
