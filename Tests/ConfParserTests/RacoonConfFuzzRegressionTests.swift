import FuzzCorpus
import Testing
@testable import ConfParser

private let confFuzzInputs = FuzzCorpus.inputs(of: "racoon-conf")

/// Replays the racoon.conf fuzz corpus and crashers with the properties Fuzz/RacoonConfFuzzer checks: loading never
/// traps, is deterministic, and every error or warning points into the input.
@Suite struct RacoonConfFuzzRegressionTests {
    @Test func seedsArePresent() {
        // etc/racoon.conf, the two valid fixtures and the malformed ones.
        let seeds = confFuzzInputs.filter { $0.name.contains("/seed-") }
        #expect(seeds.count >= 50)
        #expect(seeds.contains { $0.name.hasSuffix("/seed-etc-racoon.conf") })
    }

    @Test func everyInputKeepsTheLoaderProperties() throws {
        var loaded = 0
        for input in confFuzzInputs where !Self.hasIncludeStatement(input.bytes) {
            let text = String(decoding: input.bytes, as: UTF8.self)
            let lineCount = text.utf8.count { $0 == UInt8(ascii: "\n") } + 1
            do {
                let one = try ConfigurationLoader.load(text: text, fileName: "fuzz.conf")
                let two = try ConfigurationLoader.load(text: text, fileName: "fuzz.conf")
                loaded += 1
                #expect(one.configuration == two.configuration, "\(input.name)")
                #expect(one.warnings == two.warnings, "\(input.name)")
                #expect(one.files == ["fuzz.conf"], "\(input.name)")
                for warning in one.warnings {
                    #expect(warning.location.file == "fuzz.conf" && warning.location.line <= lineCount, "\(input.name)")
                }
            } catch {
                #expect(error.location.file == "fuzz.conf", "\(input.name)")
                #expect(error.location.line >= 0 && error.location.line <= lineCount, "\(input.name): \(error)")
                #expect(throws: error) { try ConfigurationLoader.load(text: text, fileName: "fuzz.conf") }
            }
        }
        #expect(loaded >= 3)
    }

    @Test func includeStatementsAreRecognisedAsTheHarnessDoes() {
        #expect(Self.hasIncludeStatement(Array("include \"/etc/*\";".utf8)))
        #expect(Self.hasIncludeStatement(Array("log info; include \"x\";".utf8)))
        #expect(!Self.hasIncludeStatement(Array("path include \"/etc/racoon\";".utf8)))
        #expect(!Self.hasIncludeStatement(Array("path # comment\n include \"/etc\";".utf8)))
        #expect(!Self.hasIncludeStatement(Array("# include \"/etc/*\";\nlog \"include\";".utf8)))
    }

    /// The harness's filter (Fuzz/RacoonConfFuzzer): an `include` token outside comments and strings that does not
    /// follow `path` starts an include statement, which would read the file system.
    static func hasIncludeStatement(_ bytes: [UInt8]) -> Bool {
        let delimiters = Set(" \t\r\n\u{0B}\u{0C};{},\"#[]/".utf8)
        var previous: ArraySlice<UInt8> = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") { index += 1 }
                index += 1
                previous = [UInt8(ascii: "\"")]
            } else if delimiters.contains(byte) {
                if !(byte == 0x20 || (0x09...0x0D).contains(byte)) { previous = [byte] }
                index += 1
            } else {
                let start = index
                while index < bytes.count && !delimiters.contains(bytes[index]) { index += 1 }
                let word = bytes[start..<index]
                if word.elementsEqual("include".utf8) && !previous.elementsEqual("path".utf8) { return true }
                previous = word
            }
        }
        return false
    }
}
