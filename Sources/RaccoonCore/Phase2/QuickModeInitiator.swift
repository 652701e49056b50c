internal import IKECrypto
internal import ISAKMP

/// Quick Mode, initiator side (RFC 2409 §5.5; racoon `quick_i1send`, `quick_i2recv`; inventory §6.4).
///
/// ```
/// QM1 →  HDR*, HASH(1), SA, Ni [, KE] [, IDci, IDcr]
/// QM2 ←  HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, N(RESPONDER-LIFETIME)]
/// QM3 →  HDR*, HASH(3)
/// ```
struct QuickModeInitiator {
    /// What the initiator proposes.
    struct Offer {
        /// Our SPI from GETSPI.
        var ourSPI: UInt32
        /// The transforms, in racoon's order (SPD request × sainfo algorithms).
        var transforms: [Phase2Transform]
        /// The PFS group (`pfs_group`), or `nil`.
        var pfsGroup: DiffieHellmanGroupID?
        /// The client identities (IDci = ours, IDcr = the peer's), or `nil` to leave them out.
        var identities: (local: ClientSelector, remote: ClientSelector)?
        /// The nonce size.
        var nonceSize: Int
        /// The security-context attribute type.
        var securityContextAttributeType: UInt16
    }

    /// Per-state data.
    private enum State {
        /// QM1 not built yet.
        case idle
        /// QM1 sent; waiting for QM2.
        case sentProposal(SentProposal)
        /// QM3 sent.
        case completed
    }

    struct SentProposal {
        var nonce: [UInt8]
        var keyPair: DHKeyPair?
        var iv: [UInt8]
        var identityBodies: [[UInt8]]
    }

    /// What the initiator does after QM2.
    enum Step {
        /// Send QM3 and install these SAs.
        case complete(reply: [UInt8], negotiated: Phase2Negotiated)
        /// The message is not QM2; say why in the debug log.
        case ignore(String)
    }

    private var state: State = .idle
    let phase1: Phase1SA
    /// The exchange's message ID.
    let messageID: MessageID
    let offer: Offer
    let random: any RandomSource

    /// A new initiator on an established ISAKMP SA.
    init(phase1: Phase1SA, messageID: MessageID, offer: Offer, random: any RandomSource) {
        self.phase1 = phase1
        self.messageID = messageID
        self.offer = offer
        self.random = random
    }

    /// Builds QM1.
    mutating func start() throws(Phase2Error) -> [UInt8] {
        guard case .idle = state else { preconditionFailure("Quick Mode started twice") }
        let transforms = offer.transforms.enumerated().map { index, transform in
            transform.transformPayload(
                number: UInt8(truncatingIfNeeded: index + 1),
                securityContextAttributeType: offer.securityContextAttributeType)
        }
        let protocolID: ProtocolID = offer.transforms.first?.securityProtocol == .ah ? .ah : .esp
        let sa = SecurityAssociationPayload(proposals: [
            ProposalPayload(
                number: 1, protocolID: protocolID, spi: QuickModeExchange.spiBytes(offer.ourSPI), transforms: transforms)
        ])
        let nonce = try QuickModeExchange.makeNonce(size: offer.nonceSize, random: random)
        var payloads: [Payload] = [.securityAssociation(sa), .nonce(NoncePayload(nonceData: nonce))]
        var keyPair: DHKeyPair?
        if let group = offer.pfsGroup {
            do {
                keyPair = try random.makeKeyPair(group)
            } catch {
                throw .internalFailure("\(error)")
            }
            if let keyPair { payloads.append(.keyExchange(KeyExchangePayload(keyExchangeData: keyPair.publicValue))) }
        }
        var identityBodies: [[UInt8]] = []
        if let identities = offer.identities {
            let idci = identities.local.identificationPayload
            let idcr = identities.remote.identificationPayload
            payloads += [.identification(idci), .identification(idcr)]
            identityBodies = [idci.bodyBytes, idcr.bodyBytes]
        }
        let phase1 = self.phase1
        let messageID = self.messageID
        let iv = try QuickModeExchange.initialIV(phase1, messageID: messageID)
        // HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [| KE] [| IDci | IDcr])
        let sealed = try QuickModeExchange.seal(phase1, messageID: messageID, iv: iv, random: random, payloads: payloads) {
            (tail: [UInt8]) throws(IKECryptoError) in
            try phase1.keys.quickModeHash1(messageID: messageID.rawValue, payloads: tail)
        }
        state = .sentProposal(
            SentProposal(nonce: nonce, keyPair: keyPair, iv: sealed.nextIV, identityBodies: identityBodies))
        return sealed.bytes
    }

    /// The responder must echo the IDs unchanged (racoon: "mismatched IDci/IDcr was returned").
    ///
    /// When QM1 carried no IDs, RFC 2409 §5.5 says the exchange protects traffic between the ISAKMP peers. Some
    /// responders (strongSwan's charon) still return IDci/IDcr; they are accepted when they name exactly those two
    /// addresses, any protocol and port, and refused otherwise.
    private func checkReturnedIdentities(_ returned: [[UInt8]], sent: [[UInt8]]) throws(Phase2Error) {
        if returned == sent { return }
        if sent.isEmpty {
            let implied = [
                ClientSelector(address: phase1.local.address).identificationPayload.bodyBytes,
                ClientSelector(address: phase1.remote.address).identificationPayload.bodyBytes,
            ]
            if returned == implied { return }
        }
        throw .invalidIdentification("mismatched IDci/IDcr was returned")
    }

