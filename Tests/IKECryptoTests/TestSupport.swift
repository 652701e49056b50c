import Foundation
import IKECrypto
import Testing

/// Decodes lowercase or uppercase hex (no separators). Traps on malformed fixtures: a broken fixture is a bug in
/// the test, not an input to handle.
func hex(_ string: String) -> [UInt8] {
    let digits = Array(string.utf8)
    precondition(digits.count % 2 == 0, "odd-length hex fixture")
    func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: preconditionFailure("bad hex digit in fixture")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
}

/// Lowercase hex of `bytes`.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

extension SecretBytes {
    /// The bytes, for comparing against fixtures in tests only.
    var testBytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

/// Reads a fixture from the test bundle's `Vectors/` folder.
func vectorData(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Vectors"))
    return try Data(contentsOf: url)
}

/// One `key = value` block of an RFC-style vector file (blocks separated by blank lines, `#` comments).
struct VectorBlock: CustomTestStringConvertible, Sendable {
    let fields: [String: String]
    let file: String

    subscript(_ key: String) -> String {
        guard let value = fields[key] else { preconditionFailure("vector in \(file) lacks \(key)") }
        return value
    }

    func bytes(_ key: String) -> [UInt8] { hex(self[key]) }

    var testDescription: String { "\(file) \(fields["hash"] ?? fields["cipher"] ?? "") case \(fields["test_case"] ?? "?")" }

    /// Every block of the vector file `name`.
    static func load(_ name: String) -> [VectorBlock] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Vectors"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("missing vector file \(name)") }
        var blocks: [VectorBlock] = []
        var current: [String: String] = [:]
        for line in text.components(separatedBy: "\n") + [""] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { continue }
            if trimmed.isEmpty {
                if !current.isEmpty { blocks.append(VectorBlock(fields: current, file: name)) }
                current = [:]
                continue
            }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            precondition(parts.count == 2, "bad line in \(name): \(trimmed)")
            current[parts[0]] = parts[1]
        }
        return blocks
    }
}
