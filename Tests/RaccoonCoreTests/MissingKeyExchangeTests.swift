import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

/// CVE-2005-3732 (ipsec-tools before 0.6.3): racoon dereferenced the KE and nonce of an Aggressive Mode first
/// message, or of a Main Mode third message, without checking they were there. Here a responder B that already
/// holds an ISAKMP SA and IPsec SAs with A receives, from a third host C, a well-formed AM1 or MM3 that lacks its
/// KE, its nonce or both (RFC 2409 §5: both are required in those messages).
///
/// Expected (RFC 2408 §5 and §3.14.1): no crash; a first message with a payload missing is refused with an
/// unprotected PAYLOAD-MALFORMED notify and leaves no record; an MM3 without KE is dropped silently (it is taken for
/// a stray, and the negotiation waits for the real MM3); an MM3 with a KE but no nonce ends the negotiation with
/// PAYLOAD-MALFORMED. Whatever is left ends by its timers, and A's SAs are never touched.
@Suite("Missing KE/NONCE (CVE-2005-3732)")
struct MissingKeyExchangeTests {
    static let a = IPAddress("10.0.0.1")!
    static let b = IPAddress("10.0.0.2")!
    static let c = IPAddress("10.0.0.3")!

    enum Outcome: Sendable { case payloadMalformed, silentDrop }

    struct Case: Sendable, CustomTestStringConvertible {
        var mode: Phase1ExchangeMode
        var removed: [PayloadType]
        var outcome: Outcome
        var testDescription: String { "\(mode == .main ? "MM3" : "AM1") without \(removed)" }
    }

    static let cases: [Case] = [
        Case(mode: .aggressive, removed: [.keyExchange], outcome: .payloadMalformed),
        Case(mode: .aggressive, removed: [.nonce], outcome: .payloadMalformed),
        Case(mode: .aggressive, removed: [.keyExchange, .nonce], outcome: .payloadMalformed),
        Case(mode: .main, removed: [.keyExchange], outcome: .silentDrop),
        Case(mode: .main, removed: [.nonce], outcome: .payloadMalformed),
        Case(mode: .main, removed: [.keyExchange, .nonce], outcome: .silentDrop),
    ]

