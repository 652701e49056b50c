// libFuzzer target for the ISAKMP parser. Built by scripts/fuzz.sh with -sanitize=fuzzer,address and -DLIBFUZZER;
// in an ordinary `swift build` it is a small program that replays the files named on its command line.
#if canImport(Glibc)
    import Glibc
#endif
import ISAKMP
import FuzzSupport

/// Feeds one input to every parser entry point and checks the round-trip properties. A violated property traps,
/// which libFuzzer reports as a crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    if let message = try? ISAKMPMessage(parsing: bytes) {
        // Parse-then-serialise gives the received bytes back.
        precondition(message.serialized() == bytes, "serialised bytes differ from the input")
        switch message.body {
        case .payloads(let chain):
            // Rebuilding from the typed payloads parses back to the same payloads.
            let rebuilt = ISAKMPMessage(header: message.header, payloads: chain.payloads)
            guard let reparsed = try? ISAKMPMessage(parsing: rebuilt.serialized()) else {
                preconditionFailure("a rebuilt message does not parse")
            }
            precondition(reparsed.payloads == chain.payloads, "rebuilt payloads differ")
            for index in chain.payloads.indices {
                precondition(Array(chain.bodyBytes(at: index)).count + 4 == chain.payloadBytes(at: index).count)
                _ = chain.bytes(after: index)
            }
            inspect(chain.payloads)
        case .encrypted(let body):
            // Treat the ciphertext as a decrypted body, to reach the padding-tolerant chain parser.
            if let chain = try? PayloadChain.parse(body, first: message.header.nextPayload) {
                precondition(chain.bytes.count + chain.trailingByteCount == body.count)
                inspect(chain.payloads)
            }
        }
    }
    // The bytes as a decrypted body whose first payload is named by the first byte.
    if let first = bytes.first,
        let chain = try? PayloadChain.parse(Array(bytes.dropFirst()), first: PayloadType(rawValue: first))
    {
        let rebuilt = PayloadChain(chain.payloads)
        guard let reparsed = try? PayloadChain.parse(rebuilt.bytes, first: rebuilt.firstPayloadType) else {
            preconditionFailure("a rebuilt chain does not parse")
        }
        precondition(reparsed.payloads == chain.payloads && reparsed.trailingByteCount == 0, "rebuilt chain differs")
    }
}

/// Runs the secondary decoders (vendor IDs, security contexts, notify accessors) over parsed payloads.
func inspect(_ payloads: [Payload]) {
    for payload in payloads {
        switch payload {
        case .vendorID(let vid):
            if let known = vid.known { precondition(KnownVendorID(known.bytes) == known) }
        case .securityAssociation(let sa):
            for proposal in sa.proposals {
                for transform in proposal.transforms {
                    for attribute in transform.attributes {
                        _ = attribute.integerValue
                        if let context = try? SecurityContext(attribute: attribute, attributeType: attribute.type) {
                            precondition(context.attribute(type: attribute.type) == attribute, "SECCTX round trip")
                        }
                    }
                }
            }
        case .notification(let notify):
            _ = notify.dpdSequenceNumber
        default:
            break
        }
    }
}

@main
struct ISAKMPFuzzerMain {
    static func main() { FuzzDriver.run(fuzzOneInput) }
}
