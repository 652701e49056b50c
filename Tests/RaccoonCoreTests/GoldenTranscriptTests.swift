import Foundation
import ISAKMP
import RaccoonCore
import RaccoonTestSupport
import Testing

/// A complete Main Mode + Quick Mode between two engines with seeded randomness, pinned byte for byte.
///
/// Set `RACCOON_REGENERATE_GOLDEN=1` to rewrite the fixture after an intentional wire change, and review the diff.
@Suite("Golden transcript")
struct GoldenTranscriptTests {
    static let fixtureName = "golden-main-mode-quick-mode"

    /// `A>B <hex>` or `B>A <hex>`, one datagram per line.
    static func render(_ pair: HostPair) -> String {
        pair.bed.network.transcript.map { transmission in
            let direction = transmission.datagram.local.address == HostPair.addressA ? "A>B" : "B>A"
            return direction + " " + transmission.datagram.bytes.map { String(format: "%02x", $0) }.joined()
        }.joined(separator: "\n") + "\n"
    }

    static func run() -> HostPair {
        let pair = HostPair(seed: 20_260_101)
        pair.pingFromA()
        pair.bed.run()
        return pair
    }

    /// The pinned fixture `Fixtures/golden-main-mode-quick-mode.EXT`; with `RACCOON_REGENERATE_GOLDEN=1`, `produced`
    /// is written over it first.
    static func pinned(_ produced: String, extension ext: String, file: String = #filePath) throws -> String {
        if ProcessInfo.processInfo.environment["RACCOON_REGENERATE_GOLDEN"] == "1" {
            let path = URL(fileURLWithPath: file).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/\(fixtureName).\(ext)")
            try produced.write(to: path, atomically: true, encoding: .utf8)
        }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(fixtureName)", withExtension: ext))
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func transcriptMatchesTheFixture() throws {
        let pair = Self.run()
        pair.expectMirroredSAs()
        let produced = Self.render(pair)
        let pinned = try Self.pinned(produced, extension: "hex")
        #expect(produced == pinned, "the wire bytes changed; regenerate the fixture only if the change is intended")
    }

    /// Every event and effect of the same run as readable lines (`EffectTranscript`): datagrams with their decoded
    /// header and payloads, PF_KEY requests and replies, timers and log lines. A behaviour change shows in its diff.
    @Test func readableTranscriptMatchesTheFixture() throws {
        let pair = HostPair(seed: 20_260_101)
        pair.bed.recordTranscript()
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        let produced = try #require(pair.bed.transcript).text
        let pinned = try Self.pinned(produced, extension: "txt")
        #expect(produced == pinned, "the engines' behaviour changed; regenerate the fixture only if the change is intended")
        // The readable transcript holds the same datagrams as the byte-level one, in the same order.
        let hexLines = produced.split(separator: "\n").filter { $0.hasPrefix("        hex ") }
            .map { String($0.dropFirst("        hex ".count)) }
        let byteLevel = Self.render(Self.run()).split(separator: "\n").map { String($0.split(separator: " ")[1]) }
        #expect(hexLines == byteLevel)
    }

    /// The fixture itself has racoon's message sequence and payload order (inventory §6.2, §6.4, §6.5).
    @Test func fixtureHasRacoonsShape() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(Self.fixtureName)", withExtension: "hex"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let messages = try lines.map { line -> (String, ISAKMPMessage) in
            let parts = line.split(separator: " ")
            let hex = Array(parts[1].utf8)
            var bytes: [UInt8] = []
            var index = 0
            while index + 1 < hex.count {
                bytes.append(UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16)!)
                index += 2
            }
            return (String(parts[0]), try ISAKMPMessage(parsing: bytes))
        }
        try #require(messages.count == 11)
        let directions = messages.map(\.0)
        #expect(directions == ["A>B", "B>A", "A>B", "B>A", "A>B", "B>A", "B>A", "A>B", "A>B", "B>A", "A>B"])
        let kinds = messages.map { $0.1.header.exchangeType }
        #expect(Array(kinds[0..<6]) == Array(repeating: .identityProtection, count: 6))
        #expect(Array(kinds[6..<8]) == [.informational, .informational])
        #expect(Array(kinds[8..<11]) == [.quickMode, .quickMode, .quickMode])
        func types(_ index: Int) -> [PayloadType] { messages[index].1.payloads.map(\.payloadType) }
        #expect(types(0) == [.securityAssociation, .vendorID])
        #expect(types(1) == [.securityAssociation, .vendorID])
        #expect(types(2) == [.keyExchange, .nonce])
        #expect(types(3) == [.keyExchange, .nonce])
        for index in 4..<11 {
            #expect(messages[index].1.header.flags.contains(.encryption), "message \(index + 1) must be encrypted")
        }
        for index in 0..<6 { #expect(messages[index].1.header.messageID == .zero) }
        let quickModeIDs = Set(messages[8..<11].map { $0.1.header.messageID })
        #expect(quickModeIDs.count == 1 && !quickModeIDs.contains(.zero))
        // MM2 carries exactly one transform, MM1 all of ours.
        if case .securityAssociation(let offer)? = messages[0].1.payloads.first,
            case .securityAssociation(let answer)? = messages[1].1.payloads.first
        {
            #expect(offer.proposals.first?.transforms.count == 1)
            #expect(answer.proposals.first?.transforms == offer.proposals.first?.transforms)
        } else {
            Issue.record("MM1 and MM2 must start with SA")
        }
        let cookies = Set(messages.map { $0.1.header.initiatorCookie })
        #expect(cookies.count == 1)
    }
}
