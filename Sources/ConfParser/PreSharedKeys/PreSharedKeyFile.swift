#if canImport(Glibc)
import Glibc
#endif

/// psk.txt: pre-shared keys by identifier (racoon's `getpsk()` in `localconf.c`).
///
/// Format, exactly as racoon reads it:
/// - one entry per line: an identifier, a run of whitespace, then the key up to the end of the line (embedded
///   and trailing blanks and a trailing `\r` are part of the key; Raccoon keeps that but warns);
/// - only lines whose first character is `#` are comments;
/// - a key starting with `0x` is hex; whitespace between digits is allowed; an odd digit count or any other
///   character makes that entry unusable;
/// - identifiers are compared byte for byte, case-sensitively; the first matching line wins.
///
/// `load(path:)` performs racoon's permission check first. racoon re-reads the file on every lookup; callers that
/// want the same behaviour call `load` again rather than caching the result.
public struct PreSharedKeyFile: Sendable {
    /// One identifier/key line.
    public struct Entry: Sendable {
        /// The identifier, as written (an address, an FQDN, user@FQDN, …).
        public let identifier: String
        /// The key, or nil when the line's key is malformed (see `diagnostics`).
        public let key: PreSharedKey?
        /// The 1-based line.
        public let line: Int
    }

    /// racoon reads lines with `fgets` into a 1024-byte buffer.
    public static let racoonLineLimit = 1023
    /// The largest psk.txt accepted.
    public static let maximumFileSize = 16 << 20

    /// The file the keys came from.
    public let path: String
    /// The entries in file order (comments, blank and key-less lines are not entries).
    public let entries: [Entry]
    /// Problems found, in line order.
    public let diagnostics: [PreSharedKeyFileDiagnostic]

