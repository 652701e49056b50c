import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Mismatches end in a notify, a log line and no SA")
struct NegotiationFailureTests {
    @Test func wrongPreSharedKey() {
        let pair = HostPair(b: HostPair.configuration(psk: "other", peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("phase 1 with 10.0.0.1[500] (Main Mode, responder) failed: MM5 does not decrypt"))
        #expect(pair.b.logged("check the pre-shared key for 10.0.0.1"))
        #expect(pair.bed.network.plainNotifies.contains { $0.from == HostPair.addressB && $0.type == .authenticationFailed })
        // A refuses the unprotected notify after the key exchange (CVE-2007-1841) and waits for its timers.
        #expect(pair.a.logged("must be encrypted"))
        pair.bed.advance(by: .seconds(120))
        #expect(pair.a.logged("phase1 negotiation failed due to time up"))
        #expect(pair.a.logged("the peer reported AUTHENTICATION-FAILED without protection: check the pre-shared key for 10.0.0.2"))
        // After reporting, B stops resending MM4: it sent MM2, MM4 and the notify, nothing more.
        let fromB = pair.bed.network.transcript.filter { $0.datagram.local.address == HostPair.addressB }
        #expect(fromB.count == 3)
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.a.engine.negotiatingPhase1Count == 0 && pair.b.engine.negotiatingPhase1Count == 0)
        #expect(pair.b.engine.halfOpenPhase1Count == 0)
        #expect(pair.a.engine.armedTimerCount == 0 && pair.b.engine.armedTimerCount == 0)
        // One log line for the failure, not one per retransmission.
        #expect(pair.b.logMessages.filter { $0.contains("MM5 does not decrypt") }.count == 1)
    }

    @Test func missingPreSharedKey() {
        var configuration = HostPair.configuration(peer: HostPair.addressA)
        configuration.preSharedKeys = PreSharedKeyTable([:])
        let pair = HostPair(b: configuration)
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("no pre-shared key for 10.0.0.1 in psk.txt"))
        #expect(pair.bed.network.plainNotifies.contains { $0.type == .authenticationFailed })
        #expect(pair.a.logged("the peer sent AUTHENTICATION-FAILED"))
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.b.engine.halfOpenPhase1Count == 0)
    }

    @Test func noCommonPhase1Proposal() {
        let theirs = HostPair.remote([Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha256, group: .modp2048)])
        let pair = HostPair(b: HostPair.configuration(remote: theirs, peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("phase 1 with 10.0.0.1[500] (Main Mode, responder) failed: no acceptable proposal: transform 1 3DES-CBC/SHA/modp1024/28800s: encryption 3DES-CBC is not ours (AES-CBC-128)"))
        #expect(pair.bed.network.plainNotifies.map(\.type) == [.noProposalChosen])
        #expect(pair.a.logged("phase 1 with 10.0.0.2[500] (Main Mode, initiator) failed: the peer sent NO-PROPOSAL-CHOSEN"))
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        #expect(pair.a.engine.armedTimerCount == 0 && pair.b.engine.armedTimerCount == 0)
    }

    @Test func phase1LifetimeLongerThanOursUnderStrict() {
        let mine = HostPair.remote([Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024, lifetimeSeconds: 86400)])
        let theirs = HostPair.remote([Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024, lifetimeSeconds: 3600)])
        let pair = HostPair(
            a: HostPair.configuration(remote: mine, peer: HostPair.addressB),
            b: HostPair.configuration(remote: theirs, peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("proposal lifetime 86400 s exceeds ours 3600 s (proposal_check strict)"))
        #expect(pair.bed.network.plainNotifies.map(\.type) == [.noProposalChosen])
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
    }

    @Test func phase2LifetimeLongerThanOursUnderStrict() {
        let pair = HostPair(
            a: HostPair.configuration(saInfo: HostPair.saInfo(lifetime: 86400), peer: HostPair.addressB),
            b: HostPair.configuration(saInfo: HostPair.saInfo(lifetime: 3600), peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("phase 2 with 10.0.0.1[500] (Quick Mode, responder) failed: no acceptable proposal: proposal 1 transform 1 ESP/Transport AES128/HMAC-SHA1 86400s: proposal lifetime 86400 s exceeds ours 3600 s (proposal_check strict)"))
        #expect(pair.b.logged("sending notify NO-PROPOSAL-CHOSEN to 10.0.0.1[500]"))
        #expect(pair.a.logged("phase 2 with 10.0.0.2[500] (Quick Mode, initiator) failed: no acceptable proposal: the peer refused with NO-PROPOSAL-CHOSEN"))
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        // Phase 1 survives; nothing of phase 2 is left behind.
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        #expect(pair.a.engine.negotiatingPhase2Count == 0 && pair.b.engine.negotiatingPhase2Count == 0)
        #expect(pair.b.kernel.larval.isEmpty || pair.b.kernel.larval.allSatisfy { $0.origin == .getSPI })
    }

    @Test func phase2LifetimeClaimShortensTheInitiators() {
        var theirRemote = HostPair.remote(check: .claim)
        theirRemote.proposalCheck = .claim
        let pair = HostPair(
            a: HostPair.configuration(saInfo: HostPair.saInfo(lifetime: 86400), peer: HostPair.addressB),
            b: HostPair.configuration(remote: theirRemote, saInfo: HostPair.saInfo(lifetime: 3600), peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        #expect(pair.a.kernel.keyed.allSatisfy { $0.hardLifetime?.addTime == 3600 })
    }

    @Test(arguments: [(DiffieHellmanGroupID?.some(.modp1024), DiffieHellmanGroupID?.none), (nil, .modp1024)])
    func pfsMismatch(initiator: DiffieHellmanGroupID?, responder: DiffieHellmanGroupID?) {
        let pair = HostPair(
            a: HostPair.configuration(saInfo: HostPair.saInfo(pfs: initiator), peer: HostPair.addressB),
            b: HostPair.configuration(saInfo: HostPair.saInfo(pfs: responder), peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("(Quick Mode, responder) failed: PFS mismatch"))
        #expect(pair.b.logged("sending notify NO-PROPOSAL-CHOSEN"))
        #expect(pair.a.logged("the peer refused with NO-PROPOSAL-CHOSEN"))
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
    }

    @Test func noSAInfo() {
        var configuration = HostPair.configuration(peer: HostPair.addressA)
        configuration.saInfos = [
            SAInfoPolicy(
                local: .network(ClientSelector(address: IPAddress("192.0.2.1")!)), remote: .anonymous,
                encryption: [.aes(keyBits: 128)], authentication: [.hmacSHA1])
        ]
        let pair = HostPair(b: configuration)
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.b.logged("failed: no sainfo matches 10.0.0.2/32[any] any 10.0.0.1/32[any] any"))
        #expect(pair.a.logged("the peer refused with NO-PROPOSAL-CHOSEN"))
    }
}
