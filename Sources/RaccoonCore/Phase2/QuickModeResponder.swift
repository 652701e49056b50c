internal import IKECrypto
internal import ISAKMP

/// A verified QM1: what the responder needs to choose a policy, a sainfo and a transform.
struct QuickModeRequest {
    /// The exchange's message ID.
    var messageID: MessageID
    /// Ni_b.
    var initiatorNonce: [UInt8]
    /// Every transform of every proposal, in order.
    var offers: [Phase2Selection.Offer]
    /// The initiator's PFS public value, if it sent a KE.
    var peerPublic: [UInt8]?
    /// IDci (the initiator's side) and IDcr (ours), if present.
    var identities: (initiator: ClientSelector, responder: ClientSelector)?
    /// The ID payloads exactly as received, echoed in QM2.
    var identityPayloads: [IdentificationPayload]
    /// The context from the first transform of the first proposal (racoon `get_security_context`).
    var label: SecurityLabel?
    /// The IV after QM1.
    var nextIV: [UInt8]
}

/// Quick Mode, responder side (RFC 2409 §5.5; racoon `quick_r1recv`, `quick_r2send`, `quick_r3recv`).
struct QuickModeResponder {
    /// Per-state data.
    private enum State {
        /// QM2 sent; waiting for QM3.
        case sentReply(SentReply)
        /// QM3 verified.
        case completed
    }

    struct SentReply {
        var responderNonce: [UInt8]
        var iv: [UInt8]
        var negotiated: Phase2Negotiated
    }

    /// What the responder does after QM3.
    enum Step {
        /// Install these SAs.
        case complete(Phase2Negotiated)
        /// The message is not QM3.
        case ignore(String)
    }

    private var state: State
    /// Our (inbound) SPI once QM2 is sent: the larval SA GETSPI reserved.
    var ourSPI: UInt32? {
        if case .sentReply(let reply) = state { return reply.negotiated.ourSPI }
        return nil
    }
    /// The SA pair QM2 agreed on (keys included), until QM3 completes the exchange.
    var negotiated: Phase2Negotiated? {
        if case .sentReply(let reply) = state { return reply.negotiated }
        return nil
    }
    let phase1: Phase1SA
    let request: QuickModeRequest
    /// QM2.
    let firstReply: [UInt8]

    /// Verifies HASH(1) and reads QM1.
    static func parseRequest(
        _ phase1: Phase1SA, _ message: ISAKMPMessage, securityContextAttributeType: UInt16
    ) throws(Phase2Error) -> QuickModeRequest {
        let messageID = message.header.messageID
        let iv = try QuickModeExchange.initialIV(phase1, messageID: messageID)
        let (payloads, hash, nextIV) = try QuickModeExchange.open(phase1, message, iv: iv)
        let expected: [UInt8]
        do {
            expected = try phase1.keys.quickModeHash1(
                messageID: messageID.rawValue, payloads: Array(payloads.chain.bytes(after: 0)))
        } catch {
            throw .internalFailure("\(error)")
        }
        try QuickModeExchange.verify(hash, expected, which: "HASH(1)")
        guard let sa = payloads.quickModeSecurityAssociation else {
            throw .missingPayload(.securityAssociation, message: "QM1 (where it must follow HASH)")
        }
        let nonce = try QuickModeExchange.nonce(payloads, message: "QM1")
        var offers: [Phase2Selection.Offer] = []
        var label: SecurityLabel?
        for (proposalIndex, proposal) in sa.proposals.enumerated() {
            let securityProtocol: IPsecProtocol
            switch proposal.protocolID {
            case .esp: securityProtocol = .esp
            case .ah: securityProtocol = .ah
            default:
                offers.append(
                    Phase2Selection.Offer(
                        proposalNumber: proposal.number, transformNumber: 0, spi: 0,
                        transform: .failure(.init(reason: "protocol \(proposal.protocolID) is not supported"))))
                continue
            }
            guard let spi = QuickModeExchange.spi(proposal.spi) else {
                throw .malformed(.invalidSPISize(protocolID: proposal.protocolID.rawValue, size: UInt8(proposal.spi.count)))
            }
            for (transformIndex, transform) in proposal.transforms.enumerated() {
                let parsed: Result<Phase2Transform, Phase1Selection.Unsupported>
                do {
                    parsed = try Phase2Transform.parse(
                        transform, securityProtocol: securityProtocol,
                        securityContextAttributeType: securityContextAttributeType)
                } catch {
                    throw .malformedSecurityContext(error)
                }
                if proposalIndex == 0, transformIndex == 0, case .success(let first) = parsed {
                    label = first.securityContext
                }
                offers.append(
                    Phase2Selection.Offer(
                        proposalNumber: proposal.number, transformNumber: transform.number, spi: spi, transform: parsed))
            }
        }
        var identities: (initiator: ClientSelector, responder: ClientSelector)?
        switch payloads.identifications.count {
        case 0:
            break
        case 2:
            guard let initiator = ClientSelector(identification: payloads.identifications[0]),
                let responder = ClientSelector(identification: payloads.identifications[1])
            else {
                throw .invalidIdentification("IDci/IDcr of types \(payloads.identifications.map { "\($0.idType)" })")
            }
            identities = (initiator, responder)
        default:
            throw .invalidIdentification("\(payloads.identifications.count) ID payloads (0 or 2 allowed)")
        }
        return QuickModeRequest(
            messageID: messageID, initiatorNonce: nonce, offers: offers,
            peerPublic: payloads.keyExchanges.first?.keyExchangeData, identities: identities,
            identityPayloads: payloads.identifications, label: label, nextIV: nextIV)
    }

