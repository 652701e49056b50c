import Testing

@testable import ISAKMP

/// The SECCTX transform attribute (inventory §5.2, §5.3 and §7).
@Suite struct SecurityContextTests {
    static let label = "system_u:object_r:ipsec_spd_t:s0"

    /// The TLV value as racoon writes it: doi, alg, ctx_strlen (network order, NUL counted), string, NUL.
    static func value(doi: UInt8 = 1, alg: UInt8 = 1, declared: Int? = nil, _ string: [UInt8]) -> [UInt8] {
        let length = declared ?? string.count
        return [doi, alg, UInt8(length >> 8), UInt8(length & 0xff)] + string
    }

    @Test func encodesLikeRacoon() throws {
        let context = try SecurityContext(context: SecurityContextTests.label)
        let attribute = context.attribute()
        #expect(attribute.type == 10)
        #expect(attribute.value == .variable(SecurityContextTests.value(Array(SecurityContextTests.label.utf8) + [0])))
        var writer = WireWriter()
        attribute.write(into: &writer)
        // AF bit clear, type 10, length 4 + 33.
        #expect(Array(writer.bytes.prefix(8)) == [0x00, 0x0a, 0x00, 37, 1, 1, 0x00, 33])
        #expect(try SecurityContext(attribute: attribute) == context)
    }

    @Test func attributeTypeIsAParameter() throws {
        let context = try SecurityContext(context: "user_u:role_r:type_t:s0-s0:c0.c1023")
        let libreswan = context.attribute(type: IPsecAttributeType.securityContextLibreswan.rawValue)
        #expect(libreswan.type == 32001)
        #expect(try SecurityContext(attribute: libreswan, attributeType: 32001) == context)
        #expect(throws: SecurityContextError.wrongAttributeType(32001)) {
            _ = try SecurityContext(attribute: libreswan)
        }
    }

    @Test func longContextsUpTo4096BytesAreSupported() throws {
        // racoon's 50-byte buffer overflowed on common MCS labels (inventory §5.3).
        for count in [49, 50, 53, 54, 255, 4095] {
            let text = String(repeating: "a", count: count)
            let context = try SecurityContext(context: text)
            let decoded = try SecurityContext(attribute: context.attribute())
            #expect(decoded.context == text)
        }
        #expect(throws: SecurityContextError.tooLong(4097)) {
            _ = try SecurityContext(context: String(repeating: "a", count: 4096))
        }
        let huge = DataAttribute(
            type: 10, value: .variable(SecurityContextTests.value([UInt8](repeating: 0x61, count: 4096) + [0])))
        #expect(throws: SecurityContextError.tooLong(4097)) { _ = try SecurityContext(attribute: huge) }
    }

    @Test func malformedVariantsAreRejected() {
        let good = Array(SecurityContextTests.label.utf8) + [0]
        let cases: [(DataAttribute, SecurityContextError)] = [
            (DataAttribute(type: 10, value: .basic(0x0101)), .basicEncoding),
            (DataAttribute(type: 10, value: .variable([])), .tooShort(0)),
            (DataAttribute(type: 10, value: .variable([1, 1, 0])), .tooShort(3)),
            (DataAttribute(type: 10, value: .variable(SecurityContextTests.value([]))), .emptyContext),
            (DataAttribute(type: 10, value: .variable(SecurityContextTests.value([0]))), .emptyContext),
            (
                DataAttribute(type: 10, value: .variable(SecurityContextTests.value(declared: good.count + 1, good))),
                .lengthMismatch(declared: good.count + 1, available: good.count)
            ),
            (
                DataAttribute(type: 10, value: .variable(SecurityContextTests.value(declared: 0xffff, good))),
                .lengthMismatch(declared: 0xffff, available: good.count)
            ),
            (
                DataAttribute(type: 10, value: .variable(SecurityContextTests.value(declared: 5, good))),
                .lengthMismatch(declared: 5, available: good.count)
            ),
            (
                DataAttribute(type: 10, value: .variable(SecurityContextTests.value(Array(good.dropLast())))),
                .missingNUL
            ),
            (DataAttribute(type: 10, value: .variable(SecurityContextTests.value([0x61, 0, 0x62, 0]))), .embeddedNUL),
            (DataAttribute(type: 10, value: .variable(SecurityContextTests.value([0xff, 0xfe, 0]))), .invalidUTF8),
            (DataAttribute(type: 10, value: .variable(SecurityContextTests.value(doi: 2, good))), .unsupportedDOI(2)),
            (
                DataAttribute(type: 10, value: .variable(SecurityContextTests.value(alg: 0, good))),
                .unsupportedAlgorithm(0)
            ),
        ]
        for (attribute, error) in cases {
            #expect(throws: error) { _ = try SecurityContext(attribute: attribute) }
        }
        #expect(SecurityContextError.unsupportedDOI(2).notifyType == .attributesNotSupported)
        #expect(SecurityContextError.missingNUL.notifyType == .payloadMalformed)
    }

    @Test func constructorRejectsUnencodableStrings() {
        #expect(throws: SecurityContextError.emptyContext) { _ = try SecurityContext(context: "") }
        #expect(throws: SecurityContextError.embeddedNUL) { _ = try SecurityContext(context: "a\u{0}b") }
        #expect(throws: SecurityContextError.unsupportedDOI(3)) { _ = try SecurityContext(context: "a", doi: 3) }
    }

    @Test func secctxInsideAPhase2TransformRoundTrips() throws {
        let sa = PayloadSamples.phase2SA
        let parsed = try parseBody(.securityAssociation, sa.bodyBytes)
        guard case .securityAssociation(let reparsed) = parsed else { Issue.record("no SA"); return }
        let attribute = try #require(
            reparsed.proposals[0].transforms[0].attribute(IPsecAttributeType.securityContext.rawValue))
        #expect(try SecurityContext(attribute: attribute).context == SecurityContextTests.label)
    }
}
