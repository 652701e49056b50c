import FuzzCorpus
import Testing

@testable import PFKeyListener

/// Every file under Fuzz/corpus/sadb and Fuzz/crashers/sadb.
private let sadbFuzzInputs = FuzzCorpus.inputs(of: "sadb")

/// Replays the SADB fuzz corpus and every former crasher with the properties Fuzz/SADBFuzzer checks, as ordinary
/// assertions: decoding never traps, and whatever decodes re-serialises to a message that decodes to the same value.
@Suite struct SADBFuzzRegressionTests {
    /// The seeds are the real kernel messages of Tests/PFKeyListenerTests/Fixtures and the SetKeyCore dumps.
    @Test func seedsAreRealKernelMessagesThatDecode() throws {
        let seeds = sadbFuzzInputs.filter { $0.name.contains("/seed-") && !$0.name.hasSuffix("-file") }
        #expect(seeds.count == 21)
        for seed in seeds {
            let result = try SADBMessage.parse(seed.bytes)
            #expect(!result.message.extensions.isEmpty || result.message.type == .flush, "\(seed.name)")
        }
    }

    @Test func everyInputKeepsTheRoundTripProperty() throws {
        for input in sadbFuzzInputs {
            guard let result = try? SADBMessage.parse(input.bytes) else { continue }
            let serialized = result.message.serialize()
            let reparsed = try SADBMessage.parse(serialized)
            #expect(reparsed.message == result.message, "\(input.name)")
            #expect(!reparsed.warnings.contains(where: Self.isNonCanonical), "\(input.name)")
            #expect(reparsed.message.serialize() == serialized, "\(input.name)")
            if !result.warnings.contains(where: Self.isNonCanonical) {
                #expect(serialized == input.bytes, "\(input.name)")
            }
        }
    }

    @Test func everyInputGoesThroughTheKernelEventReaders() {
        var decoded = 0
        for input in sadbFuzzInputs {
            guard let message = try? SADBMessage(parsing: input.bytes) else { continue }
            decoded += 1
            _ = message.description
            for ownPID: UInt32 in [0, message.pid, message.pid &+ 1] {
                if case .acquire(let acquire)? = try? KernelEvent.classify(message, ownPID: ownPID) {
                    _ = acquire.shouldBeIgnored
                }
            }
            var mirror = SPDMirror()
            if case .added(let policy) = mirror.apply(message) {
                #expect(mirror.policy(id: policy.id) == policy, "\(input.name)")
                _ = mirror.inboundPolicy(
                    reversing: policy, flowContext: policy.securityContext, contextMatches: SPDMirror.sameLabel)
            }
            var supported = SupportedAlgorithms()
            supported.record(registerReply: message)
        }
        #expect(decoded >= 21)
    }

    private static func isNonCanonical(_ warning: SADBParseWarning) -> Bool {
        if case .nonCanonicalExtension = warning { return true }
        return false
    }
}
