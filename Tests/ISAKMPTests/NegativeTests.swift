import Testing

@testable import ISAKMP

/// A raw datagram with arbitrary header fields; `length` defaults to the real total.
func rawMessage(
    initiatorCookie: UInt64 = 0x1122_3344_5566_7788, responderCookie: UInt64 = 0, next: UInt8 = 0,
    version: UInt8 = 0x10, exchange: UInt8 = 2, flags: UInt8 = 0, messageID: UInt32 = 0, length: UInt32? = nil,
    body: [UInt8] = []
) -> [UInt8] {
    var writer = WireWriter()
    writer.writeInteger(initiatorCookie)
    writer.writeInteger(responderCookie)
    writer.writeInteger(next)
    writer.writeInteger(version)
    writer.writeInteger(exchange)
    writer.writeInteger(flags)
    writer.writeInteger(messageID)
    writer.writeInteger(length ?? UInt32(28 + body.count))
    writer.writeBytes(body)
    return writer.bytes
}

/// A generic payload header followed by `body`.
func rawPayload(next: UInt8, length: Int? = nil, _ body: [UInt8]) -> [UInt8] {
    let total = length ?? (4 + body.count)
    return [next, 0, UInt8(total >> 8), UInt8(total & 0xff)] + body
}

/// An SA payload body around raw proposal bytes.
func rawSABody(_ proposals: [UInt8]) -> [UInt8] { [0, 0, 0, 1, 0, 0, 0, 1] + proposals }

/// A proposal (with generic header) around raw transform bytes.
func rawProposal(
    next: UInt8 = 0, number: UInt8 = 1, protocolID: UInt8 = 1, spi: [UInt8] = [], transformCount: UInt8 = 1,
    length: Int? = nil, _ transforms: [UInt8]
) -> [UInt8] {
    rawPayload(next: next, length: length, [number, protocolID, UInt8(spi.count), transformCount] + spi + transforms)
}

/// A transform (with generic header) around raw attribute bytes.
func rawTransform(next: UInt8 = 0, number: UInt8 = 1, id: UInt8 = 1, length: Int? = nil, _ attributes: [UInt8])
    -> [UInt8]
{
    rawPayload(next: next, length: length, [number, id, 0, 0] + attributes)
}

func expectSAError(_ expected: ISAKMPParseError, _ saBody: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: expected, sourceLocation: sourceLocation) { _ = try parseBody(.securityAssociation, saBody) }
}

/// The parser's share of inventory §7's recommended negative tests.
@Suite struct NegativeTests {
    // MARK: - Header

