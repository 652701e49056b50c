import FuzzCorpus
import PFKeyListener
import Testing

@testable import SetKeyCore

private let setkeyFuzzInputs = FuzzCorpus.inputs(of: "setkey")
private let sadbFuzzInputs = FuzzCorpus.inputs(of: "sadb")

/// Replays the setkey fuzz corpus and crashers with the properties Fuzz/SetKeyFuzzer checks, and the SADB corpus
/// through setkey's dump formatters as Fuzz/SADBFuzzer does: nothing traps, parsing is deterministic, and every
/// request built from accepted input is a canonical PF_KEY message that decodes to itself.
@Suite struct SetKeyFuzzRegressionTests {
    @Test func seedDocumentsParse() throws {
        let seeds = setkeyFuzzInputs.filter { $0.name.contains("/seed-") && !$0.name.contains("parser-test") }
        #expect(seeds.count == 4)
        for seed in seeds {
            let statements = try SetKeyParser.parse(seed.bytes, file: seed.name, protocols: fixedProtocols)
            #expect(!statements.isEmpty, "\(seed.name)")
        }
    }

    @Test func everyInputKeepsTheParserProperties() throws {
        var accepted = 0
        for input in setkeyFuzzInputs {
            let statements: [SetKeyStatement]
            do {
                statements = try SetKeyParser.parse(input.bytes, file: "fuzz.conf", protocols: fixedProtocols)
            } catch {
                #expect(error.location.line >= 1 && error.location.column >= 1, "\(input.name): \(error)")
                continue
            }
            accepted += 1
            let again = try SetKeyParser.parse(input.bytes, file: "fuzz.conf", protocols: fixedProtocols)
            #expect(again == statements, "\(input.name)")
            for rfcMode in [true, false] {
                let builder = SetKeyCore.SADBRequestBuilder(pid: 4242, rfcMode: rfcMode)
                for request in statements.flatMap({ builder.requests(for: $0.command) }) {
                    let parsed = try SADBMessage.parse(request.serialize())
                    #expect(parsed.message == request, "\(input.name): \(request)")
                    #expect(parsed.warnings.isEmpty, "\(input.name): \(request)")
                }
            }
        }
        #expect(accepted >= 4)
    }

    @Test func everySADBInputGoesThroughTheDumpFormatters() {
        let formatter = utcFormatter(now: 1_700_000_000, withPorts: true)
        var printedFiles = 0
        for input in sadbFuzzInputs {
            if let message = try? SADBMessage(parsing: input.bytes) {
                _ = formatter.formatSecurityAssociation(message)
                _ = formatter.formatPolicy(message)
                _ = formatter.formatShort(message)
                _ = KernelDebugFormatter().format(message, length: input.bytes.count)
            }
            if let messages = try? MessageFilePrinter.split(input.bytes) {
                _ = MessageFilePrinter(formatter: formatter).render(messages)
                printedFiles += 1
            }
        }
        #expect(printedFiles >= 21)
    }
}
