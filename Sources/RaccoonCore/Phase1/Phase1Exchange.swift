internal import IKECrypto
internal import ISAKMP

/// What every phase-1 state machine is given.
struct Phase1Parameters {
    /// Our endpoint.
    var local: Endpoint
    /// The peer's endpoint.
    var remote: Endpoint
    /// The remote block in force.
    var remotePolicy: RemotePolicy
    /// psk.txt.
    var preSharedKeys: PreSharedKeyTable
    /// Where cookies, nonces and DH private values come from.
    var random: any RandomSource
}

/// Phase-1 building blocks shared by Main Mode and Aggressive Mode, in both roles (strongSwan's `phase1.c`
/// idea): SA payloads, identities, nonces, key exchange, key derivation.
enum Phase1Exchange {
    /// RFC 2409 §5: nonces are 8 to 256 bytes.
    static let nonceLengths = 8...256

    /// Our SA payload: one ISAKMP proposal whose transforms are the remote block's proposals in file order.
    static func offer(_ proposals: [Phase1Proposal]) -> SecurityAssociationPayload {
        let transforms = proposals.enumerated().map { index, proposal in
            proposal.transformPayload(number: UInt8(truncatingIfNeeded: index + 1))
        }
        return SecurityAssociationPayload(proposals: [
            ProposalPayload(number: 1, protocolID: .isakmp, spi: [], transforms: transforms)
        ])
    }

    /// The peer's phase-1 proposal (exactly one, for ISAKMP; RFC 2409 §5).
    static func singleProposal(of sa: SecurityAssociationPayload) throws(Phase1Error) -> ProposalPayload {
        guard sa.proposals.count == 1, let proposal = sa.proposals.first else {
            throw .badProposalSyntax("\(sa.proposals.count) proposals where phase 1 allows one")
        }
        guard proposal.protocolID == .isakmp else {
            throw .invalidProtocol("proposal for \(proposal.protocolID) where PROTO_ISAKMP is required")
        }
        return proposal
    }

    /// The offers of a peer's SA payload.
    static func offers(in sa: SecurityAssociationPayload) throws(Phase1Error) -> [Phase1Selection.Offer] {
        try singleProposal(of: sa).transforms.map {
            Phase1Selection.Offer(transformNumber: $0.number, proposal: Phase1Proposal.parse($0))
        }
    }

    /// The responder's SA: the peer's proposal reduced to the accepted transform, copied as it was offered
    /// (racoon's `get_sabysaprop`), unless `proposal_check claim` replaced the lifetime.
    static func reply(
        to sa: SecurityAssociationPayload, choice: Phase1Selection.Choice
    ) throws(Phase1Error) -> SecurityAssociationPayload {
        let proposal = try singleProposal(of: sa)
        guard let transform = proposal.transforms.first(where: { $0.number == choice.transformNumber }) else {
            throw .internalFailure("accepted transform \(choice.transformNumber) vanished")
        }
        let chosen = choice.lifetimeClaimed ? choice.proposal.transformPayload(number: transform.number) : transform
        return SecurityAssociationPayload(proposals: [
            ProposalPayload(number: proposal.number, protocolID: .isakmp, spi: proposal.spi, transforms: [chosen])
        ])
    }

    /// Why a message is not the responder's first reply (for the debug log).
    struct NotTheReply: Error {
        let reason: String
    }

    /// The responder's first reply (MM2, AM2): plaintext, one SA payload first, and the responder's cookie, which our
    /// own first message reflected back (or any first message) lacks. Its payloads and SA payload, or why it is not.
    static func responderFirstReply(
        _ message: ISAKMPMessage, awaiting name: Phase1Message
    ) -> Result<(payloads: ReceivedPayloads, sa: SecurityAssociationPayload), NotTheReply> {
        guard let chain = message.payloadChain else {
            return .failure(NotTheReply(reason: "an encrypted message while awaiting \(name)"))
        }
        let payloads = ReceivedPayloads(chain)
        guard let sa = payloads.phase1SecurityAssociation else {
            return .failure(NotTheReply(reason: "a message without one SA payload first while awaiting \(name)"))
        }
        guard !message.header.responderCookie.isZero else {
            return .failure(NotTheReply(reason: "a message without responder cookie while awaiting \(name)"))
        }
        return .success((payloads, sa))
    }

    /// Checks the responder's SA against what we offered; returns the negotiated proposal.
    static func acceptReply(_ sa: SecurityAssociationPayload, offered: [Phase1Proposal]) throws(Phase1Error)
        -> Phase1Proposal
    {
        let proposal = try singleProposal(of: sa)
        guard proposal.transforms.count == 1, let transform = proposal.transforms.first else {
            throw .badProposalSyntax("the reply carries \(proposal.transforms.count) transforms instead of one")
        }
        switch Phase1Proposal.parse(transform) {
        case .failure(let unsupported):
            throw .unofferedTransform(unsupported.reason)
        case .success(let returned):
            // The responder may shorten the lifetime (claim), but every algorithm must be one we offered.
            let match = offered.first {
                $0.encryption == returned.encryption && $0.hash == returned.hash
                    && $0.authentication == returned.authentication && $0.group == returned.group
                    && returned.lifetimeSeconds <= $0.lifetimeSeconds
            }
            guard match != nil else { throw .unofferedTransform("\(returned)") }
            return returned
        }
    }

