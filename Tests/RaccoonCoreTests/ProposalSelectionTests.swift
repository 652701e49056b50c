import Testing

@testable import RaccoonCore

@Suite("proposal_check and proposal selection")
struct ProposalSelectionTests {
    static let ours = Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024, lifetimeSeconds: 3600)

    @Test(arguments: [
        (ProposalCheckRule.obey, UInt32(86400), LifetimeDecision.accept(seconds: 86400)),
        (.strict, 1800, .accept(seconds: 1800)),
        (.strict, 3600, .accept(seconds: 3600)),
        (.strict, 86400, .reject(reason: "proposal lifetime 86400 s exceeds ours 3600 s (proposal_check strict)")),
        (.claim, 86400, .claim(seconds: 3600)),
        (.claim, 60, .accept(seconds: 60)),
        (.exact, 3600, .accept(seconds: 3600)),
        (.exact, 3599, .reject(reason: "proposal lifetime 3599 s differs from ours 3600 s (proposal_check exact)")),
        // 0 s is "no expiry" (charon with rekeying off): ours applies, never an SA that expires at once.
        (.obey, 0, .accept(seconds: 3600)),
        (.strict, 0, .accept(seconds: 3600)),
        (.claim, 0, .accept(seconds: 3600)),
        (.exact, 0, .reject(reason: "proposal lifetime 0 s differs from ours 3600 s (proposal_check exact)")),
    ])
    func lifetimeRules(rule: ProposalCheckRule, peer: UInt32, expected: LifetimeDecision) {
        #expect(rule.decideLifetime(peer: peer, ours: 3600) == expected)
    }

    @Test func keyLengthRules() {
        #expect(ProposalCheckRule.obey.rejectKeyLength(peer: 128, ours: 256) == nil)
        #expect(ProposalCheckRule.strict.rejectKeyLength(peer: 256, ours: 128) == nil)
        #expect(ProposalCheckRule.strict.rejectKeyLength(peer: 128, ours: 256) != nil)
        #expect(ProposalCheckRule.claim.rejectKeyLength(peer: 128, ours: 256) != nil)
        #expect(ProposalCheckRule.exact.rejectKeyLength(peer: 256, ours: 128) != nil)
        #expect(ProposalCheckRule.exact.rejectKeyLength(peer: 128, ours: 128) == nil)
    }

    @Test func pfsRules() {
        #expect(ProposalCheckRule.obey.rejectPFSGroup(peer: 5, ours: 2) == nil)
        #expect(ProposalCheckRule.strict.rejectPFSGroup(peer: 5, ours: 2) != nil)
        #expect(ProposalCheckRule.strict.rejectPFSGroup(peer: 5, ours: 0) == nil)
        #expect(ProposalCheckRule.exact.rejectPFSGroup(peer: 5, ours: 0) != nil)
        #expect(ProposalCheckRule.claim.rejectPFSGroup(peer: 2, ours: 2) == nil)
    }

    @Test func phase1PicksFirstAcceptablePeerTransform() {
        let offers: [Phase1Selection.Offer] = [
            .init(transformNumber: 1, proposal: .failure(.init(reason: "encryption algorithm 1 (DES)"))),
            .init(
                transformNumber: 2,
                proposal: .success(.init(encryption: .tripleDES, hash: .sha1, group: .modp1024, lifetimeSeconds: 3600))),
            .init(
                transformNumber: 3,
                proposal: .success(.init(encryption: .aes(keyBits: 256), hash: .sha1, group: .modp1024, lifetimeSeconds: 600))),
        ]
        let choice = Phase1Selection.select(offers: offers, ours: [Self.ours], rule: .strict)
        let expected = Phase1Proposal(encryption: .aes(keyBits: 256), hash: .sha1, group: .modp1024, lifetimeSeconds: 600)
        #expect(choice == .success(.init(transformNumber: 3, proposal: expected, lifetimeClaimed: false)))
    }

    @Test func phase1RefusalNamesEveryReason() throws {
        let offers: [Phase1Selection.Offer] = [
            .init(
                transformNumber: 1,
                proposal: .success(.init(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024, lifetimeSeconds: 86400))),
            .init(
                transformNumber: 2,
                proposal: .success(.init(encryption: .aes(keyBits: 128), hash: .md5, group: .modp1024, lifetimeSeconds: 60))),
        ]
        guard case .failure(let refusal) = Phase1Selection.select(offers: offers, ours: [Self.ours], rule: .strict) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(refusal.reasons.count == 2)
        #expect(refusal.summary.contains("proposal lifetime 86400 s exceeds ours 3600 s (proposal_check strict)"))
        #expect(refusal.summary.contains("hash MD5 is not ours (SHA)"))
    }

    @Test func phase2ChecksContextAndPFS() {
        let mine = Phase2Transform(
            encryption: .aes(keyBits: 128), authentication: .hmacSHA1, mode: .transport, lifetimeSeconds: 3600,
            pfsGroup: .modp1024, securityContext: SecurityLabel("system_u:system_r:kernel_t:s0"))
        var peer = mine
        peer.lifetimeSeconds = 7200
        let offer = Phase2Selection.Offer(proposalNumber: 1, transformNumber: 1, spi: 0x1234, transform: .success(peer))
        #expect(
            Phase2Selection.select(offers: [offer], ours: [mine], rule: .claim)
                == .success(.init(proposalNumber: 1, transformNumber: 1, peerSPI: 0x1234, transform: mine, lifetimeClaimed: true)))
        if case .success = Phase2Selection.select(offers: [offer], ours: [mine], rule: .strict) {
            Issue.record("strict must refuse a longer lifetime")
        }
        var unlabeled = peer
        unlabeled.lifetimeSeconds = 3600
        unlabeled.securityContext = nil
        let unlabeledOffer = Phase2Selection.Offer(proposalNumber: 1, transformNumber: 1, spi: 1, transform: .success(unlabeled))
        guard case .failure(let refusal) = Phase2Selection.select(offers: [unlabeledOffer], ours: [mine], rule: .strict) else {
            Issue.record("a missing label must be refused")
            return
        }
        #expect(refusal.summary.contains("no security context but our policy is labeled"))
        var otherGroup = unlabeled
        otherGroup.securityContext = mine.securityContext
        otherGroup.pfsGroup = .modp2048
        let groupOffer = Phase2Selection.Offer(proposalNumber: 1, transformNumber: 1, spi: 1, transform: .success(otherGroup))
        if case .success = Phase2Selection.select(offers: [groupOffer], ours: [mine], rule: .strict) {
            Issue.record("strict must refuse a different PFS group")
        }
    }

    @Test func contextsIgnoreTrailingNULs() {
        #expect(SecurityLabel(context: Array("a:b:c".utf8) + [0, 0]) == SecurityLabel("a:b:c"))
        #expect(SecurityLabel("a:b:c").bytesWithNUL == Array("a:b:c".utf8) + [0])
    }

    @Test func remoteSelectionPrefersAddressOverAnonymous() {
        let peer = IPAddress("10.0.0.2")!
        let anonymous = RemotePolicy(address: nil, proposals: [Self.ours])
        let specific = RemotePolicy(address: peer, proposals: [Self.ours])
        let other = RemotePolicy(address: IPAddress("10.0.0.3")!, proposals: [Self.ours])
        #expect(RemoteSelection.select(for: peer, among: [anonymous, other, specific])?.address == peer)
        #expect(RemoteSelection.select(for: IPAddress("10.9.9.9")!, among: [other, anonymous])?.address == nil)
        #expect(RemoteSelection.select(for: IPAddress("10.9.9.9")!, among: [other]) == nil)
        #expect(
            RemoteSelection.select(for: peer, among: [specific, anonymous], accepts: { $0.address == nil })?.name
                == "anonymous")
    }

    @Test func saInfoSelectionUsesPriorityThenFileOrder() {
        let a = ClientSelector(address: IPAddress("10.0.0.1")!)
        let b = ClientSelector(address: IPAddress("10.0.0.2")!)
        let anonymous = SAInfoPolicy(lifetimeSeconds: 1, encryption: [.tripleDES], authentication: [.hmacSHA1])
        let exact = SAInfoPolicy(
            local: .network(a), remote: .network(b), lifetimeSeconds: 2, encryption: [.tripleDES],
            authentication: [.hmacSHA1])
        let withRemoteID = SAInfoPolicy(remoteID: 7, lifetimeSeconds: 3, encryption: [.tripleDES], authentication: [.hmacSHA1])
        let all = [anonymous, exact, withRemoteID]
        #expect(SAInfoSelection.select(local: a, remote: b, phase1ID: 0, among: all)?.lifetimeSeconds == 2)
        #expect(SAInfoSelection.select(local: a, remote: b, phase1ID: 7, among: all)?.lifetimeSeconds == 3)
        #expect(SAInfoSelection.select(local: nil, remote: nil, phase1ID: 0, among: all)?.lifetimeSeconds == 1)
        #expect(SAInfoSelection.select(local: b, remote: a, phase1ID: 0, among: [exact]) == nil)
    }
}