    static func configuration(modes: [Phase1ExchangeMode], peers: [IPAddress]) -> EngineConfiguration {
        EngineConfiguration(
            remotes: [
                RemotePolicy(
                    address: nil, exchangeModes: modes,
                    proposals: [Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024)])
            ],
            saInfos: [HostPair.saInfo()],
            preSharedKeys: PreSharedKeyTable(Dictionary(uniqueKeysWithValues: peers.map { ("\($0)", Array("s3cret".utf8)) })))
    }

    static func addPolicies(_ node: EngineTestbed.Node, between me: IPAddress, and peer: IPAddress) {
        let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
        for (direction, source, destination) in [(IPsecPolicyDirection.outbound, me, peer), (.inbound, peer, me)] {
            node.kernel.addPolicy(
                direction: direction,
                selector: TrafficSelector(
                    source: source, sourcePrefixLength: 32, destination: destination,
                    destinationPrefixLength: 32, upperLayerProtocol: 255),
                requests: [esp])
        }
    }

    /// The message under test: C's AM1, or C's MM3 (unencrypted, CKY-R known).
    static func isTarget(_ bytes: [UInt8], mode: Phase1ExchangeMode) -> Bool {
        guard let message = try? ISAKMPMessage(parsing: bytes) else { return false }
        let header = message.header
        switch mode {
        case .aggressive: return header.exchangeType == .aggressive && header.responderCookie.isZero
        case .main:
            return header.exchangeType == .identityProtection && !header.responderCookie.isZero
                && message.encryptedBody == nil
        }
    }

    @Test(arguments: cases)
    func aFirstOrThirdMessageWithoutKEOrNonce(_ testCase: Case) throws {
        let bed = EngineTestbed()
        let nodeA = bed.addNode(
            name: "A", address: Self.a, configuration: Self.configuration(modes: [.main], peers: [Self.b]),
            random: SeededRandom(seed: 1), firstSPI: 0x0a00_0000, pid: 1)
        let nodeB = bed.addNode(
            name: "B", address: Self.b, configuration: Self.configuration(modes: [.main, .aggressive], peers: [Self.a, Self.c]),
            random: SeededRandom(seed: 2), firstSPI: 0x0b00_0000, pid: 2)
        let nodeC = bed.addNode(
            name: "C", address: Self.c, configuration: Self.configuration(modes: [testCase.mode], peers: [Self.b]),
            random: SeededRandom(seed: 3), firstSPI: 0x0c00_0000, pid: 3)
        Self.addPolicies(nodeA, between: Self.a, and: Self.b)
        Self.addPolicies(nodeB, between: Self.b, and: Self.a)
        Self.addPolicies(nodeB, between: Self.b, and: Self.c)
        Self.addPolicies(nodeC, between: Self.c, and: Self.b)
        bed.run()
        _ = nodeA.kernel.injectOutboundPacket(source: Self.a, destination: Self.b)
        bed.run()
        #expect(nodeB.engine.establishedPhase1Count == 1 && nodeB.engine.establishedPhase2Count == 1)
        let established = nodeB.kernel.keyed
        #expect(established.count == 2)

        // C's real message never arrives (nor its retransmissions); a copy without the payloads does.
        let mode = testCase.mode
        bed.network.interceptor = { transmission in
            transmission.datagram.local.address == Self.c && Self.isTarget(transmission.datagram.bytes, mode: mode)
                ? .drop : .deliver
        }
        _ = nodeC.kernel.injectOutboundPacket(source: Self.c, destination: Self.b)
        bed.run()
        let real = try #require(bed.network.transcript.first {
            $0.datagram.local.address == Self.c && Self.isTarget($0.datagram.bytes, mode: mode)
        }).datagram
        let message = try ISAKMPMessage(parsing: real.bytes)
        let kept = message.payloads.filter { !testCase.removed.contains($0.payloadType) }
        #expect(kept.count == message.payloads.count - testCase.removed.count, "the real message had KE and nonce")
        let forged = ISAKMPMessage(header: message.header, payloads: kept).serialized()
        let sentBefore = bed.network.transcript.count
        bed.network.inject(Datagram(local: real.local, remote: real.remote, bytes: forged))
        bed.run()

        let replies = bed.network.transcript[sentBefore...].map(\.datagram).filter { $0.local.address == Self.b }
        let lacking = try #require(testCase.removed.first)
        switch testCase.outcome {
        case .payloadMalformed:
            #expect(replies.count == 1)
            let reply = try ISAKMPMessage(parsing: try #require(replies.first).bytes)
            #expect(reply.header.exchangeType == .informational && reply.encryptedBody == nil)
            guard case .notification(let notify)? = reply.payloads.first else {
                Issue.record("no Notify in \(reply.payloads)")
                return
            }
            #expect(notify.notifyType == .payloadMalformed && notify.protocolID == .isakmp)
            #expect(Array(notify.spi.prefix(8)) == message.header.initiatorCookie.bytes)
            #expect(nodeB.logged("\(mode == .main ? "MM3" : "AM1") lacks its \(lacking) payload"))
            // No record, no half-open slot: nothing holds memory for C.
            #expect(nodeB.engine.negotiatingPhase1Count == 0 && nodeB.engine.halfOpenPhase1Count == 0)
        case .silentDrop:
            #expect(replies.isEmpty, "\(replies.count) replies")
            #expect(nodeB.logged("a message without KE while awaiting MM3"))
            // The negotiation waits for the real MM3, within its half-open slot.
            #expect(nodeB.engine.negotiatingPhase1Count == 1 && nodeB.engine.halfOpenPhase1Count == 1)
        }
        #expect(nodeB.engine.establishedPhase1Count == 1 && nodeB.engine.establishedPhase2Count == 1)
        #expect(nodeB.kernel.keyed == established, "A's IPsec SAs changed")

        // Once every timer ran, nothing is left for C, and A's SAs are as they were.
        bed.advance(by: .seconds(300))
        #expect(nodeB.engine.negotiatingPhase1Count == 0 && nodeB.engine.halfOpenPhase1Count == 0)
        #expect(nodeB.engine.negotiatingPhase2Count == 0)
        #expect(nodeB.engine.establishedPhase1Count == 1 && nodeB.engine.establishedPhase2Count == 1)
        #expect(nodeB.kernel.keyed == established, "A's IPsec SAs changed")
        #expect(nodeC.engine.establishedPhase1Count == 0)
    }
}
