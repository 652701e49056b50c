import IKECrypto
import ISAKMP
import Testing

@testable import RaccoonCore

/// The phase-1 and Quick Mode state machines driven back to back without the engine (nio-ssh `testKeyExchange`,
/// wireguard-go `noise_test.go`): after the exchange both sides hold the same keys and IV.
@Suite("State machines back to back")
struct StateMachineTests {
    static let a = Endpoint(address: IPAddress("192.0.2.1")!, port: 500)
    static let b = Endpoint(address: IPAddress("192.0.2.2")!, port: 500)

    static func parameters(local: Endpoint, remote: Endpoint, seed: UInt64, proposal: Phase1Proposal) -> Phase1Parameters {
        Phase1Parameters(
            local: local, remote: remote, remotePolicy: RemotePolicy(address: nil, proposals: [proposal]),
            preSharedKeys: PreSharedKeyTable(["\(remote.address)": Array("key".utf8)]), random: SeededRandom(seed: seed))
    }

    static func mainMode(_ proposal: Phase1Proposal, initialContactInMM5: Bool = false) throws -> (Phase1SA, Phase1SA) {
        var initiator = MainModeInitiator(
            parameters: parameters(local: a, remote: b, seed: 1, proposal: proposal), initiatorCookie: Cookie(rawValue: 0x1111))
        initiator.initialContactInMM5 = initialContactInMM5
        let mm1 = try ISAKMPMessage(parsing: initiator.start())
        guard case .securityAssociation(let offer)? = mm1.payloads.first else { throw TestFailure() }
        let choice = try Phase1Selection.select(offers: Phase1Exchange.offers(in: offer), ours: [proposal], rule: .strict).get()
        var responder = try MainModeResponder(
            parameters: parameters(local: b, remote: a, seed: 2, proposal: proposal), initiatorCookie: Cookie(rawValue: 0x1111),
            responderCookie: Cookie(rawValue: 0x2222), offer: offer, choice: choice, peerSupportsDPD: true)
        #expect(responder.awaiting == .mm3)
        guard case .send(let mm3) = try initiator.receive(ISAKMPMessage(parsing: responder.firstReply)) else { throw TestFailure() }
        #expect(initiator.awaiting == .mm4)
        guard case .send(let mm4) = try responder.receive(ISAKMPMessage(parsing: mm3)) else { throw TestFailure() }
        guard case .send(let mm5) = try initiator.receive(ISAKMPMessage(parsing: mm4)) else { throw TestFailure() }
        #expect(initiator.awaiting == .mm6)
        guard case .established(let responderSA, let mm6?) = try responder.receive(ISAKMPMessage(parsing: mm5)) else {
            throw TestFailure()
        }
        guard case .established(let initiatorSA, nil) = try initiator.receive(ISAKMPMessage(parsing: mm6)) else {
            throw TestFailure()
        }
        return (initiatorSA, responderSA)
    }

    struct TestFailure: Error {}

    @Test(arguments: [
        Phase1Proposal(encryption: .tripleDES, hash: .md5, group: .modp768),
        Phase1Proposal(encryption: .aes(keyBits: 256), hash: .sha256, group: .modp1536),
    ])
    func mainModeDerivesTheSameKeysOnBothSides(proposal: Phase1Proposal) throws {
        let (i, r) = try Self.mainMode(proposal)
        #expect(i.keys.skeyidD == r.keys.skeyidD)
        #expect(i.keys.skeyidA == r.keys.skeyidA)
        #expect(i.keys.skeyidE == r.keys.skeyidE)
        #expect(i.keys.encryptionKey.count == proposal.blockCipher.keySize)
        #expect(i.lastIV == r.lastIV)
        #expect(i.lastIV.count == proposal.encryption.blockSize)
        #expect(i.peerIdentity == .address(Self.b.address) && r.peerIdentity == .address(Self.a.address))
        #expect("\(i.keys.skeyidA)" == "<redacted>")
    }

