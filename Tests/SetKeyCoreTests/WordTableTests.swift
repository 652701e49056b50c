import SourceText
import Testing

@testable import SetKeyCore

/// setkey's and ipsec_set_policy(3)'s words, read and printed from one table per value set.
@Suite struct WordTableTests {
    @Test func policyWordsReadAsTheirValues() {
        #expect(PolicyDirection.words.words == ["in", "out", "fwd"])
        #expect(PolicyDirection.words["fwd"] == .forward)
        #expect(PolicyDirection.forward.name == "fwd")
        #expect(PolicyDirection.inbound.name == "in")
        #expect(IPsecMode.words["any"] == .any)
    }

    @Test func policyRequestsReadProtocolModeAndLevelWords() throws {
        func parse(_ text: String) throws(SetKeyParseError) -> PolicySpec {
            let place = SourceText.SourceLocation(file: "t", line: 1, column: 1)
            var parser = PolicyParser(text: text, start: place, end: place)
            return try parser.parse()
        }
        let spec = try parse("out prio high + 2 bypass")
        #expect(spec.action == .bypass)
        #expect(spec.priority == PolicySpec.priorityHigh - 2)
        let ipsec = try parse("in ipsec ipcomp/transport//use esp/tunnel/10.0.0.1-10.0.0.2/unique:7")
        #expect(ipsec.requests.map(\.proto) == [.ipcomp, .esp])
        #expect(ipsec.requests.map(\.level) == [.use, .unique])
        #expect(ipsec.requests.map(\.reqid) == [0, 7])
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
