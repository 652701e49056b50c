// libFuzzer target for the psk.txt parser (`PreSharedKeyFile.parse(contents:path:)`). Built by scripts/fuzz.sh with
// -sanitize=fuzzer,address and -DLIBFUZZER; in an ordinary `swift build` it is a small program that replays the
// files named on its command line.
#if canImport(Glibc)
    import Glibc
#endif
import ConfParser

/// Characters none of the parser's own messages contain: a key holding one of them can be looked for in the
/// messages without false alarms.
let markers = Set("$%^&*~|!?=+".utf8)

/// Feeds one input to the parser and checks its properties. A violated property traps, which libFuzzer reports as a
/// crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    let file = PreSharedKeyFile.parse(contents: bytes, path: "psk.txt")
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let errorLines = Set(file.errors.map(\.line))
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
                precondition(file.lookup(entry.identifier) === entry.key, "lookup does not return the first entry")
            }
        }
        if let key = entry.key {
            if index < 32 { checkSecret(key, in: file) }
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

/// The key is never printed: not by itself, not in an entry, not in a diagnostic.
func checkSecret(_ key: PreSharedKey, in file: PreSharedKeyFile) {
    precondition(key.description == "<redacted>" && key.debugDescription == "PreSharedKey(<redacted>)")
    let bytes = key.withUnsafeBytes { Array($0) }
    precondition(bytes.count == key.count)
    guard bytes.count >= 8, bytes.contains(where: markers.contains), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
    else { return }
    let text = String(decoding: bytes, as: UTF8.self)
    for entry in file.entries.prefix(32) where !entry.identifier.contains(text) {
        precondition(!String(describing: entry).contains(text), "an entry's description shows its key")
    }
    for diagnostic in file.diagnostics.prefix(32) {
        var message = diagnostic.description
        for entry in file.entries.prefix(64) { message = message.replacingOccurrences(entry.identifier, with: "") }
        precondition(!message.contains(text), "a diagnostic shows a key: line \(diagnostic.line)")
    }
}

extension String {
    /// `self` with every occurrence of `target` replaced (Foundation-free).
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOneInput(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if LIBFUZZER
    /// libFuzzer's driver (compiler-rt `FuzzerDriver.cpp`). SwiftPM links every executable with its own entry point
    /// (`PSKFuzzer_main`), so libFuzzer's `main` is not used; this entry point hands control to the driver instead.
    @_silgen_name("LLVMFuzzerRunDriver")
    func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// Runs libFuzzer with the command-line arguments.
    @main
    struct PSKFuzzerMain {
        static func main() {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(llvmFuzzerRunDriver(&argc, &argv, llvmFuzzerTestOneInput))
        }
    }
#else
    /// Without libFuzzer: replays each file named on the command line.
    @main
    struct PSKFuzzerReplay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let file = fopen(path, "rb") else {
                    print("cannot open \(path)")
                    exit(2)
                }
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = fread(&buffer, 1, buffer.count, file)
                    if count <= 0 { break }
                    bytes.append(contentsOf: buffer[0..<count])
                }
                fclose(file)
                fuzzOneInput(bytes)
                print("ok \(path) (\(bytes.count) bytes)")
            }
        }
    }
#endif
