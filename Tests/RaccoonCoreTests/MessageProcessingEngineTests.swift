import ISAKMP
import RaccoonCore
import RaccoonTestSupport
import Testing

/// RFC 2408 §5.1 and RFC 2409 §5 through the whole engine (docs/conformance.md): a first message that breaks them
/// starts no negotiation and draws no reply, and the same message without the fault then negotiates.
@Suite("Message processing (RFC 2408 §5, RFC 2409 §5)")
struct MessageProcessingEngineTests {
    /// A's real MM1 to B, from a clean negotiation.
    func firstMessage() throws -> ISAKMPMessage {
        let clean = HostPair()
        clean.pingFromA()
        clean.bed.run()
        return try ISAKMPMessage(parsing: try #require(clean.bed.network.transcript.first).datagram.bytes)
    }

    func expectRefused(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let pair = HostPair()
        pair.bed.network.inject(Datagram(local: pair.a.endpoint, remote: pair.b.endpoint, bytes: bytes))
        pair.bed.run()
        #expect(pair.b.engine.negotiatingPhase1Count == 0, sourceLocation: sourceLocation)
        #expect(pair.bed.network.transcript.isEmpty, "B answered", sourceLocation: sourceLocation)
        // The control: a real negotiation between the same two hosts.
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs(sourceLocation: sourceLocation)
    }

    /// RFC 2408 §5.1: an unassigned or private-use payload type discards the message (racoon drops it too);
    /// before the fix the MM1 was answered as if the payload were not there.
    @Test(arguments: [UInt8(33), 140, 200])
    func aFirstMessageWithAnInvalidPayloadTypeIsDropped(type: UInt8) throws {
        let mm1 = try firstMessage()
        let tampered = ISAKMPMessage(
            header: mm1.header, payloads: mm1.payloads + [.unknown(type: PayloadType(rawValue: type), body: [0, 0, 0, 0])])
        expectRefused(tampered.serialized())
    }

    /// RFC 2409 §5: in phase 1 the SA payload precedes every other payload, and there is only one.
    @Test func aFirstMessageWhoseSAIsNotFirstOrNotAloneIsDropped() throws {
        let mm1 = try firstMessage()
        let sa = try #require(mm1.payloads.first)
        let vendorID = Payload.vendorID(VendorIDPayload(vendorID: [1, 2, 3, 4]))
        expectRefused(ISAKMPMessage(header: mm1.header, payloads: [vendorID] + mm1.payloads).serialized())
        expectRefused(ISAKMPMessage(header: mm1.header, payloads: mm1.payloads + [sa]).serialized())
    }

    /// RFC 2408 §5.5 step 1: a phase-1 proposal for another protocol than PROTO_ISAKMP gets INVALID-PROTOCOL-ID.
    @Test func aPhase1ProposalForAnotherProtocolGetsInvalidProtocolID() throws {
        var bytes = try firstMessage().serialized()
        #expect(bytes[28 + 4 + 13] == 1)  // header, SA generic header, DOI, situation, proposal header, number
        bytes[28 + 4 + 13] = 77
        let pair = HostPair()
        pair.bed.network.inject(Datagram(local: pair.a.endpoint, remote: pair.b.endpoint, bytes: bytes))
        pair.bed.run()
        let notifies = pair.bed.network.transcript.compactMap { try? ISAKMPMessage(parsing: $0.datagram.bytes) }
            .flatMap(\.payloads).compactMap { payload -> NotifyMessageType? in
                if case .notification(let n) = payload { return n.notifyType }
                return nil
            }
        #expect(notifies == [.invalidProtocolID])
        #expect(pair.b.engine.negotiatingPhase1Count == 0)
    }
}
