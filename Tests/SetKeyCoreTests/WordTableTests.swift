import Testing

@testable import SetKeyCore

/// setkey's and ipsec_set_policy(3)'s words, read and printed from one table per value set.
@Suite struct WordTableTests {
    @Test func policyWordsReadAsTheirValues() {
        #expect(PolicyDirection.words.words == ["in", "out", "fwd"])
        #expect(PolicyDirection.words["fwd"] == .forward)
        #expect(PolicyDirection.forward.name == "fwd")
        #expect(PolicyDirection.inbound.name == "in")
        #expect(PolicyAction.words.words == ["discard", "none", "ipsec", "entrust", "bypass"])
        #expect(PolicyAction.words["bypass"] == .bypass)
        #expect(IPsecRequest.ProtocolNumber.words["ipcomp"] == .ipcomp)
        #expect(IPsecRequest.Level.words["unique"] == .unique)
        #expect(IPsecRequest.Level.words["unique:5"] == nil)
        #expect(IPsecMode.words["any"] == .any)
    }

    @Test func compressionNamesRoundTrip() {
        for algorithm in CompressionAlgorithm.allCases {
            #expect(CompressionAlgorithm.named(algorithm.name) == algorithm)
        }
        #expect(CompressionAlgorithm.deflate.name == "deflate")
        #expect(CompressionAlgorithm.named("zlib") == nil)
        #expect(CompressionAlgorithm.dumpName(of: 0) == "none")
    }

    @Test func aPolicyRequestRefusesModeAnyThatAnSAAccepts() throws {
        do {
            _ = try SetKeyParser.parse("spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/any//require;", file: "t")
            Issue.record("mode any was accepted in a policy request")
        } catch {
            #expect(error.code == .invalidPolicy)
            #expect(error.message == "expected transport or tunnel, found 'any'")
        }
        let sa = try SetKeyParser.parse("add 10.0.0.1 10.0.0.2 esp 0x1000 -m any -E null;", file: "t")
        #expect(sa.count == 1)
    }
}