    /// charon puts INITIAL-CONTACT into MM5 (issue 20: a restarted charon's stale SAs stayed at Raccoon, which
    /// looked for it only in an informational exchange): the responder's SA records it; without it, it does not.
    @Test func initialContactInMM5IsRecorded() throws {
        let proposal = Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024)
        let (_, withIC) = try Self.mainMode(proposal, initialContactInMM5: true)
        #expect(withIC.peerSentInitialContact)
        let (initiatorSA, without) = try Self.mainMode(proposal)
        #expect(!without.peerSentInitialContact && !initiatorSA.peerSentInitialContact)
    }

    @Test func mainModeRejectsAStrayMessageAtEveryStage() throws {
        let proposal = Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024)
        var initiator = MainModeInitiator(
            parameters: Self.parameters(local: Self.a, remote: Self.b, seed: 1, proposal: proposal),
            initiatorCookie: Cookie(rawValue: 7))
        let mm1 = try ISAKMPMessage(parsing: initiator.start())
        // Our own MM1 reflected back is not an MM2.
        if case .ignore = try initiator.receive(mm1) {} else { Issue.record("a reflected MM1 must be ignored") }
        #expect(initiator.awaiting == .mm2)
    }

    @Test func quickModeDerivesMirroredKeys() throws {
        let proposal = Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024)
        let (i, r) = try Self.mainMode(proposal)
        let transform = Phase2Transform(
            encryption: .aes(keyBits: 256), authentication: .hmacSHA256, mode: .tunnel, lifetimeSeconds: 600,
            pfsGroup: .modp1024, securityContext: SecurityLabel("system_u:system_r:kernel_t:s0"))
        let offer = QuickModeInitiator.Offer(
            ourSPI: 0xaaaa, transforms: [transform], pfsGroup: .modp1024,
            identities: (ClientSelector(address: IPAddress("10.1.0.0")!, prefixLength: 16), ClientSelector(address: IPAddress("10.2.0.0")!, prefixLength: 16)),
            nonceSize: 16, securityContextAttributeType: 10)
        var initiator = QuickModeInitiator(phase1: i, messageID: MessageID(rawValue: 0x01020304), offer: offer, random: SeededRandom(seed: 5))
        let qm1 = try ISAKMPMessage(parsing: initiator.start())
        let request = try QuickModeResponder.parseRequest(r, qm1, securityContextAttributeType: 10)
        #expect(request.label == transform.securityContext)
        #expect(request.identities?.initiator == ClientSelector(address: IPAddress("10.1.0.0")!, prefixLength: 16))
        let choice = try Phase2Selection.select(offers: request.offers, ours: [transform], rule: .strict).get()
        var responder = try QuickModeResponder(
            phase1: r, request: request, choice: choice, ourSPI: 0xbbbb, nonceSize: 16, securityContextAttributeType: 10,
            random: SeededRandom(seed: 6))
        guard case .complete(let qm3, let mine) = try initiator.receive(ISAKMPMessage(parsing: responder.firstReply)) else {
            throw TestFailure()
        }
        guard case .complete(let theirs) = try responder.receive(ISAKMPMessage(parsing: qm3)) else { throw TestFailure() }
        #expect(mine.ourSPI == theirs.peerSPI && mine.peerSPI == theirs.ourSPI)
        #expect(mine.inboundKeys.encryption == theirs.outboundKeys.encryption)
        #expect(mine.inboundKeys.authentication == theirs.outboundKeys.authentication)
        #expect(mine.outboundKeys.encryption == theirs.inboundKeys.encryption)
        #expect(mine.inboundKeys.encryption != mine.outboundKeys.encryption)
        #expect(mine.inboundKeys.encryption.count == 32 && mine.inboundKeys.authentication.count == 32)
        // A tampered QM3 (one ciphertext byte flipped) fails HASH(3) or decryption.
        var responder2 = try QuickModeResponder(
            phase1: r, request: request, choice: choice, ourSPI: 0xbbbb, nonceSize: 16, securityContextAttributeType: 10,
            random: SeededRandom(seed: 6))
        var tampered = qm3
        tampered[tampered.count - 1] ^= 0x01
        #expect(throws: Phase2Error.self) { _ = try responder2.receive(ISAKMPMessage(parsing: tampered)) }
    }

    /// QM1 without IDs (transport mode between the ISAKMP peers): a responder that still returns IDci/IDcr, as
    /// charon does, is accepted when they name the two ISAKMP addresses (RFC 2409 §5.5) and refused otherwise.
    @Test(arguments: [
        (["192.0.2.1", "192.0.2.2"], true),
        (["192.0.2.2", "192.0.2.1"], false),
        (["192.0.2.1", "198.51.100.7"], false),
        (["192.0.2.1"], false),
    ])
    func quickModeWithoutIDsAcceptsOnlyTheImpliedIDsBack(returned: [String], accepted: Bool) throws {
        let proposal = Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024)
        let (i, r) = try Self.mainMode(proposal)
        let transform = Phase2Transform(
            encryption: .aes(keyBits: 128), authentication: .hmacSHA1, mode: .transport, lifetimeSeconds: 600,
            pfsGroup: nil, securityContext: nil)
        let offer = QuickModeInitiator.Offer(
            ourSPI: 0xaaaa, transforms: [transform], pfsGroup: nil, identities: nil, nonceSize: 16,
            securityContextAttributeType: 10)
        var initiator = QuickModeInitiator(phase1: i, messageID: MessageID(rawValue: 9), offer: offer, random: SeededRandom(seed: 5))
        var request = try QuickModeResponder.parseRequest(r, ISAKMPMessage(parsing: initiator.start()), securityContextAttributeType: 10)
        #expect(request.identityPayloads.isEmpty)
        request.identityPayloads = returned.map { ClientSelector(address: IPAddress($0)!).identificationPayload }
        let choice = try Phase2Selection.select(offers: request.offers, ours: [transform], rule: .strict).get()
        let responder = try QuickModeResponder(
            phase1: r, request: request, choice: choice, ourSPI: 0xbbbb, nonceSize: 16, securityContextAttributeType: 10,
            random: SeededRandom(seed: 6))
        let qm2 = try ISAKMPMessage(parsing: responder.firstReply)
        if accepted {
            guard case .complete = try initiator.receive(qm2) else { throw TestFailure() }
        } else {
            #expect(throws: Phase2Error.invalidIdentification("mismatched IDci/IDcr was returned")) { try initiator.receive(qm2) }
        }
    }
}
