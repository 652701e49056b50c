import Foundation
import Testing

@testable import ISAKMP

/// Decodes a hex string, ignoring whitespace. Traps on bad test input (test code only).
func hex(_ string: String) -> [UInt8] {
    let digits = string.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd hex length")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// Lowercase hex of `bytes`.
func hexString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// One golden packet fixture.
struct GoldenPacket: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    var testDescription: String { name }
}

/// Every golden packet under Fixtures/golden, sorted by name.
let goldenPackets: [GoldenPacket] = {
    guard
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
            .appendingPathComponent("golden"),
        let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return names.filter { $0.hasSuffix(".hex") }.sorted().compactMap { name in
        guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
            return nil
        }
        return GoldenPacket(name: String(name.dropLast(4)), bytes: hex(text))
    }
}()

/// The golden packet called `name` (without `.hex`).
func golden(_ name: String) throws -> [UInt8] {
    try #require(goldenPackets.first { $0.name == name }, "missing fixture \(name)").bytes
}

/// Parses a payload body of type `type` through a bounded reader.
func parseBody(_ type: PayloadType, _ body: [UInt8]) throws(ISAKMPParseError) -> Payload {
    var reader = WireReader(body)
    return try Payload(type: type, parsing: &reader)
}

/// Serialises a payload's body.
func bodyBytes(_ payload: Payload) -> [UInt8] {
    var writer = WireWriter()
    payload.write(into: &writer)
    return writer.bytes
}

/// A plaintext message carrying `payloads`, with fixed cookies.
func message(
    _ payloads: [Payload], exchange: ExchangeType = .identityProtection, messageID: UInt32 = 0,
    flags: HeaderFlags = []
) -> ISAKMPMessage {
    let header = ISAKMPHeader(
        initiatorCookie: Cookie(rawValue: 0x0102_0304_0506_0708), responderCookie: .zero,
        exchangeType: exchange, flags: flags, messageID: MessageID(rawValue: messageID))
    return ISAKMPMessage(header: header, payloads: payloads)
}
