import Testing

@testable import ISAKMP

/// RFC 2408 §5.1 and §5.3 (docs/conformance.md): the checks on every Next Payload value and generic payload
/// header that discard the whole message.
@Suite struct MessageProcessingTests {
    /// A minimal Main Mode first message: an SA payload, then `tail` (raw payloads) chained after it.
    func firstMessage(saNext: UInt8 = 0, saReserved: UInt8 = 0, tail: [UInt8] = []) -> [UInt8] {
        let sa = rawPayload(
            next: saNext,
            rawSABody(rawProposal(rawTransform([0x80, 0x01, 0x00, 0x07]))))
        var bytes = sa
        bytes[1] = saReserved
        return rawMessage(next: 1, body: bytes + tail)
    }

    @Test func aValidChainParses() throws {
        let message = try ISAKMPMessage(parsing: firstMessage(saNext: 13, tail: rawPayload(next: 0, [1, 2, 3, 4])))
        #expect(message.payloads.map(\.payloadType) == [.securityAssociation, .vendorID])
    }

    /// §5.1/§5.3 step 1: an unassigned or private-use type anywhere in the chain discards the message.
    @Test(arguments: [UInt8(15), 19, 22, 33, 99, 127, 128, 129, 133, 140, 200, 255])
    func anInvalidNextPayloadDiscardsTheMessage(type: UInt8) {
        #expect(throws: ISAKMPParseError.invalidPayloadType(PayloadType(rawValue: type))) {
            _ = try ISAKMPMessage(parsing: self.firstMessage(saNext: type, tail: rawPayload(next: 0, [0, 0, 0, 0])))
        }
        // As the header's Next Payload too.
        #expect(throws: ISAKMPParseError.invalidPayloadType(PayloadType(rawValue: type))) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: type, body: rawPayload(next: 0, [0, 0, 0, 0])))
        }
        // And in a decrypted body, where the chain is parsed on its own.
        #expect(throws: ISAKMPParseError.invalidPayloadType(PayloadType(rawValue: type))) {
            _ = try PayloadChain.parse(rawPayload(next: 0, [1, 2, 3, 4]) + [0, 0, 0], first: PayloadType(rawValue: type))
        }
        #expect(ISAKMPParseError.invalidPayloadType(PayloadType(rawValue: type)).notifyType == .invalidPayloadType)
    }

    /// The types the IPsec DOI's exchanges use stay valid: NAT-T (RFC 3947 and the drafts), fragments, and
    /// ModeCfg's Attribute payload (kept as data).
    @Test(arguments: [UInt8(14), 20, 21, 130, 131, 132])
    func assignedTypesStayValid(type: UInt8) {
        // A body each of these types accepts (shape errors would be the payload's own, never an invalid type).
        let body: [UInt8] = type == 21 || type == 131 ? [1, 0, 0, 0, 10, 0, 0, 1] : [0, 1, 1, 0, 9, 9, 9, 9]
        #expect(throws: Never.self) {
            _ = try ISAKMPMessage(parsing: self.firstMessage(saNext: type, tail: rawPayload(next: 0, body)))
        }
    }

    /// §5.3 step 2: a non-zero RESERVED octet in a generic payload header (top level, proposal or transform)
    /// discards the message.
    @Test func aNonZeroReservedOctetDiscardsTheMessage() throws {
        #expect(throws: ISAKMPParseError.reservedNotZero(.securityAssociation)) {
            _ = try ISAKMPMessage(parsing: self.firstMessage(saReserved: 1))
        }
        var proposal = rawProposal(rawTransform([0x80, 0x01, 0x00, 0x07]))
        proposal[1] = 0x80
        expectSAError(.reservedNotZero(.proposal), rawSABody(proposal))
        var transform = rawTransform([0x80, 0x01, 0x00, 0x07])
        transform[1] = 0x01
        expectSAError(.reservedNotZero(.transform), rawSABody(rawProposal(transform)))
        #expect(ISAKMPParseError.reservedNotZero(.transform).notifyType == .payloadMalformed)
        // The control: the same structures with zero RESERVED octets parse.
        #expect(throws: Never.self) { _ = try ISAKMPMessage(parsing: self.firstMessage()) }
    }

    /// RFC 2408 §3.6, §5.6: two transforms with the same number make the proposal ambiguous.
    @Test func repeatedTransformNumbersAreABadProposal() throws {
        let first = rawTransform(next: 3, number: 1, [0x80, 0x01, 0x00, 0x05])
        let second = rawTransform(next: 0, number: 1, [0x80, 0x01, 0x00, 0x07])
        expectSAError(.badProposalSyntax, rawSABody(rawProposal(transformCount: 2, first + second)))
        let renumbered = rawTransform(next: 0, number: 2, [0x80, 0x01, 0x00, 0x07])
        #expect(throws: Never.self) {
            _ = try parseBody(.securityAssociation, rawSABody(rawProposal(transformCount: 2, first + renumbered)))
        }
    }

    /// RFC 2408 §5.14, §5.15 step 1: a Notification or Delete under a DOI other than ISAKMP (0) or IPsec (1) is
    /// discarded with DOI-NOT-SUPPORTED.
    @Test func informationalPayloadsOutsideTheSupportedDOIsAreDiscarded() throws {
        let notify: [UInt8] = [0, 0, 0, 1, 3, 0, 0x60, 0x02]  // DOI 1, ESP, no SPI, INITIAL-CONTACT
        let delete: [UInt8] = [0, 0, 0, 1, 3, 4, 0, 1, 1, 2, 3, 4]  // DOI 1, ESP, one 4-byte SPI
        for doi: UInt8 in [0, 1] {
            #expect(throws: Never.self) { _ = try parseBody(.notification, [0, 0, 0, doi] + notify.dropFirst(4)) }
            #expect(throws: Never.self) { _ = try parseBody(.delete, [0, 0, 0, doi] + delete.dropFirst(4)) }
        }
        #expect(throws: ISAKMPParseError.doiNotSupported(2)) { _ = try parseBody(.notification, [0, 0, 0, 2] + notify.dropFirst(4)) }
        #expect(throws: ISAKMPParseError.doiNotSupported(0x100)) { _ = try parseBody(.delete, [0, 0, 1, 0] + delete.dropFirst(4)) }
    }
}