    /// Processes QM2.
    mutating func receive(_ message: ISAKMPMessage) throws(Phase2Error) -> Step {
        switch state {
        case .idle, .completed:
            return .ignore("no Quick Mode message is expected from the responder now")
        case .sentProposal(let sent):
            guard message.encryptedBody != nil else { return .ignore("a plaintext Quick Mode message") }
            let (payloads, hash, nextIV) = try QuickModeExchange.open(phase1, message, iv: sent.iv)
            // HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE] [| IDci | IDcr])
            let expected: [UInt8]
            do {
                expected = try phase1.keys.quickModeHash2(
                    messageID: messageID.rawValue, initiatorNonce: sent.nonce,
                    payloads: Array(payloads.chain.bytes(after: 0)))
            } catch {
                throw .internalFailure("\(error)")
            }
            try QuickModeExchange.verify(hash, expected, which: "HASH(2)")
            let responderNonce = try QuickModeExchange.nonce(payloads, message: "QM2")
            guard let sa = payloads.quickModeSecurityAssociation else {
                throw .missingPayload(.securityAssociation, message: "QM2 (where it must follow HASH)")
            }
            var negotiated = try acceptReply(sa)
            // RFC 2407 §4.6.3.1: honour RESPONDER-LIFETIME when it shortens the lifetime.
            for notification in payloads.notifications {
                if let seconds = QuickModeExchange.responderLifetimeSeconds(notification),
                    seconds < negotiated.transform.lifetimeSeconds
                {
                    negotiated.transform.lifetimeSeconds = seconds
                }
            }
            try checkReturnedIdentities(payloads.identifications.map(\.bodyBytes), sent: sent.identityBodies)
            var pfsSecret: SecretBytes?
            switch (sent.keyPair, payloads.keyExchanges.first) {
            case (nil, nil):
                break
            case (let keyPair?, let ke?):
                pfsSecret = try QuickModeExchange.pfsSecret(keyPair, peerPublic: ke.keyExchangeData)
            case (.some, nil):
                throw .pfsMismatch("we proposed PFS but QM2 has no KE payload")
            case (nil, .some):
                throw .pfsMismatch("QM2 has a KE payload but we did not propose PFS")
            }
            let keys = try QuickModeExchange.keys(
                phase1, transform: negotiated.transform, ourSPI: negotiated.ourSPI, peerSPI: negotiated.peerSPI,
                pfsSecret: pfsSecret, initiatorNonce: sent.nonce, responderNonce: responderNonce)
            negotiated.inboundKeys = keys.inbound
            negotiated.outboundKeys = keys.outbound
            // HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
            let hash3: [UInt8]
            let sealed: ISAKMPMessageSealer.Sealed
            do {
                hash3 = try phase1.keys.quickModeHash3(
                    messageID: messageID.rawValue, initiatorNonce: sent.nonce, responderNonce: responderNonce)
                let header = ISAKMPHeader(
                    initiatorCookie: phase1.initiatorCookie, responderCookie: phase1.responderCookie,
                    exchangeType: .quickMode, messageID: messageID)
                sealed = try phase1.sealer.seal(
                    header: header, payloads: [.hash(HashPayload(hashData: hash3))], iv: nextIV, random: random)
            } catch {
                throw .internalFailure("\(error)")
            }
            state = .completed
            return .complete(reply: sealed.bytes, negotiated: negotiated)
        }
    }

    /// Checks the responder's single proposal and transform against ours.
    private func acceptReply(_ sa: SecurityAssociationPayload) throws(Phase2Error) -> Phase2Negotiated {
        guard sa.proposals.count == 1, let proposal = sa.proposals.first, proposal.transforms.count == 1,
            let transform = proposal.transforms.first
        else {
            throw .unofferedTransform("the reply must carry one proposal with one transform")
        }
        guard let peerSPI = QuickModeExchange.spi(proposal.spi) else {
            throw .unofferedTransform("the reply's SPI is \(proposal.spi.count) bytes")
        }
        let securityProtocol: IPsecProtocol = proposal.protocolID == .ah ? .ah : .esp
        let parsed: Result<Phase2Transform, Phase1Selection.Unsupported>
        do {
            parsed = try Phase2Transform.parse(
                transform, securityProtocol: securityProtocol,
                securityContextAttributeType: offer.securityContextAttributeType)
        } catch {
            throw .malformedSecurityContext(error)
        }
        guard case .success(let returned) = parsed else {
            if case .failure(let reason) = parsed { throw .unofferedTransform(reason.reason) }
            throw .unofferedTransform("unreadable transform")
        }
        // Labeled IPsec: the responder must echo our context (compared without trailing NULs).
        guard let mine = offer.transforms.first(where: {
            $0.securityProtocol == returned.securityProtocol && $0.encryption == returned.encryption
                && $0.authentication == returned.authentication && $0.mode == returned.mode
                && $0.pfsGroup == returned.pfsGroup && $0.securityContext == returned.securityContext
        }) else {
            throw .unofferedTransform("\(returned)")
        }
        var agreed = mine
        agreed.lifetimeSeconds = min(mine.lifetimeSeconds, returned.lifetimeSeconds)
        return Phase2Negotiated(
            transform: agreed, ourSPI: offer.ourSPI, peerSPI: peerSPI, inboundKeys: (.empty, .empty),
            outboundKeys: (.empty, .empty))
    }
}
