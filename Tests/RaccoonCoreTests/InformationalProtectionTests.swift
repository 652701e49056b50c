import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Informational protection")
struct InformationalProtectionTests {
    @Test func unencryptedDeleteAfterTheKeyExchangeIsRefused() throws {
        let pair = LifecycleTests.established()
        let mm1 = try ISAKMPMessage(parsing: try #require(pair.bed.network.transcript.first).datagram.bytes)
        let mm2 = try ISAKMPMessage(parsing: pair.bed.network.transcript[1].datagram.bytes)
        let cookies = mm1.header.initiatorCookie.bytes + mm2.header.responderCookie.bytes
        let header = ISAKMPHeader(
            initiatorCookie: mm1.header.initiatorCookie, responderCookie: mm2.header.responderCookie,
            exchangeType: .informational, messageID: MessageID(rawValue: 7))
        let forged = ISAKMPMessage(header: header, payloads: [.delete(DeletePayload(protocolID: .isakmp, spis: [cookies]))])
        pair.bed.network.inject(Datagram(local: pair.b.endpoint, remote: pair.a.endpoint, bytes: forged.serialized()))
        pair.bed.run()
        #expect(pair.a.logged("must be encrypted (CVE-2007-1841)"))
        #expect(pair.a.engine.establishedPhase1Count == 1)
        pair.expectMirroredSAs()
    }

    @Test func phase1IsRenegotiatedBeforeItExpiresWhilePhase2Lives() {
        let proposal = Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024, lifetimeSeconds: 600)
        let remote = HostPair.remote([proposal])
        let pair = HostPair(
            a: HostPair.configuration(remote: remote, peer: HostPair.addressB),
            b: HostPair.configuration(remote: remote, peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        pair.bed.advance(by: .seconds(481))
        #expect(pair.a.logged("is dying"))
        #expect(pair.a.engine.establishedPhase1Count == 2)
        pair.bed.advance(by: .seconds(120))
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        #expect(pair.a.engine.establishedPhase2Count == 1)
    }
}
