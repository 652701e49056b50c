import Testing
@testable import PFKeyListener

/// `NamedWireCode`'s description, and `SADBRecord`'s list reading, shared by the code types and record lists.
@Suite struct NamedWireCodeTests {
    @Test func knownCodesPrintTheirNamesAndUnknownOnesTheirKindAndNumber() {
        #expect(IPsecMode.tunnel.description == "tunnel")
        #expect(IPsecMode(rawValue: 7).description == "mode 7")
        #expect(IPsecPolicyDirection.forward.description == "fwd")
        #expect(IPsecPolicyType(rawValue: 300).description == "policy type 300")
        #expect(IPsecLevel.unique.description == "unique")
        #expect(SADBSAState(rawValue: 9).description == "state 9")
        #expect(SADBSAType.ipcomp.description == "IPCOMP")
        #expect(SADBAuthenticationAlgorithm.null.description == "non_auth")
        #expect(SADBEncryptionAlgorithm(rawValue: 99).description == "encryption algorithm 99")
    }

    @Test func recordListsMustBeWholeRecords() throws {
        var writer = SADBWriter()
        SADBAlgorithmDescriptor.writeList(
            [SADBAlgorithmDescriptor(identifier: 2, minimumBits: 128, maximumBits: 128)], into: &writer)
        #expect(writer.count == SADBAlgorithmDescriptor.size)
        var whole = SADBReader(writer.bytes, range: 0..<8, extensionType: 14)
        #expect(try SADBAlgorithmDescriptor.readList(&whole).map(\.identifier) == [2])
        var ragged = SADBReader(writer.bytes, range: 0..<7, extensionType: 14)
        #expect(throws: SADBError.invalidExtensionLength(type: 14, length: 15)) {
            _ = try SADBAlgorithmDescriptor.readList(&ragged)
        }
    }
}