    @Test func headerLengthGames() throws {
        #expect(throws: ISAKMPParseError.headerTooShort(datagramLength: 27)) {
            _ = try ISAKMPMessage(parsing: Array(rawMessage().prefix(27)))
        }
        #expect(throws: ISAKMPParseError.lengthMismatch(headerLength: 27, datagramLength: 28)) {
            _ = try ISAKMPMessage(parsing: rawMessage(length: 27))
        }
        #expect(throws: ISAKMPParseError.lengthMismatch(headerLength: 0, datagramLength: 28)) {
            _ = try ISAKMPMessage(parsing: rawMessage(length: 0))
        }
        #expect(throws: ISAKMPParseError.lengthMismatch(headerLength: 0x10000, datagramLength: 28)) {
            _ = try ISAKMPMessage(parsing: rawMessage(length: 0x10000))
        }
        #expect(throws: ISAKMPParseError.lengthMismatch(headerLength: 0xffff_ffff, datagramLength: 28)) {
            _ = try ISAKMPMessage(parsing: rawMessage(length: 0xffff_ffff))
        }
        // Header length shorter or longer than the datagram.
        let vid = rawPayload(next: 0, [1, 2, 3, 4])
        #expect(throws: ISAKMPParseError.lengthMismatch(headerLength: 29, datagramLength: 36)) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: 13, length: 29, body: vid))
        }
        #expect(throws: ISAKMPParseError.lengthMismatch(headerLength: 40, datagramLength: 36)) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: 13, length: 40, body: vid))
        }
        #expect(try ISAKMPMessage(parsing: rawMessage(next: 13, body: vid)).payloads.count == 1)
    }

    @Test func headerFieldChecksMapToTheirNotify() {
        let cases: [([UInt8], ISAKMPParseError, NotifyMessageType)] = [
            (rawMessage(initiatorCookie: 0), .zeroInitiatorCookie, .invalidCookie),
            (rawMessage(version: 0x20), .invalidMajorVersion(2), .invalidMajorVersion),
            (rawMessage(version: 0x00), .invalidMajorVersion(0), .invalidMajorVersion),
            (rawMessage(exchange: 0), .invalidExchangeType(0), .invalidExchangeType),
            (rawMessage(exchange: 7), .invalidExchangeType(7), .invalidExchangeType),
            (rawMessage(exchange: 31), .invalidExchangeType(31), .invalidExchangeType),
            (rawMessage(flags: 0x08), .invalidFlags(0x08), .invalidFlags),
            (rawMessage(flags: 0x81), .invalidFlags(0x81), .invalidFlags),
            (rawMessage(flags: 0x02, messageID: 0), .commitFlagWithZeroMessageID, .invalidFlags),
            (rawMessage(length: 20), .lengthMismatch(headerLength: 20, datagramLength: 28), .unequalPayloadLengths),
        ]
        for (bytes, error, notify) in cases {
            #expect(throws: error) { _ = try ISAKMPMessage(parsing: bytes) }
            #expect(error.notifyType == notify)
        }
        // Accepted: the commit bit with a nonzero message ID, a nonzero minor version, DOI-specific exchanges.
        #expect(throws: Never.self) { _ = try ISAKMPMessage(parsing: rawMessage(flags: 0x02, messageID: 5)) }
        #expect(throws: Never.self) { _ = try ISAKMPMessage(parsing: rawMessage(version: 0x11)) }
        #expect((try? ISAKMPMessage(parsing: rawMessage(exchange: 200)))?.header.exchangeType == .unknown(200))
        #expect((try? ISAKMPMessage(parsing: rawMessage(exchange: 6)))?.header.exchangeType == .transaction)
    }

    @Test func encryptedMessageWithEmptyBodyIsMalformed() {
        #expect(throws: ISAKMPParseError.malformedPayload(.hash)) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: 8, flags: 1))
        }
    }

    // MARK: - Payload chains

    @Test func payloadChainGames() {
        let vid = rawPayload(next: 0, [9, 9])
        // Truncated generic header.
        for cut in 1..<4 {
            #expect(throws: ISAKMPParseError.truncated) {
                _ = try ISAKMPMessage(parsing: rawMessage(next: 13, body: Array(vid.prefix(cut))))
            }
        }
        // Next payload set, but no bytes left.
        #expect(throws: ISAKMPParseError.truncated) { _ = try ISAKMPMessage(parsing: rawMessage(next: 13)) }
        // Length below 4 (0 would loop forever in a naive parser).
        for length in 0..<4 {
            #expect(throws: ISAKMPParseError.payloadLengthTooShort(type: .vendorID, length: UInt16(length))) {
                _ = try ISAKMPMessage(parsing: rawMessage(next: 13, body: rawPayload(next: 13, length: length, [])))
            }
        }
        // Length past the end.
        #expect(throws: ISAKMPParseError.payloadExceedsParent(type: .vendorID, length: 7)) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: 13, body: rawPayload(next: 0, length: 7, [9, 9])))
        }
        // Trailing garbage after NONE.
        #expect(throws: ISAKMPParseError.trailingBytes(count: 3)) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: 13, body: vid + [1, 2, 3]))
        }
        // The last payload claims a successor that is not there.
        #expect(throws: ISAKMPParseError.truncated) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: 13, body: rawPayload(next: 13, [9])))
        }
        // A next-payload "loop": every payload names VID as its successor until the bytes run out.
        let loop = (0..<10).flatMap { _ in rawPayload(next: 13, []) }
        #expect(throws: ISAKMPParseError.truncated) { _ = try ISAKMPMessage(parsing: rawMessage(next: 13, body: loop)) }
    }

    @Test func payloadCountIsBounded() throws {
        let limit = ISAKMPLimits.maximumPayloadCount
        let atLimit = (0..<limit).flatMap { i in rawPayload(next: i == limit - 1 ? 0 : 13, []) }
        #expect(try ISAKMPMessage(parsing: rawMessage(next: 13, body: atLimit)).payloads.count == limit)
        let overLimit = (0...limit).flatMap { i in rawPayload(next: i == limit ? 0 : 13, []) }
        #expect(throws: ISAKMPParseError.tooManyPayloads) {
            _ = try ISAKMPMessage(parsing: rawMessage(next: 13, body: overLimit))
        }
        #expect(throws: ISAKMPParseError.tooManyPayloads) {
            _ = try PayloadChain.parse(overLimit, first: .vendorID)
        }
    }

    @Test func proposalOrTransformAtTopLevelIsInvalidPayloadType() {
        for type: UInt8 in [2, 3] {
            let error = ISAKMPParseError.misplacedPayload(PayloadType(rawValue: type))
            #expect(throws: error) {
                _ = try ISAKMPMessage(parsing: rawMessage(next: type, body: rawPayload(next: 0, [])))
            }
            #expect(error.notifyType == .invalidPayloadType)
        }
    }

    // MARK: - SA payload

    @Test func saWithoutProposalsOrTransforms() {
        expectSAError(.badProposalSyntax, rawSABody([]))
        expectSAError(.badProposalSyntax, rawSABody(rawProposal(transformCount: 0, [])))
        #expect(ISAKMPParseError.badProposalSyntax.notifyType == .badProposalSyntax)
    }

    @Test func saHeaderChecks() {
        #expect(throws: ISAKMPParseError.doiNotSupported(2)) {
            _ = try parseBody(.securityAssociation, [0, 0, 0, 2, 0, 0, 0, 1])
        }
        #expect(throws: ISAKMPParseError.situationNotSupported(3)) {
            _ = try parseBody(.securityAssociation, [0, 0, 0, 1, 0, 0, 0, 3])
        }
        #expect(ISAKMPParseError.doiNotSupported(2).notifyType == .doiNotSupported)
        #expect(ISAKMPParseError.situationNotSupported(3).notifyType == .situationNotSupported)
    }

    @Test func proposalAndTransformChainChecks() {
        let transform = rawTransform([0x80, 0x01, 0x00, 0x05])
        // Fine as a baseline.
        #expect(throws: Never.self) { _ = try parseBody(.securityAssociation, rawSABody(rawProposal(transform))) }
        // Transform count larger or smaller than the transforms present.
        expectSAError(.badProposalSyntax, rawSABody(rawProposal(transformCount: 2, transform)))
        expectSAError(
            .truncated, rawSABody(rawProposal(transformCount: 2, rawTransform(next: 3, [0x80, 0x01, 0x00, 0x05]))))
        expectSAError(
            .badProposalSyntax, rawSABody(rawProposal(transformCount: 1, rawTransform(next: 3, []) + transform)))
        // A non-last transform whose Next Payload says NONE.
        expectSAError(
            .badProposalSyntax, rawSABody(rawProposal(transformCount: 2, rawTransform(next: 0, []) + transform)))
        // Proposal Next Payload: NONE followed by another proposal, or a non-proposal type.
        expectSAError(.badProposalSyntax, rawSABody(rawProposal(next: 0, transform) + rawProposal(transform)))
        expectSAError(.misplacedPayload(.vendorID), rawSABody(rawProposal(next: 13, transform)))
        // The last proposal says more follow.
        expectSAError(.badProposalSyntax, rawSABody(rawProposal(next: 2, transform)))
        // Proposal and transform lengths below their fixed parts, or past their parent.
        expectSAError(.payloadLengthTooShort(type: .proposal, length: 7), rawSABody(rawProposal(length: 7, transform)))
        expectSAError(
            .payloadLengthTooShort(type: .transform, length: 7),
            rawSABody(rawProposal(rawTransform(length: 7, [0x80, 0x01, 0x00, 0x05]))))
        expectSAError(
            .payloadExceedsParent(type: .proposal, length: 100), rawSABody(rawProposal(length: 100, transform)))
        expectSAError(
            .payloadExceedsParent(type: .transform, length: 40),
            rawSABody(rawProposal(rawTransform(length: 40, [0x80, 0x01, 0x00, 0x05]))))
    }

    @Test func spiSizeInconsistentWithProtocolOrLength() {
        let transform = rawTransform(id: 12, [])
        // ESP needs 4, ISAKMP 0 or 16, IPCOMP 2 or 4.
        expectSAError(.invalidSPISize(protocolID: 3, size: 0), rawSABody(rawProposal(protocolID: 3, transform)))
        expectSAError(
            .invalidSPISize(protocolID: 3, size: 8),
            rawSABody(rawProposal(protocolID: 3, spi: [1, 2, 3, 4, 5, 6, 7, 8], transform)))
        expectSAError(
            .invalidSPISize(protocolID: 1, size: 4),
            rawSABody(rawProposal(protocolID: 1, spi: [1, 2, 3, 4], transform)))
        expectSAError(
            .invalidSPISize(protocolID: 4, size: 3), rawSABody(rawProposal(protocolID: 4, spi: [1, 2, 3], transform)))
        #expect(throws: Never.self) {
            _ = try parseBody(
                .securityAssociation, rawSABody(rawProposal(protocolID: 3, spi: [1, 2, 3, 4], transform)))
        }
        // An SPI size larger than the proposal itself.
        let oversized = rawPayload(next: 0, [1, 3, 200, 1, 1, 2, 3, 4])
        expectSAError(.malformedPayload(.proposal), rawSABody(oversized))
        #expect(ISAKMPParseError.invalidSPISize(protocolID: 3, size: 0).notifyType == .invalidSPI)
    }

    @Test func attributeTLVLongerThanItsTransform() {
        // fork #37: a phase-1 transform attribute whose TLV length exceeds the transform, from message 1.
        for declared: UInt16 in [3, 64, 0xffff] {
            let attribute: [UInt8] = [0x00, 0x0c, UInt8(declared >> 8), UInt8(declared & 0xff), 0xaa, 0xbb]
            expectSAError(.attributeExceedsTransform(type: 12), rawSABody(rawProposal(rawTransform(attribute))))
        }
        // The TLV fits the proposal but not the transform: still rejected (the sub-reader bounds it).
        let attribute: [UInt8] = [0x00, 0x0c, 0x00, 0x08, 0xaa, 0xbb]
        let transform = rawTransform(length: 14, attribute)
        let proposal = rawPayload(next: 0, [1, 1, 0, 1] + transform + [0, 0, 0, 0, 0, 0])
        expectSAError(.attributeExceedsTransform(type: 12), rawSABody(proposal))
        // A truncated TV attribute.
        expectSAError(.truncated, rawSABody(rawProposal(rawTransform([0x80, 0x01, 0x00]))))
    }

    @Test func duplicateAttributesAreRejected() {
        let attributes: [UInt8] = [0x80, 0x01, 0x00, 0x05, 0x80, 0x01, 0x00, 0x07]
        expectSAError(.duplicateAttribute(type: 1), rawSABody(rawProposal(rawTransform(attributes))))
        // The same type in TV and TLV form is still a duplicate.
        let mixed: [UInt8] = [0x80, 0x0c, 0x0e, 0x10, 0x00, 0x0c, 0x00, 0x02, 0x0e, 0x10]
        expectSAError(.duplicateAttribute(type: 12), rawSABody(rawProposal(rawTransform(mixed))))
    }

    // MARK: - Vendor IDs, NAT-D, NAT-OA

    @Test func shortAndTruncatedVendorIDsAreUnrecognisedNotFatal() throws {
        let dpd = KnownVendorID.deadPeerDetection.bytes
        let fragmentation = KnownVendorID.fragmentation(capabilities: nil).bytes
        #expect(KnownVendorID(dpd) == .deadPeerDetection)
        for count in 0..<16 {
            #expect(KnownVendorID(Array(dpd.prefix(count))) == nil)
            // fork #39: every VID shorter than 16 bytes is kept as data.
            let parsed = try ISAKMPMessage(
                parsing: rawMessage(next: 13, body: rawPayload(next: 0, Array(dpd.prefix(count)))))
            #expect(parsed.payloads == [.vendorID(VendorIDPayload(vendorID: Array(dpd.prefix(count))))])
        }
        // fork #38: FRAGMENTATION truncated inside its capability dword.
        #expect(KnownVendorID(fragmentation) == .fragmentation(capabilities: nil))
        for extra in 1..<4 {
            #expect(KnownVendorID(fragmentation + [UInt8](repeating: 0x80, count: extra)) == nil)
        }
        #expect(KnownVendorID(fragmentation + [0x80, 0, 0, 0]) == .fragmentation(capabilities: 0x8000_0000))
        #expect(KnownVendorID(fragmentation + [0x80, 0, 0, 0, 0]) == nil)
        #expect(KnownVendorID(dpd + [0]) == nil)
    }

    @Test func natOriginalAddressChecksItsType() {
        #expect(throws: ISAKMPParseError.invalidIdentificationData(idType: 1, length: 3)) {
            _ = try parseBody(.natOriginalAddress, [1, 0, 0, 0, 10, 0, 0])
        }
        #expect(throws: ISAKMPParseError.invalidIdentificationData(idType: 5, length: 4)) {
            _ = try parseBody(.natOriginalAddressDraft, [5, 0, 0, 0, 10, 0, 0, 1])
        }
        #expect(throws: ISAKMPParseError.invalidIdentificationData(idType: 2, length: 1)) {
            _ = try parseBody(.natOriginalAddress, [2, 0, 0, 0, 0x61])
        }
        #expect(throws: ISAKMPParseError.truncated) { _ = try parseBody(.natOriginalAddress, [1, 0]) }
    }

    @Test func identificationDataMustFitItsType() {
        let cases: [(UInt8, Int)] = [(1, 3), (1, 5), (5, 4), (4, 4), (6, 16), (7, 9), (8, 31), (2, 0), (3, 0), (11, 0)]
        for (type, count) in cases {
            let error = ISAKMPParseError.invalidIdentificationData(idType: type, length: count)
            #expect(throws: error) {
                _ = try parseBody(.identification, [type, 0, 0, 0] + [UInt8](repeating: 1, count: count))
            }
            #expect(error.notifyType == .invalidIDInformation)
        }
    }

    // MARK: - Delete and Notification

    @Test func deleteSPICountTimesSizeMustEqualLength() {
        func body(spiSize: UInt8, count: UInt16, spis: Int) -> [UInt8] {
            [0, 0, 0, 1, 3, spiSize, UInt8(count >> 8), UInt8(count & 0xff)] + [UInt8](repeating: 0xaa, count: spis)
        }
        #expect(throws: Never.self) { _ = try parseBody(.delete, body(spiSize: 4, count: 2, spis: 8)) }
        let bad: [(UInt8, UInt16, Int)] = [(4, 2, 7), (4, 2, 9), (4, 0, 0), (0, 5, 0), (4, 0xffff, 8), (255, 2, 255)]
        for (size, count, spis) in bad {
            #expect(throws: ISAKMPParseError.deleteSPIMismatch(count: count, spiSize: size, length: spis)) {
                _ = try parseBody(.delete, body(spiSize: size, count: count, spis: spis))
            }
        }
    }

    @Test func notificationSPISizeBeyondPayload() {
        #expect(throws: ISAKMPParseError.malformedPayload(.notification)) {
            _ = try parseBody(.notification, [0, 0, 0, 1, 1, 16, 0x60, 0x02, 1, 2, 3])
        }
        let parsed = try? parseBody(.notification, [0, 0, 0, 1, 1, 0, 0x8d, 0x28, 0, 0, 0, 9])
        guard case .notification(let notify) = parsed else { Issue.record("not parsed"); return }
        #expect(notify.notifyType == .rUThere)
        #expect(notify.dpdSequenceNumber == 9)
    }

    // MARK: - Fragments

    @Test func fragmentPayloadEdgeCases() throws {
        // CVE-2009-1574: a fragment with no data.
        #expect(throws: ISAKMPParseError.invalidFragment) { _ = try parseBody(.fragment, [0, 1, 1, 1]) }
        // Fragment number 0.
        #expect(throws: ISAKMPParseError.invalidFragment) { _ = try parseBody(.fragment, [0, 1, 0, 1, 0xff]) }
        // Truncated fragment header.
        for count in 0..<4 {
            #expect(throws: ISAKMPParseError.truncated) {
                _ = try parseBody(.fragment, Array([0, 1, 1, 1].prefix(count)))
            }
        }
        let payload = try parseBody(.fragment, [0x12, 0x34, 3, 1, 0xde, 0xad])
        #expect(
            payload
                == .fragment(
                    FragmentPayload(fragmentID: 0x1234, fragmentNumber: 3, isLast: true, fragmentData: [0xde, 0xad])))
        // Unknown flag bits are kept, so the message still round-trips.
        let odd = rawMessage(next: 132, body: rawPayload(next: 0, [0, 1, 1, 0x81, 7]))
        #expect(try ISAKMPMessage(parsing: odd).serialized() == odd)
    }
}
