import Testing

@testable import ISAKMP

/// The one reader and writer of the generic payload header (RFC 2408 §3.2) used by payload chains, SA payloads
/// (their proposals) and proposals (their transforms).
@Suite struct GenericPayloadHeaderTests {
    @Test func readReturnsNextPayloadAndABodyBoundedByTheLength() throws {
        // Next = NONCE (10), RESERVED 0, Length 6: a 2-byte body; two more bytes belong to the parent.
        var reader = WireReader([10, 0, 0, 6, 0xaa, 0xbb, 0xcc, 0xdd])
        let header = try GenericPayloadHeader.read(.hash, minimumLength: 4, from: &reader)
        #expect(header.next == .nonce)
        var body = header.body
        #expect(body.readRemainingBytes() == [0xaa, 0xbb])
        #expect(reader.remaining == 2)
    }

    @Test func nonZeroReservedThrowsForThePayloadBeingRead() {
        var reader = WireReader([0, 1, 0, 4])
        #expect(throws: ISAKMPParseError.reservedNotZero(.transform)) {
            _ = try GenericPayloadHeader.read(.transform, minimumLength: 8, from: &reader)
        }
    }

    @Test func lengthBelowTheFixedPartThrows() {
        var reader = WireReader([0, 0, 0, 7, 1, 2, 3])
        #expect(throws: ISAKMPParseError.payloadLengthTooShort(type: .proposal, length: 7)) {
            _ = try GenericPayloadHeader.read(.proposal, minimumLength: 8, from: &reader)
        }
    }

    @Test func lengthPastTheParentThrows() {
        var reader = WireReader([0, 0, 0, 9, 1, 2, 3, 4])
        #expect(throws: ISAKMPParseError.payloadExceedsParent(type: .nonce, length: 9)) {
            _ = try GenericPayloadHeader.read(.nonce, minimumLength: 4, from: &reader)
        }
    }

    @Test func writeFillsThePayloadLengthAndReadsBack() throws {
        var writer = WireWriter()
        writer.writeBytes([0xff])  // a parent's byte before the header
        GenericPayloadHeader.write(next: .transform, into: &writer) { $0.writeBytes([1, 2, 3]) }
        #expect(writer.bytes == [0xff, 3, 0, 0, 7, 1, 2, 3])
        var reader = WireReader(Array(writer.bytes.dropFirst()))
        let header = try GenericPayloadHeader.read(.transform, minimumLength: 4, from: &reader)
        #expect(header.next == .transform)
        #expect(reader.isAtEnd)
    }
}
