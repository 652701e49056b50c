import FuzzCorpus
import RaccoonTestSupport
import Testing

/// Every file under Fuzz/corpus/engine and Fuzz/crashers/engine.
private let engineFuzzInputs = FuzzCorpus.inputs(of: "engine")

/// Replays the engine fuzz corpus and crashers through the harness Fuzz/EngineFuzzer uses, with its properties
/// (bounded tables, nothing left once the timers ran, established SAs surviving unauthenticated input), and checks
/// that the seeds reach what they were made for: without that, the fuzzer would explore nothing behind them.
@Suite struct EngineFuzzRegressionTests {
    let harness = EngineFuzzHarness()

    func seed(_ name: String) throws -> [UInt8] {
        try #require(engineFuzzInputs.first { $0.name == "Fuzz/corpus/engine/seed-\(name)" }).bytes
    }

    @Test func everyInputKeepsTheEngineProperties() {
        #expect(engineFuzzInputs.count >= 40)
        for input in engineFuzzInputs {
            let violations = harness.run(input.bytes)
            #expect(violations.isEmpty, "\(input.name): \(violations)")
        }
    }

    @Test func theCommittedSeedsAreTheHarnessSeeds() throws {
        for seed in harness.seeds() {
            #expect(try self.seed(String(seed.name.dropFirst("seed-".count))) == seed.bytes, "\(seed.name) is stale")
        }
    }

    @Test func theWholeMainModeSeedEstablishesBothPhasesAtAFreshResponder() throws {
        let count = harness.mainModeTranscript.filter { $0.local.port == 500 && $0.local.address.description == "10.0.0.1" }.count
        #expect(harness.run(try seed("before-mm-\(count)")).isEmpty)
        #expect(harness.lastReport.establishedPhase1 == 1 && harness.lastReport.establishedPhase2 == 1)
        #expect(harness.run(try seed("before-mm-1")).isEmpty)
        #expect(harness.lastReport.establishedPhase1 == 0 && harness.lastReport.sent == 1)
    }

    @Test func theWholeAggressiveModeSeedEstablishesPhase1() throws {
        #expect(harness.run(try seed("before-am-2")).isEmpty)
        #expect(harness.lastReport.establishedPhase1 == 1)
    }

    @Test func encryptedInputIsDecryptedButFailsAuthentication() throws {
        #expect(harness.run(try seed("encrypted-delete-isakmp")).isEmpty)
        #expect(harness.lastReport.log.contains { $0.contains("HASH(1) must come first") })
        #expect(harness.lastReport.establishedPhase1 == 1 && harness.lastReport.establishedPhase2 == 1)
    }

    @Test func authenticatedInputReachesDeleteAndQuickMode() throws {
        #expect(harness.run(try seed("authenticated-delete-isakmp")).isEmpty)
        #expect(harness.lastReport.establishedPhase1 == 0)
        #expect(harness.run(try seed("authenticated-r-u-there")).isEmpty)
        #expect(harness.lastReport.sent == 1 && harness.lastReport.establishedPhase1 == 1)
        // The initiator's fifth datagram is QM1: under a new message ID it starts a second Quick Mode.
        #expect(harness.run(try seed("authenticated-4-new")).isEmpty)
        #expect(harness.lastReport.negotiatingPhase2 == 1 && harness.lastReport.sent == 1, "\(harness.lastReport.log)")
    }

    @Test func aQuickModeRefusedAfterGETSPIReleasesItsSPI() throws {
        // Fuzz/crashers/engine/crash-62b8…: an authenticated QM1 whose proposal names a PFS group without a KE
        // payload was refused only once GETSPI had answered, and the larval SA stayed in the kernel.
        let crasher = try #require(engineFuzzInputs.first { $0.name.hasSuffix("crash-62b801a0687140493677b9def40c34a6065f4b61") })
        let input = try #require(EngineFuzzInput(crasher.bytes))
        let first = EngineFuzzInput(mode: input.mode, sender: input.sender, records: [input.records[0]])
        #expect(harness.run(first.bytes).isEmpty)
        #expect(harness.lastReport.log.contains { $0.contains("PFS mismatch") })
    }
}
