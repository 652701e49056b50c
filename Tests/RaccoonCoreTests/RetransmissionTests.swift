import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Loss, duplication, reordering, stray messages and bounds")
struct RetransmissionTests {
    /// The number of datagrams of a clean MM + QM run (MM1…MM6, two INITIAL-CONTACTs, QM1…QM3).
    static let cleanRunLength = 11

    @Test(arguments: 1...cleanRunLength)
    func firstCopyOfOneMessageLost(index: Int) {
        let pair = HostPair()
        pair.bed.network.interceptor = { $0.index == index ? .drop : .deliver }
        pair.pingFromA()
        pair.bed.advance(by: .seconds(60))
        pair.expectMirroredSAs()
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        #expect(pair.a.engine.negotiatingPhase2Count == 0 && pair.b.engine.negotiatingPhase2Count == 0)
    }

    @Test func everyDatagramDuplicated() {
        let pair = HostPair()
        pair.bed.network.interceptor = { _ in .duplicate }
        pair.pingFromA()
        pair.bed.advance(by: .seconds(60))
        pair.expectMirroredSAs()
        #expect(pair.b.logged("the packet is retransmitted by 10.0.0.1[500]"))
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        #expect(pair.b.engine.halfOpenPhase1Count == 0)
    }

    @Test(arguments: 1...(cleanRunLength - 1))
    func oneMessageDelayedBehindTheNext(index: Int) {
        let pair = HostPair()
        pair.bed.network.interceptor = { $0.index == index ? .hold : .deliver }
        pair.pingFromA()
        pair.bed.run()
        pair.bed.network.releaseHeld()
        pair.bed.advance(by: .seconds(60))
        pair.expectMirroredSAs()
        #expect(pair.a.engine.negotiatingPhase2Count == 0 && pair.b.engine.negotiatingPhase2Count == 0)
    }