    /// Builds QM2 for the chosen transform once GETSPI has given `ourSPI`.
    init(
        phase1: Phase1SA, request: QuickModeRequest, choice: Phase2Selection.Choice, ourSPI: UInt32, nonceSize: Int,
        securityContextAttributeType: UInt16, random: any RandomSource
    ) throws(Phase2Error) {
        self.phase1 = phase1
        self.request = request
        let nonce = try QuickModeExchange.makeNonce(size: nonceSize, random: random)
        let transform = choice.transform
        let reply = SecurityAssociationPayload(proposals: [
            ProposalPayload(
                number: choice.proposalNumber, protocolID: transform.securityProtocol == .ah ? .ah : .esp,
                spi: QuickModeExchange.spiBytes(ourSPI),
                transforms: [
                    transform.transformPayload(
                        number: choice.transformNumber, securityContextAttributeType: securityContextAttributeType)
                ])
        ])
        var payloads: [Payload] = [.securityAssociation(reply), .nonce(NoncePayload(nonceData: nonce))]
        var pfsSecret: SecretBytes?
        switch (transform.pfsGroup, request.peerPublic) {
        case (let group?, let peerPublic?):
            let keyPair: DHKeyPair
            do {
                keyPair = try random.makeKeyPair(group)
            } catch {
                throw .internalFailure("\(error)")
            }
            pfsSecret = try QuickModeExchange.pfsSecret(keyPair, peerPublic: peerPublic)
            payloads.append(.keyExchange(KeyExchangePayload(keyExchangeData: keyPair.publicValue)))
        case (nil, nil):
            break
        case (.some, nil):
            throw .pfsMismatch("the proposal names a PFS group but QM1 has no KE payload")
        case (nil, .some):
            throw .pfsMismatch("QM1 has a KE payload but the proposal names no PFS group")
        }
        payloads += request.identityPayloads.map(Payload.identification)
        if choice.lifetimeClaimed {
            payloads.append(
                .notification(QuickModeExchange.responderLifetime(seconds: transform.lifetimeSeconds, spi: choice.peerSPI)))
        }
        let keys = try QuickModeExchange.keys(
            phase1, transform: transform, ourSPI: ourSPI, peerSPI: choice.peerSPI, pfsSecret: pfsSecret,
            initiatorNonce: request.initiatorNonce, responderNonce: nonce)
        let messageID = request.messageID
        let initiatorNonce = request.initiatorNonce
        // HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE] [| IDci | IDcr] [| N])
        let sealed = try QuickModeExchange.seal(
            phase1, messageID: messageID, iv: request.nextIV, random: random, payloads: payloads
        ) { (tail: [UInt8]) throws(IKECryptoError) in
            try phase1.keys.quickModeHash2(
                messageID: messageID.rawValue, initiatorNonce: initiatorNonce, payloads: tail)
        }
        firstReply = sealed.bytes
        state = .sentReply(
            SentReply(
                responderNonce: nonce, iv: sealed.nextIV,
                negotiated: Phase2Negotiated(
                    transform: transform, ourSPI: ourSPI, peerSPI: choice.peerSPI, inboundKeys: keys.inbound,
                    outboundKeys: keys.outbound)))
    }

    /// Processes QM3.
    mutating func receive(_ message: ISAKMPMessage) throws(Phase2Error) -> Step {
        switch state {
        case .completed:
            return .ignore("no Quick Mode message is expected from the initiator now")
        case .sentReply(let sent):
            guard message.encryptedBody != nil else { return .ignore("a plaintext Quick Mode message") }
            let (_, hash, _) = try QuickModeExchange.open(phase1, message, iv: sent.iv)
            let expected: [UInt8]
            do {
                expected = try phase1.keys.quickModeHash3(
                    messageID: request.messageID.rawValue, initiatorNonce: request.initiatorNonce,
                    responderNonce: sent.responderNonce)
            } catch {
                throw .internalFailure("\(error)")
            }
            try QuickModeExchange.verify(hash, expected, which: "HASH(3)")
            state = .completed
            return .complete(sent.negotiated)
        }
    }
}
