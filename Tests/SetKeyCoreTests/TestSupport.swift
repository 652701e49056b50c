import Foundation
import Testing

@testable import SetKeyCore

func ip(_ text: String) -> ScopedAddress {
    guard let address = ScopedAddress(parsing: text) else { fatalError("bad test address \(text)") }
    return address
}

func parse(_ text: String) throws(SetKeyParseError) -> [SetKeyStatement] {
    try SetKeyParser.parse(text, file: "t.conf")
}

func parseOne(_ text: String) throws -> SetKeyCommand {
    let statements = try parse(text)
    try #require(statements.count == 1)
    return statements[0].command
}

/// The error a malformed input produces (fails the test if it parses).
func parseError(_ text: String) -> SetKeyParseError? {
    do {
        _ = try parse(text)
        return nil
    } catch {
        return error
    }
}

func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try Data(contentsOf: url)
}
