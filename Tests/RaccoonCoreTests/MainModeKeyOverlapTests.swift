import RaccoonCore
import RaccoonTestSupport
import Testing

/// The Main Mode responder sends MM4 before it computes g^xy (issue 21): MM4 carries only its public value and
/// nonce, so its derivation overlaps the initiator's, which must finish before MM5 anyway.
@Suite("The Main Mode responder's key derivation overlaps the initiator's")
struct MainModeKeyOverlapTests {
    /// B's lines of the readable transcript, from the batch that answers MM3 on.
    static func responderLines(_ pair: HostPair) throws -> [String] {
        let lines = try #require(pair.bed.transcript).lines
        let mm3 = try #require(lines.firstIndex { $0.contains("B <- datagram") && $0.hasSuffix("[KE, NONCE]") })
        return Array(lines[mm3...])
    }

    @Test func mm4GoesOutBeforeTheKeysAreDerived() throws {
        let pair = HostPair()
        pair.bed.recordTranscript()
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        let lines = try Self.responderLines(pair)
        let mm4 = try #require(lines.firstIndex { $0.contains("send 10.0.0.2[500] -> 10.0.0.1[500]") && $0.hasSuffix("[KE, NONCE]") })
        let pending = try #require(lines.firstIndex { $0.hasSuffix("deferred work pending") })
        let due = try #require(lines.firstIndex { $0.hasSuffix("B <- deferred work due") })
        let keys = try #require(lines.firstIndex { $0.hasSuffix("keys derived for ikev1_decryption_table") })
        #expect(mm4 < pending && pending < due && due < keys)
        // The batch that sends MM4 derives nothing: no key-log row before the deferred work.
        #expect(!lines[..<due].contains { $0.contains("keys derived") })
        #expect(pair.b.keyLog.count == 1 + 2)
    }

    /// A driver that never hands in the deferred work loses nothing but latency: MM5 derives the keys.
    @Test func withoutTheDeferredWorkMM5DerivesTheKeys() throws {
        let pair = HostPair()
        pair.bed.runsDeferredWork = false
        pair.bed.recordTranscript()
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        #expect(pair.a.engine.establishedPhase1Count == 1 && pair.b.engine.establishedPhase1Count == 1)
        let lines = try Self.responderLines(pair)
        #expect(lines.contains { $0.hasSuffix("deferred work pending") })
        #expect(!lines.contains { $0.hasSuffix("deferred work due") })
        // The key log still gets the ISAKMP SA's row.
        #expect(pair.b.keyLog.count == 1 + 2)
    }
}
