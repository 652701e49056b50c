// libFuzzer target for the psk.txt parser (`PreSharedKeyFile.parse(contents:path:)`). Built by scripts/fuzz.sh with
// -sanitize=fuzzer,address and -DLIBFUZZER; in an ordinary `swift build` it is a small program that replays the
// files named on its command line.
#if canImport(Glibc)
    import Glibc
#endif
import ConfParser
import FuzzSupport

/// Characters none of the parser's own messages contain: a key holding one of them can be looked for in the
/// messages without false alarms.
let markers = Set("$%^&*~|!?=+".utf8)

/// Feeds one input to the parser and checks its properties. A violated property traps, which libFuzzer reports as a
/// crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    let file = PreSharedKeyFile.parse(contents: bytes, path: "psk.txt")
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let errorLines = Set(file.errors.map(\.line))
    var printed: [[UInt8]]?
    func printedTexts() -> [[UInt8]] {
        if let printed { return printed }
        let texts = file.entries.prefix(16).map { String(describing: $0) } + file.diagnostics.prefix(32).map(\.description)
        let messages = texts.map { Array($0.utf8) }
        printed = messages
        return messages
    }
    var firstLineOf: [String: Int] = [:]
    var previousLine = 0
    for (index, entry) in file.entries.enumerated() {
        // Entries come in line order, one per line, and name the identifier that starts their line.
        precondition(entry.line > previousLine && entry.line <= lines.count, "entry line out of order or range")
        previousLine = entry.line
        let line = lines[entry.line - 1]
        precondition(!entry.identifier.isEmpty, "an entry with an empty identifier")
        let identifier = Array(entry.identifier.utf8)
        precondition(
            line.starts(with: identifier) || identifier.contains(0xEF),
            "the identifier is not the start of its line")
        // The first entry with an identifier is the one looked up (lookup is linear: check the first few).
        if firstLineOf[entry.identifier] == nil {
            firstLineOf[entry.identifier] = entry.line
            if index < 32 {
                precondition(file.lookup(entry.identifier) == entry.key, "lookup does not return the first entry")
            }
        }
        if let key = entry.key {
            if index < 32 { checkSecret(key, in: file, input: bytes, printedTexts: printedTexts) }
        } else {
            precondition(errorLines.contains(entry.line), "an unusable entry without an error diagnostic")
        }
    }
    var previousDiagnostic = 0
    for diagnostic in file.diagnostics {
        precondition(diagnostic.line >= previousDiagnostic && diagnostic.line >= 1, "diagnostics out of order")
        precondition(diagnostic.line <= lines.count, "a diagnostic past the last line")
        previousDiagnostic = diagnostic.line
    }
}

/// The key is never printed: not by itself, not in an entry, not in a diagnostic. `printedTexts` are the
/// descriptions of the first entries and diagnostics.
func checkSecret(_ key: PreSharedKey, in file: PreSharedKeyFile, input: [UInt8], printedTexts: () -> [[UInt8]]) {
    precondition(key.description == "<redacted>" && key.debugDescription == "PreSharedKey(<redacted>)")
    let bytes = key.withUnsafeBytes { Array($0) }
    precondition(bytes.count == key.count)
    guard bytes.count >= 8, bytes.contains(where: markers.contains), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
    else { return }
    // Messages name identifiers (of entries and of key-less lines), which may legitimately hold the key's text:
    // look only for keys whose text appears nowhere else in the input.
    guard occurrences(of: bytes, in: input) == 1 else { return }
    for message in printedTexts() {
        precondition(!occurs(bytes, in: message), "a key is printed in: \(String(decoding: message, as: UTF8.self))")
    }
}

/// How often `needle` occurs in `haystack`, overlaps included.
func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
    var count = 0
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if haystack[start..<start + needle.count].elementsEqual(needle) { count += 1 }
    }
    return count
}

/// True when `needle` occurs in `haystack` (bytes, so that no Unicode processing slows the fuzzer down).
func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if haystack[start..<start + needle.count].elementsEqual(needle) { return true }
    }
    return false
}

@main
struct PSKFuzzerMain {
    static func main() { FuzzDriver.run(fuzzOneInput) }
}
