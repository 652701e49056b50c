import FuzzCorpus
import Testing
@testable import ConfParser

/// Every file under Fuzz/corpus/psk and Fuzz/crashers/psk.
private let pskFuzzInputs = FuzzCorpus.inputs(of: "psk")

/// Replays the psk.txt fuzz corpus and crashers with the properties Fuzz/PSKFuzzer checks: parsing never traps,
/// entries and diagnostics point at real lines in order, lookups return the first entry, and no key is printed.
@Suite struct PSKFuzzRegressionTests {
    @Test func theSampleFileIsASeed() throws {
        let sample = try #require(pskFuzzInputs.first { $0.name.hasSuffix("/seed-psk.txt.example") })
        let file = PreSharedKeyFile.parse(contents: sample.bytes, path: "psk.txt")
        #expect(file.lookup("10.0.0.1") == PreSharedKey(copying: Array("flibbertigibbet".utf8)))
        #expect(file.diagnostics.isEmpty)
    }

    @Test func everyInputKeepsTheParserProperties() throws {
        for input in pskFuzzInputs {
            let file = PreSharedKeyFile.parse(contents: input.bytes, path: "psk.txt")
            let lines = input.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let errorLines = Set(file.errors.map(\.line))
            var previousLine = 0
            var seen = Set<String>()
            for entry in file.entries {
                #expect(entry.line > previousLine && entry.line <= lines.count, "\(input.name)")
                previousLine = entry.line
                let identifier = Array(entry.identifier.utf8)
                #expect(!identifier.isEmpty, "\(input.name)")
                #expect(lines[entry.line - 1].starts(with: identifier) || identifier.contains(0xEF), "\(input.name)")
                if seen.insert(entry.identifier).inserted {
                    #expect(file.lookup(entry.identifier) == entry.key, "\(input.name) line \(entry.line)")
                }
                if let key = entry.key {
                    #expect("\(key)" == "<redacted>" && String(reflecting: key) == "PreSharedKey(<redacted>)")
                    try expectNotPrinted(key, in: file, input: input)
                } else {
                    #expect(errorLines.contains(entry.line), "\(input.name) line \(entry.line)")
                }
            }
            var previousDiagnostic = 1
            for diagnostic in file.diagnostics {
                #expect(diagnostic.line >= previousDiagnostic && diagnostic.line <= lines.count, "\(input.name)")
                previousDiagnostic = diagnostic.line
            }
        }
    }

    /// A printable key of 8 bytes or more with a character no message uses, whose text appears nowhere else in the
    /// file (messages name identifiers, which may hold it), never shows up in a diagnostic or an entry's description.
    private func expectNotPrinted(
        _ key: PreSharedKey, in file: PreSharedKeyFile, input: FuzzCorpusFile
    ) throws {
        let bytes = key.withUnsafeBytes { Array($0) }
        let markers = Set("$%^&*~|!?=+".utf8)
        guard bytes.count >= 8, bytes.contains(where: markers.contains), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let occurrences = (0...(input.bytes.count - bytes.count)).count {
            input.bytes[$0..<$0 + bytes.count].elementsEqual(bytes)
        }
        guard occurrences == 1 else { return }
        for entry in file.entries {
            #expect(!String(describing: entry).contains(text), "\(input.name)")
        }
        for diagnostic in file.diagnostics {
            #expect(!diagnostic.description.contains(text), "\(input.name) line \(diagnostic.line)")
        }
    }
}