    /// The diagnostics that make an entry unusable.
    public var errors: [PreSharedKeyFileDiagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The diagnostics that do not.
    public var warnings: [PreSharedKeyFileDiagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// The key for `identifier`: the first entry whose identifier matches exactly; nil if there is none or if
    /// that entry's key is malformed (racoon: "failed to get psk buffer").
    public func lookup(_ identifier: String) -> PreSharedKey? {
        entries.first { $0.identifier == identifier }?.key
    }

    /// Reads `path` after racoon's permission check: no setuid execution, the owner is `expectedOwner` (by
    /// default our effective uid), a regular file, and `mode & 077 == 0`.
    public static func load(path: String, expectedOwner: UInt32? = nil) throws(PreSharedKeyFileError)
        -> PreSharedKeyFile
    {
        let expectedOwner = expectedOwner ?? geteuid()
        if getuid() != geteuid() {
            throw PreSharedKeyFileError(.setuidExecution, path: path,
                                        message: "refusing to read pre-shared keys in a setuid process "
                                            + "(real uid \(getuid()), effective uid \(geteuid()))")
        }
        var refusal: PreSharedKeyFileError?
        var bytes: [UInt8]
        do {
            bytes = try FileAccess.read(path, maximumSize: maximumFileSize) { status throws(FileAccess.Failure) in
                if status.ownerID != expectedOwner {
                    refusal = PreSharedKeyFileError(
                        .wrongOwner, path: path,
                        message: "pre-shared key file \(path) is owned by uid \(status.ownerID); it must be owned by "
                            + "uid \(expectedOwner), the user Raccoon runs as (chown \(expectedOwner) \(path))")
                } else if !status.isRegularFile {
                    refusal = PreSharedKeyFileError(.notRegularFile, path: path,
                                                    message: "pre-shared key file \(path) is not a regular file")
                } else if status.mode & 0o077 != 0 {
                    let mode = String(status.mode, radix: 8)
                    refusal = PreSharedKeyFileError(
                        .weakPermissions, path: path,
                        message: "pre-shared key file \(path) has mode 0\(mode), so group or others can access it; "
                            + "it must be readable by its owner only (chmod 600 \(path))")
                }
                if refusal != nil { throw FileAccess.Failure(message: "refused") }
            }
        } catch {
            throw refusal ?? PreSharedKeyFileError(.unreadable, path: path,
                                                   message: "pre-shared key file \(path) \(error.message)")
        }
        defer { PreSharedKey.zero(&bytes) }
        return parse(&bytes, path: path)
    }

    /// Parses psk.txt contents without any permission check (for tests and tools).
    public static func parse(contents: [UInt8], path: String) -> PreSharedKeyFile {
        var copy = contents
        defer { PreSharedKey.zero(&copy) }
        return parse(&copy, path: path)
    }

    // MARK: - Parsing

    private static func parse(_ bytes: inout [UInt8], path: String) -> PreSharedKeyFile {
        var entries: [Entry] = []
        var diagnostics: [PreSharedKeyFileDiagnostic] = []
        var seen: [String: Int] = [:]
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            defer { start = end + 1 }
            func note(_ severity: PreSharedKeyFileDiagnostic.Severity, _ code: PreSharedKeyFileDiagnostic.Code,
                      _ message: String) {
                diagnostics.append(.init(severity: severity, code: code, path: path, line: lineNumber,
                                         message: message))
            }
            let line = bytes[start..<end]
            guard let first = line.first, first != UInt8(ascii: "#") else { continue }
            if line.count > racoonLineLimit {
                note(.warning, .lineTooLong,
                     "line is longer than racoon's \(racoonLineLimit)-byte limit; racoon would split it, Raccoon reads it whole")
            }
            if isSpace(first) {
                if line.contains(where: { !isSpace($0) }) {
                    note(.warning, .indentedLine, "line starts with whitespace, so its identifier is empty and it never "
                            + "matches (racoon ignores it too)")
                }
                continue
            }
            var cursor = line.startIndex
            while cursor < line.endIndex && !isSpace(line[cursor]) { cursor += 1 }
            let identifier = String(decoding: line[line.startIndex..<cursor], as: UTF8.self)
            while cursor < line.endIndex && isSpace(line[cursor]) { cursor += 1 }
            guard cursor < line.endIndex else {
                // The lone field is not echoed: it may be a key that wrapped onto its own line.
                note(.warning, .missingKey, "line has an identifier but no key, and is ignored")
                continue
            }
            if let previous = seen[identifier] {
                note(.warning, .duplicateIdentifier,
                     "identifier '\(identifier)' is already defined on line \(previous); only that line is used")
            } else {
                seen[identifier] = lineNumber
            }
            let keyBytes = line[cursor...]
            if keyBytes.contains(0) {
                note(.error, .nulByte, "the key for '\(identifier)' contains a NUL byte")
                entries.append(Entry(identifier: identifier, key: nil, line: lineNumber))
                continue
            }
            if keyBytes.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")]) {
                switch decodeHex(keyBytes.dropFirst(2)) {
                case .success(var decoded):
                    entries.append(Entry(identifier: identifier, key: PreSharedKey(zeroingSource: &decoded),
                                         line: lineNumber))
                case .failure(let failure):
                    note(.error, failure.code, "the 0x key for '\(identifier)' \(failure.message); this entry cannot be used")
                    entries.append(Entry(identifier: identifier, key: nil, line: lineNumber))
                }
                continue
            }
            if let last = keyBytes.last {
                if last == UInt8(ascii: "\r") {
                    note(.warning, .carriageReturn,
                         "the key for '\(identifier)' ends in a carriage return (CRLF line end), which is part of "
                            + "the key, as in racoon; convert the file to LF line ends")
                } else if last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                    note(.warning, .trailingWhitespace,
                         "the key for '\(identifier)' ends in whitespace, which is part of the key, as in racoon")
                }
            }
            entries.append(Entry(identifier: identifier, key: PreSharedKey(copying: keyBytes), line: lineNumber))
        }
        return PreSharedKeyFile(path: path, entries: entries, diagnostics: diagnostics)
    }

    private struct HexFailure: Error {
        var code: PreSharedKeyFileDiagnostic.Code
        var message: String
    }

    private static func decodeHex(_ text: ArraySlice<UInt8>) -> Result<[UInt8], HexFailure> {
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 2)
        var pending: UInt8?
        var digits = 0
        for (offset, byte) in text.enumerated() {
            if isSpace(byte) { continue }
            guard let nibble = hexValue(byte) else {
                PreSharedKey.zero(&output)
                return .failure(HexFailure(code: .invalidHexCharacter,
                                           message: "has a character that is not a hex digit at key offset \(offset + 2)"))
            }
            digits += 1
            if let high = pending {
                output.append(high << 4 | nibble)
                pending = nil
            } else {
                pending = nibble
            }
        }
        guard digits > 0 else {
            return .failure(HexFailure(code: .emptyHexKey, message: "has no hex digits"))
        }
        guard pending == nil else {
            PreSharedKey.zero(&output)
            return .failure(HexFailure(code: .oddHexDigitCount, message: "has an odd number of hex digits"))
        }
        return .success(output)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// C `isspace` in the "C" locale.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
