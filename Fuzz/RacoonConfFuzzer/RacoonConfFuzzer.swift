// libFuzzer target for the racoon.conf parser and validator (`ConfigurationLoader.load(text:)`). Built by
// scripts/fuzz.sh with -sanitize=fuzzer,address and -DLIBFUZZER; in an ordinary `swift build` it is a small program
// that replays the files named on its command line.
#if canImport(Glibc)
    import Glibc
#endif
import ConfParser
import FuzzSupport

/// `include "pattern";` is the one statement that reaches the file system (glob(3) and read); fuzzed patterns
/// would walk the host's directories. ConfigurationLoader has no seam for includes, so inputs with an include
/// statement are skipped (`path include` is kept: it only records a directory).
func hasIncludeStatement(_ bytes: [UInt8]) -> Bool {
    // The lexer's rules: `#` comments to the end of the line, strings without escapes, these delimiters.
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

/// Feeds one input to the loader and checks its properties. A violated property traps, which libFuzzer reports as
/// a crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    guard !hasIncludeStatement(bytes) else { return }
    let text = String(decoding: bytes, as: UTF8.self)
    let lineCount = text.utf8.count { $0 == UInt8(ascii: "\n") } + 1
    let first = load(text)
    // Loading is deterministic.
    switch (first, load(text)) {
    case (.success(let one), .success(let two)):
        precondition(one.configuration == two.configuration, "a second load gives another configuration")
        precondition(one.warnings == two.warnings, "a second load gives other warnings")
        precondition(one.files == ["fuzz.conf"], "a text load names files it did not read")
        for warning in one.warnings {
            _ = warning.description
            checkLocation(warning.location, lineCount: lineCount)
        }
        inspect(one.configuration)
    case (.failure(let one), .failure(let two)):
        precondition(one == two, "a second load fails differently")
        _ = one.description
        checkLocation(one.location, lineCount: lineCount)
    default:
        preconditionFailure("a second load gives another outcome")
    }
}

/// Loads `text` as the file `fuzz.conf`.
func load(_ text: String) -> Result<LoadedConfiguration, ConfigError> {
    do {
        return .success(try ConfigurationLoader.load(text: text, fileName: "fuzz.conf"))
    } catch {
        return .failure(error)
    }
}

/// A location names the input and a line of it.
func checkLocation(_ location: SourceLocation, lineCount: Int) {
    precondition(location.file == "fuzz.conf", "a location names another file: \(location)")
    precondition(location.line >= 0 && location.line <= lineCount, "a location is past the end: \(location)")
}

/// Reads every part of a loaded configuration that the daemon reads.
func inspect(_ configuration: Configuration) {
    for remote in configuration.remotes {
        _ = remote.selector.description
        _ = remote.proposals.count
    }
    _ = configuration.sainfos.count
    _ = configuration.hashValue
}

@main
struct RacoonConfFuzzerMain {
    static func main() { FuzzDriver.run(fuzzOneInput) }
}