    /// Our identification payload: `my_identifier`, or our address (ID_IPV4_ADDR/ID_IPV6_ADDR, protocol 0, port 0).
    static func identification(local: Endpoint, policy: RemotePolicy) -> IdentificationPayload {
        let data: IdentificationData
        switch policy.myIdentifier ?? .address(local.address) {
        case .address(let address):
            data = address.isIPv4 ? .ipv4Address(address.bytes) : .ipv6Address(address.bytes)
        case .fqdn(let name):
            data = .fqdn(Array(name.utf8))
        case .userFQDN(let name):
            data = .userFQDN(Array(name.utf8))
        case .keyID(let bytes):
            data = .keyID(bytes)
        }
        return IdentificationPayload(data: data, protocolID: 0, port: 0)
    }

    /// The identity an identification payload names, if it is of a type Raccoon understands.
    static func identity(of payload: IdentificationPayload) -> IdentityValue? {
        switch payload.data {
        case .ipv4Address(let bytes), .ipv6Address(let bytes):
            return IPAddress(bytes: bytes).map(IdentityValue.address)
        case .fqdn(let bytes):
            return .fqdn(String(decoding: bytes, as: UTF8.self))
        case .userFQDN(let bytes):
            return .userFQDN(String(decoding: bytes, as: UTF8.self))
        case .keyID(let bytes):
            return .keyID(bytes)
        case .ipv4Subnet, .ipv6Subnet, .ipv4Range, .ipv6Range, .derASN1DN, .derASN1GN, .unknown:
            return nil
        }
    }

    /// The vendor IDs we send: DPD, as racoon does by default (`dpd on`).
    static func vendorIDs() -> [Payload] {
        [.vendorID(VendorIDPayload(.deadPeerDetection))]
    }

    /// A fresh nonce of the remote block's `nonce_size`.
    static func makeNonce(_ parameters: Phase1Parameters) throws(Phase1Error) -> [UInt8] {
        let size = min(max(parameters.remotePolicy.nonceSize, nonceLengths.lowerBound), nonceLengths.upperBound)
        do {
            return try parameters.random.bytes(count: size)
        } catch {
            throw .internalFailure("random source: \(error)")
        }
    }

    /// A fresh DH key pair in `group`.
    static func makeKeyPair(_ group: DiffieHellmanGroupID, random: any RandomSource) throws(Phase1Error) -> DHKeyPair {
        do {
            return try random.makeKeyPair(group)
        } catch {
            throw .crypto(error)
        }
    }

    /// The single KE and nonce of a message, checked.
    static func keyExchangeAndNonce(
        _ payloads: ReceivedPayloads, group: DiffieHellmanGroupID, message: String
    ) throws(Phase1Error) -> (publicValue: [UInt8], nonce: [UInt8]) {
        guard let ke = payloads.keyExchanges.first else { throw .missingPayload(.keyExchange, message: message) }
        guard let nonce = payloads.nonces.first else { throw .missingPayload(.nonce, message: message) }
        guard nonceLengths.contains(nonce.nonceData.count) else { throw .invalidNonce(length: nonce.nonceData.count) }
        do {
            try DHKeyPair.validatePeerPublicValue(ke.keyExchangeData, group: group)
        } catch {
            throw .crypto(error)
        }
        return (ke.keyExchangeData, nonce.nonceData)
    }

    /// The pre-shared key for `identifiers`, tried in order (racoon: by address in Main Mode; by ID, then address,
    /// in Aggressive Mode).
    static func preSharedKey(_ parameters: Phase1Parameters, identifiers: [String]) throws(Phase1Error) -> SecretBytes {
        for identifier in identifiers {
            if let key = parameters.preSharedKeys.key(for: identifier) { return key }
        }
        throw .noPreSharedKey(identifier: identifiers.joined(separator: " or "))
    }

    /// Derives the SA keys once g^xy is known.
    static func deriveKeys(
        proposal: Phase1Proposal, preSharedKey: SecretBytes, keyPair: DHKeyPair, peerPublicValue: [UInt8],
        initiatorNonce: [UInt8], responderNonce: [UInt8], initiatorCookie: Cookie, responderCookie: Cookie
    ) throws(Phase1Error) -> Phase1Keys {
        do {
            let shared = try keyPair.sharedSecret(peerPublicValue: peerPublicValue)
            return try Phase1Keys.preSharedKey(
                prf: PRF(proposal.hashAlgorithm), cipher: proposal.blockCipher, preSharedKey: preSharedKey,
                initiatorNonce: initiatorNonce, responderNonce: responderNonce, sharedSecret: shared,
                initiatorCookie: initiatorCookie.bytes, responderCookie: responderCookie.bytes)
        } catch {
            throw .crypto(error)
        }
    }

    /// Wraps a crypto call whose failure is local.
    static func local<T>(_ body: () throws(IKECryptoError) -> T) throws(Phase1Error) -> T {
        do {
            return try body()
        } catch {
            throw .internalFailure("\(error)")
        }
    }

    /// Compares two authenticators in constant time.
    static func verify(_ received: [UInt8], _ expected: [UInt8]) -> Bool {
        received.count == expected.count && ConstantTime.equals(received, expected)
    }
}
