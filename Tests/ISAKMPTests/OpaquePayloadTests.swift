import Testing

@testable import ISAKMP

/// The shared reading and writing of the opaque-body payloads (KE, HASH, SIG, NONCE, VID; RFC 2408 §3.7, §3.11 to
/// §3.13, §3.16): the body is every byte the Payload Length bounds, kept and written back unchanged.
@Suite struct OpaquePayloadTests {
    static let bodies: [[UInt8]] = [[], [0x00], [0xde, 0xad, 0xbe, 0xef], [UInt8](repeating: 0x5a, count: 300)]

    /// Parses `body` as `T`'s body, checks the data, and writes it back.
    func roundTrip<T: OpaquePayload>(_: T.Type, _ body: [UInt8]) throws -> [UInt8] {
        var reader = WireReader(body)
        let payload = try T(parsing: &reader)
        #expect(reader.isAtEnd)
        #expect(payload.opaqueBody == body)
        #expect(payload == T(opaqueBody: body))
        var writer = WireWriter(reservingCapacity: body.count)
        payload.write(into: &writer)
        return writer.bytes
    }

    @Test(arguments: bodies)
    func everyOpaquePayloadKeepsItsBodyExactly(_ body: [UInt8]) throws {
        #expect(try roundTrip(KeyExchangePayload.self, body) == body)
        #expect(try roundTrip(HashPayload.self, body) == body)
        #expect(try roundTrip(SignaturePayload.self, body) == body)
        #expect(try roundTrip(NoncePayload.self, body) == body)
        #expect(try roundTrip(VendorIDPayload.self, body) == body)
    }

    @Test func namedFieldsAreTheOpaqueBody() {
        let body: [UInt8] = [1, 2, 3]
        #expect(KeyExchangePayload(keyExchangeData: body).opaqueBody == body)
        #expect(HashPayload(hashData: body).opaqueBody == body)
        #expect(SignaturePayload(signatureData: body).opaqueBody == body)
        #expect(NoncePayload(nonceData: body).opaqueBody == body)
        #expect(VendorIDPayload(vendorID: body).opaqueBody == body)
        #expect(NoncePayload(opaqueBody: body).nonceData == body)
    }

    @Test func payloadTypesAreTheRFCValues() {
        #expect(KeyExchangePayload.payloadType.rawValue == 4)
        #expect(HashPayload.payloadType.rawValue == 8)
        #expect(SignaturePayload.payloadType.rawValue == 9)
        #expect(NoncePayload.payloadType.rawValue == 10)
        #expect(VendorIDPayload.payloadType.rawValue == 13)
    }

    @Test func aBoundedReaderStopsTheBodyAtThePayloadLength() throws {
        // The body ends where the parent's sub-reader ends, not at the end of the datagram.
        var outer = WireReader([9, 8, 7, 6, 5])
        var bounded = try outer.readSubReader(length: 3)
        let nonce = try NoncePayload(parsing: &bounded)
        #expect(nonce.nonceData == [9, 8, 7])
        #expect(outer.remaining == 2)
    }
}