    @Test func exhaustedRetransmissionsEndCleanly() {
        let pair = HostPair()
        pair.bed.network.interceptor = { _ in .drop }
        pair.pingFromA()
        pair.bed.advance(by: .seconds(200))
        // racoon: the first send and 5 resends 10 s apart, then "phase1 negotiation failed due to time up".
        #expect(pair.bed.network.transcript.count == 6)
        #expect(pair.a.logged("phase2 negotiation failed due to time up waiting for phase1"))
        #expect(pair.a.logged("phase1 negotiation failed due to time up"))
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.a.engine.negotiatingPhase1Count == 0 && pair.a.engine.negotiatingPhase2Count == 0)
        #expect(pair.a.engine.armedTimerCount == 0)
        #expect(pair.bed.scheduler.pending.isEmpty)
    }

    @Test func respondersGiveUpAfterTheirRetransmissions() {
        let pair = HostPair()
        // B's answers never arrive: B retransmits MM2, then drops the half-open negotiation.
        pair.bed.network.interceptor = { $0.datagram.local.address == HostPair.addressB ? .drop : .deliver }
        pair.pingFromA()
        pair.bed.advance(by: .seconds(200))
        #expect(pair.b.engine.negotiatingPhase1Count == 0)
        #expect(pair.b.engine.halfOpenPhase1Count == 0)
        #expect(pair.b.engine.armedTimerCount == 0)
        #expect(pair.a.engine.armedTimerCount == 0)
    }

    @Test func halfOpenPhase1IsBounded() throws {
        let pair = HostPair(b: HostPair.configuration(peer: HostPair.addressA, halfOpen: (6, 4)))
        // A flood of first messages from A's address with fresh cookies.
        let sa = try #require(Self.firstMessage(cookie: 1))
        for cookie in 1...10 {
            var bytes = sa
            bytes.replaceSubrange(0..<8, with: Cookie(rawValue: UInt64(cookie)).bytes)
            pair.bed.network.inject(Datagram(local: pair.a.endpoint, remote: pair.b.endpoint, bytes: bytes))
        }
        pair.bed.run()
        #expect(pair.b.engine.halfOpenPhase1Count == 4)
        #expect(pair.b.logged("half-open phase-1 negotiations with 10.0.0.1 already (limit 4)"))
        pair.bed.advance(by: .seconds(200))
        #expect(pair.b.engine.halfOpenPhase1Count == 0)
        #expect(pair.b.engine.negotiatingPhase1Count == 0)
        #expect(pair.b.engine.armedTimerCount == 0)
        // A real negotiation still succeeds afterwards.
        pair.pingFromA()
        pair.bed.advance(by: .seconds(1))
        pair.expectMirroredSAs()
    }

    /// The MM1 A would send, captured from a clean run.
    static func firstMessage(cookie: UInt64) -> [UInt8]? {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run()
        return pair.bed.network.transcript.first?.datagram.bytes
    }

    @Test(arguments: 1...cleanRunLength)
    func replaysAndForgeriesAtEveryStage(stage: Int) throws {
        try Self.replaysAndForgeries(stage: stage, mode: .main, length: Self.cleanRunLength)
    }

    /// AM1…AM3, two INITIAL-CONTACTs, QM1…QM3.
    @Test(arguments: 1...8)
    func replaysAndForgeriesAtEveryAggressiveModeStage(stage: Int) throws {
        try Self.replaysAndForgeries(stage: stage, mode: .aggressive, length: 8)
    }

    static func replaysAndForgeries(stage: Int, mode: Phase1ExchangeMode, length: Int) throws {
        func makePair() -> HostPair {
            let remote = HostPair.remote(modes: [mode])
            return HostPair(
                a: HostPair.configuration(remote: remote, peer: HostPair.addressB),
                b: HostPair.configuration(remote: remote, peer: HostPair.addressA))
        }
        let clean = makePair()
        clean.pingFromA()
        clean.bed.run()
        let transcript = clean.bed.network.transcript.map(\.datagram)
        try #require(transcript.count == length)

        let pair = makePair()
        pair.pingFromA()
        pair.bed.run(until: { pair.bed.network.transcript.count >= stage })
        // Replay everything seen so far, in order, to both sides.
        for datagram in transcript.prefix(stage) {
            pair.bed.network.inject(datagram)
            // The same message reflected back at its sender.
            pair.bed.network.inject(Datagram(local: datagram.remote, remote: datagram.local, bytes: datagram.bytes))
        }
        // A forged encrypted message on the current cookies, and one with unknown cookies.
        let current = try ISAKMPMessage(parsing: transcript[stage - 1].bytes)
        for exchange in [current.header.exchangeType, .quickMode, .informational] {
            var header = current.header
            header.exchangeType = exchange
            header.messageID = exchange == .quickMode || exchange == .informational ? MessageID(rawValue: 0x1234_5678) : .zero
            let forged = ISAKMPMessage(header: header, encryptedBody: Array(repeating: 0x5a, count: 48), firstPayload: .hash)
            let original = transcript[stage - 1]
            pair.bed.network.inject(Datagram(local: original.local, remote: original.remote, bytes: forged.serialized()))
            pair.bed.network.inject(Datagram(local: original.remote, remote: original.local, bytes: forged.serialized()))
        }
        var stranger = current.header
        stranger.initiatorCookie = Cookie(rawValue: 0xdead_beef)
        stranger.responderCookie = Cookie(rawValue: 0xfeed)
        let strangerMessage = ISAKMPMessage(header: stranger, encryptedBody: Array(repeating: 1, count: 16), firstPayload: .hash)
        pair.bed.network.inject(Datagram(local: pair.a.endpoint, remote: pair.b.endpoint, bytes: strangerMessage.serialized()))
        pair.bed.advance(by: .seconds(120))
        pair.expectMirroredSAs()
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        #expect(pair.a.engine.establishedPhase2Count == 1 && pair.b.engine.establishedPhase2Count == 1)
        #expect(pair.a.engine.negotiatingPhase1Count == 0 && pair.b.engine.negotiatingPhase1Count == 0)
        #expect(pair.a.engine.negotiatingPhase2Count == 0 && pair.b.engine.negotiatingPhase2Count == 0)
        #expect(pair.b.engine.halfOpenPhase1Count == 0)
    }
}
