import FuzzCorpus
import Testing

@testable import ISAKMP

/// Every input under Fuzz/corpus/isakmp and Fuzz/crashers/isakmp.
let fuzzInputs = FuzzCorpus.inputs(of: "isakmp")

/// Replays the fuzz corpus and every former crasher with the fuzz target's properties (Fuzz/ISAKMPFuzzer), as
/// ordinary assertions: parsing never traps, and whatever parses round-trips.
@Suite struct FuzzRegressionTests {
    @Test func corpusIsPresent() {
        #expect(fuzzInputs.filter { $0.name.contains("/golden-") }.count == 61)
    }

    @Test func everyInputKeepsTheFuzzProperties() throws {
        for input in fuzzInputs {
            let bytes = input.bytes
            if let message = try? ISAKMPMessage(parsing: bytes) {
                #expect(message.serialized() == bytes, "\(input.name)")
                if case .payloads(let chain) = message.body {
                    let rebuilt = ISAKMPMessage(header: message.header, payloads: chain.payloads)
                    let reparsed = try ISAKMPMessage(parsing: rebuilt.serialized())
                    #expect(reparsed.payloads == chain.payloads, "\(input.name)")
                } else if let body = message.encryptedBody,
                    let chain = try? PayloadChain.parse(body, first: message.header.nextPayload)
                {
                    #expect(chain.bytes.count + chain.trailingByteCount == body.count, "\(input.name)")
                }
            }
            if let first = bytes.first,
                let chain = try? PayloadChain.parse(Array(bytes.dropFirst()), first: PayloadType(rawValue: first))
            {
                let rebuilt = PayloadChain(chain.payloads)
                let reparsed = try PayloadChain.parse(rebuilt.bytes, first: rebuilt.firstPayloadType)
                #expect(reparsed.payloads == chain.payloads, "\(input.name)")
                #expect(reparsed.trailingByteCount == 0)
            }
        }
    }
}
