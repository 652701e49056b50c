@_spi(FixedKeyHarness) internal import RaccoonCore

/// The engine target's seed corpus (`Fuzz/corpus/engine/seed-*`): the real datagrams of the reference
/// negotiations, framed as ``EngineFuzzInput``s for every mode.
extension EngineFuzzHarness {
    /// An ISAKMP datagram's exchange type (RFC 2408 §3.1, header byte 18).
    static func exchangeType(_ bytes: [UInt8]) -> UInt8 { bytes.count > 18 ? bytes[18] : 0 }

    /// The seeds, named.
    public func seeds() -> [(name: String, bytes: [UInt8])] {
        var seeds: [(String, EngineFuzzInput)] = []
        let mainMode = fromInitiator(mainModeTranscript)
        let aggressive = fromInitiator(aggressiveModeTranscript)
        // Before phase 1: the whole negotiation (the responder's stream is rewound, so it answers as it did),
        // every prefix, the first message alone from each sender, and the responder's own messages reflected.
        for (name, transcript) in [("mm", mainMode), ("am", aggressive)] {
            for count in 1...transcript.count {
                seeds.append(("before-\(name)-\(count)", EngineFuzzInput(mode: .beforePhase1, records: Array(transcript.prefix(count)))))
            }
            for sender in EngineFuzzInput.Sender.allCases where sender != .peer {
                seeds.append(("before-\(name)-1-\(sender)", EngineFuzzInput(mode: .beforePhase1, sender: sender, records: [transcript[0]])))
            }
        }
        let responderMessages = mainModeTranscript.filter { $0.local.address == Self.responderAddress }.map(\.bytes)
        seeds.append(("before-reflected", EngineFuzzInput(mode: .beforePhase1, records: Array(responderMessages.prefix(8)))))
        // After phase 1: every datagram of both negotiations again, raw.
        for (index, bytes) in (mainMode + aggressive + responderMessages).enumerated() {
            seeds.append(("raw-\(index)", EngineFuzzInput(mode: .rawAfterPhase1, records: [bytes])))
        }
        // After phase 1, encrypted: the real protected plaintexts (Informational, Quick Mode) under the same and a
        // new message ID, with their HASH(1) (unauthenticated mode: it no longer matches) and without it
        // (authenticated mode: the harness computes it).
        let responder = establishedResponder()
        for (index, bytes) in mainMode.enumerated() where [5, 32].contains(Self.exchangeType(bytes)) {
            guard let opened = responder.node.engine.openedFirstMessage(fromPeer: Self.initiatorAddress, bytes: bytes),
                opened.plaintext.count >= 4
            else { continue }
            let messageID = bytes[20..<24].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let exchange = Self.exchangeType(bytes)
            let hashLength = Int(opened.plaintext[2]) << 8 | Int(opened.plaintext[3])
            let afterHash = Array(opened.plaintext.dropFirst(hashLength))
            for id in [messageID, 0x0102_0304] {
                seeds.append((
                    "encrypted-\(index)-\(id == messageID ? "same" : "new")",
                    EngineFuzzInput(mode: .encrypted, records: [EngineFuzzInput.record(.init(
                        exchangeType: exchange, messageID: id, firstPayload: opened.firstPayload, plaintext: opened.plaintext))])))
                seeds.append((
                    "authenticated-\(index)-\(id == messageID ? "same" : "new")",
                    EngineFuzzInput(mode: .authenticated, records: [EngineFuzzInput.record(.init(
                        exchangeType: exchange, messageID: id, firstPayload: opened.plaintext[0], plaintext: afterHash))])))
            }
        }
        // Hand-built Informational payloads (RFC 2408 §3.14, §3.15; RFC 3706 §5): R-U-THERE, DELETE of the
        // ISAKMP SA and of the peer's ESP SPI, INITIAL-CONTACT.
        let cookies = Array(mainModeTranscript[1].bytes[0..<16])
        let espSPIs = responder.node.kernel.installed.map(\.spi)
        var informational: [(String, UInt8, [UInt8])] = [
            ("r-u-there", 11, [0, 0, 0, 32, 0, 0, 0, 1, 1, 16, 0x8d, 0x28] + cookies + [0, 0, 0, 7]),
            ("initial-contact", 11, [0, 0, 0, 28, 0, 0, 0, 1, 1, 16, 0x60, 0x02] + cookies),
            ("delete-isakmp", 12, [0, 0, 0, 28, 0, 0, 0, 1, 1, 16, 0, 1] + cookies),
        ]
        for spi in espSPIs {
            let spiBytes = (0..<4).map { UInt8(truncatingIfNeeded: spi >> (24 - 8 * UInt32($0))) }
            informational.append(("delete-esp-\(spi)", 12, [0, 0, 0, 16, 0, 0, 0, 1, 3, 4, 0, 1] + spiBytes))
        }
        for (name, first, plaintext) in informational {
            for mode in [EngineFuzzInput.Mode.encrypted, .authenticated] {
                seeds.append((
                    "\(mode == .encrypted ? "encrypted" : "authenticated")-\(name)",
                    EngineFuzzInput(mode: mode, records: [EngineFuzzInput.record(.init(
                        exchangeType: 5, messageID: 0x0506_0708, firstPayload: first, plaintext: plaintext))])))
            }
        }
        return seeds.map { (name: "seed-\($0.0)", bytes: $0.1.bytes) }
    }
}
