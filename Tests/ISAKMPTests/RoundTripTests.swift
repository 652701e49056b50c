import Testing

@testable import ISAKMP

/// Round trip, truncation and inflated lengths for every payload structure (style §3.7).
@Suite struct RoundTripTests {
    @Test(arguments: PayloadSamples.all)
    func payloadRoundTripsThroughAMessage(_ payload: Payload) throws {
        let built = message([payload])
        let bytes = built.serialized()
        #expect(bytes.count == Int(built.header.length))
        let parsed = try ISAKMPMessage(parsing: bytes)
        #expect(parsed == built)
        #expect(parsed.payloads == [payload])
        #expect(parsed.serialized() == bytes)
        #expect(parsed.header.nextPayload == payload.payloadType)
        #expect(parsed.payloadChain?.bodyBytes(at: 0).elementsEqual(payload.bodyBytes) == true)
    }

    @Test(arguments: PayloadSamples.all)
    func everyStrictPrefixOfAPayloadThrows(_ payload: Payload) {
        let chain = PayloadChain([payload]).bytes
        for count in 0..<chain.count {
            #expect(throws: ISAKMPParseError.self, "prefix \(count) of \(chain.count)") {
                _ = try PayloadChain.parse(
                    Array(chain[0..<count]), first: payload.payloadType, allowTrailingBytes: false)
            }
        }
    }

    @Test(arguments: PayloadSamples.all)
    func everyStrictPrefixOfAMessageThrows(_ payload: Payload) {
        let bytes = message([payload]).serialized()
        for count in 0..<bytes.count {
            #expect(throws: ISAKMPParseError.self) { _ = try ISAKMPMessage(parsing: Array(bytes[0..<count])) }
        }
    }

    @Test(arguments: PayloadSamples.all)
    func inflatedPayloadLengthThrows(_ payload: Payload) {
        var chain = PayloadChain([payload]).bytes
        let length = Int(chain[2]) << 8 | Int(chain[3])
        for extra in [1, 4, 255, 0xffff - length] where extra > 0 {
            let inflated = length + extra
            chain[2] = UInt8(inflated >> 8)
            chain[3] = UInt8(inflated & 0xff)
            #expect(throws: ISAKMPParseError.payloadExceedsParent(type: payload.payloadType, length: UInt16(inflated)))
            {
                _ = try PayloadChain.parse(chain, first: payload.payloadType)
            }
        }
    }

    @Test func fixedBodyPayloadsRejectEveryStrictPrefixOfTheirBody() throws {
        // Payloads whose body has a structure (not just opaque data) must reject a body cut anywhere.
        let structured: [Payload] = PayloadSamples.all.filter {
            switch $0 {
            case .securityAssociation, .delete, .natOriginalAddress: return true
            case .identification(let id):
                if case .unknown = id.data { return false }
                switch id.idType {
                case .ipv4Address, .ipv6Address, .ipv4AddressSubnet, .ipv6AddressSubnet, .ipv4AddressRange,
                    .ipv6AddressRange:
                    return true
                default: return false
                }
            default: return false
            }
        }
        #expect(structured.count >= 10)
        for payload in structured {
            let body = bodyBytes(payload)
            for count in 0..<body.count {
                #expect(throws: ISAKMPParseError.self, "\(payload.payloadType) body prefix \(count)") {
                    _ = try parseBody(payload.payloadType, Array(body[0..<count]))
                }
            }
        }
    }

    @Test func allPayloadsInOneChainRoundTrip() throws {
        let payloads = PayloadSamples.all
        let built = message(payloads, exchange: .quickMode, messageID: 0x1234_5678)
        let parsed = try ISAKMPMessage(parsing: built.serialized())
        #expect(parsed.payloads == payloads)
        #expect(parsed.serialized() == built.serialized())
        let chain = try #require(parsed.payloadChain)
        #expect(chain.payloadRanges.count == payloads.count)
        #expect(chain.payloadRanges.last?.upperBound == chain.bytes.count)
        for (index, payload) in payloads.enumerated() {
            #expect(Array(chain.bodyBytes(at: index)) == payload.bodyBytes)
        }
    }

    @Test func headerRoundTripsAndKeepsEveryField() throws {
        let header = ISAKMPHeader(
            initiatorCookie: Cookie(rawValue: 0xa709_27f9_ee30_b20d), responderCookie: Cookie(rawValue: 0x047a),
            majorVersion: 1, minorVersion: 0, exchangeType: .quickMode, flags: [.encryption, .commit],
            messageID: MessageID(rawValue: 0x33aa_f363))
        let built = ISAKMPMessage(
            header: header, encryptedBody: [UInt8](repeating: 0xee, count: 32), firstPayload: .hash)
        let bytes = built.serialized()
        #expect(bytes.count == 60)
        let parsed = try ISAKMPMessage(parsing: bytes)
        #expect(parsed == built)
        #expect(parsed.header.initiatorCookie.rawValue == 0xa709_27f9_ee30_b20d)
        #expect(parsed.header.responderCookie.rawValue == 0x047a)
        #expect(parsed.header.nextPayload == .hash)
        #expect(parsed.header.flags == [.encryption, .commit])
        #expect(parsed.header.messageID.rawValue == 0x33aa_f363)
        #expect(parsed.header.exchangeType == .quickMode)
        #expect(parsed.encryptedBody == [UInt8](repeating: 0xee, count: 32))
        #expect(parsed.payloads.isEmpty)
    }

    @Test func dataAttributesRoundTripInBothForms() throws {
        let attributes: [DataAttribute] = [
            DataAttribute(type: 1, value: .basic(0)), DataAttribute(type: 0x7fff, value: .basic(0xffff)),
            DataAttribute(type: 12, value: .variable([])),
            DataAttribute(type: 12, value: .variable([0, 1, 0x51, 0x80])),
            DataAttribute(type: 16, value: .variable([UInt8](repeating: 1, count: 300))),
        ]
        for attribute in attributes {
            var writer = WireWriter()
            attribute.write(into: &writer)
            #expect(writer.count == attribute.wireLength)
            var reader = WireReader(writer.bytes)
            #expect(try DataAttribute(parsing: &reader) == attribute)
            #expect(reader.isAtEnd)
            for count in 0..<writer.count {
                var prefix = WireReader(Array(writer.bytes[0..<count]))
                #expect(throws: ISAKMPParseError.self) { _ = try DataAttribute(parsing: &prefix) }
            }
        }
        #expect(DataAttribute.integer(type: 12, 86_400).value == .variable([0, 1, 0x51, 0x80]))
        #expect(DataAttribute.integer(type: 12, 86_400).integerValue == 86_400)
        #expect(DataAttribute.integer(type: 12, 3600).value == .basic(3600))
        #expect(DataAttribute.integer(type: 12, 1 << 40).value == .variable([0, 0, 1, 0, 0, 0, 0, 0]))
        #expect(DataAttribute(type: 12, value: .variable([])).integerValue == nil)
    }

    @Test func unknownCodesBecomeUnknownCases() throws {
        #expect(ExchangeType(rawValue: 34) == .unknown(34))
        #expect(ExchangeType(rawValue: 250).rawValue == 250)
        #expect(NotifyMessageType(rawValue: 12_345) == .unknown(12_345))
        #expect(NotifyMessageType(rawValue: 36_136) == .rUThere)
        #expect(NotifyMessageType(rawValue: 24_578) == .initialContact)
        #expect(try parseBody(.attribute, [1, 2]) == .unknown(type: .attribute, body: [1, 2]))
        let id = try parseBody(.identification, [77, 0, 0, 0, 1, 2])
        guard case .identification(let payload) = id else { Issue.record("not an ID"); return }
        #expect(payload.data == .unknown(type: IdentificationType(rawValue: 77), data: [1, 2]))
        let notify = try parseBody(.notification, [0, 0, 0, 1, 3, 0, 0xab, 0xcd, 0xff])
        guard case .notification(let n) = notify else { Issue.record("not a notify"); return }
        #expect(n.notifyType == .unknown(0xabcd))
        #expect(n.notificationData == [0xff])
        // An unknown attribute type inside a transform is data, not an error.
        let transformBody: [UInt8] = [1, 12, 0, 0, 0x80 | 0x7f, 0x00, 0x00, 0x05, 0x12, 0x34, 0x00, 0x01, 0xaa]
        var reader = WireReader(transformBody)
        let transform = try TransformPayload(parsing: &reader)
        #expect(
            transform.attributes == [
                DataAttribute(type: 0x7f00, value: .basic(5)), DataAttribute(type: 0x1234, value: .variable([0xaa])),
            ])
        #expect(ProtocolID(rawValue: 9).description == "9")
    }

    @Test func emptyChainIsValid() throws {
        let built = message([])
        #expect(built.serialized().count == 28)
        let parsed = try ISAKMPMessage(parsing: built.serialized())
        #expect(parsed.payloads.isEmpty)
        #expect(parsed.header.nextPayload == .none)
    }
}
