import Testing
@testable import PFKeyListener

/// Hostile or broken kernel messages: each gives a typed error or a warning, never a trap.
@Suite struct SADBMalformedTests {
    static let header: [UInt8] = [2, 6, 0, 3, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]

    private func message(_ extensionBytes: [UInt8], header: [UInt8] = Self.header) -> [UInt8] {
        var bytes = header + extensionBytes
        let words = bytes.count / 8
        bytes[4] = UInt8(words & 0xff)
        bytes[5] = UInt8(words >> 8)
        return bytes
    }

    @Test func tooShortForTheHeader() {
        #expect(throws: SADBError.messageTooShort(length: 15)) { try SADBMessage.parse(Array(Self.header.prefix(15))) }
    }

    @Test func wrongVersion() {
        var bytes = message([])
        bytes[0] = 1
        #expect(throws: SADBError.unsupportedVersion(1)) { try SADBMessage.parse(bytes) }
    }

    @Test func declaredLengthLongerOrShorterThanReceived() {
        var bytes = message([])
        bytes[4] = 3
        #expect(throws: SADBError.messageLengthMismatch(declared: 24, actual: 16)) { try SADBMessage.parse(bytes) }
        bytes[4] = 1
        #expect(throws: SADBError.messageLengthMismatch(declared: 8, actual: 16)) { try SADBMessage.parse(bytes) }
    }

    @Test func zeroLengthExtension() {
        #expect(throws: SADBError.zeroLengthExtension(type: 1)) { try SADBMessage.parse(message([0, 0, 1, 0, 0, 0, 0, 0])) }
    }

    @Test func extensionRunningPastTheMessage() {
        #expect(throws: SADBError.extensionOverrunsMessage(type: 5, length: 24, remaining: 8)) {
            try SADBMessage.parse(message([3, 0, 5, 0, 0, 0, 0, 0]))
        }
    }

    @Test func fixedStructureShorterThanItsType() {
        // An SA extension must be 16 bytes; this one declares 8.
        #expect(throws: SADBError.extensionTruncated(type: 1)) { try SADBMessage.parse(message([1, 0, 1, 0, 0, 0, 0, 0])) }
        // A lifetime of 16 bytes instead of 32.
        #expect(throws: SADBError.extensionTruncated(type: 3)) {
            try SADBMessage.parse(message([2, 0, 3, 0] + Array(repeating: 0, count: 12)))
        }
        // An IPv6 address extension too short for sockaddr_in6.
        #expect(throws: SADBError.extensionTruncated(type: 6)) {
            try SADBMessage.parse(message([3, 0, 6, 0, 0, 128, 0, 0, 10, 0] + Array(repeating: 0, count: 14)))
        }
    }

    @Test func securityContextLongerThanItsExtension() {
        // ctx_len = 60 but the extension (2 words) holds only 8 bytes of context.
        let bytes = message([2, 0, 24, 0, 1, 1, 60, 0] + Array("abcdefg".utf8) + [0])
        #expect(throws: SADBError.securityContextLengthExceedsExtension(contextLength: 60, available: 8)) {
            try SADBMessage.parse(bytes)
        }
    }

    @Test func securityContextOverTheKernelLimit() {
        let length = 4100
        let body = [UInt8](repeating: 0x61, count: length).padded()
        let words = (8 + body.count) / 8
        let bytes = message([UInt8(words & 0xff), UInt8(words >> 8), 24, 0, 1, 1, UInt8(length & 0xff), UInt8(length >> 8)] + body)
        #expect(throws: SADBError.securityContextTooLong(length: length)) { try SADBMessage.parse(bytes) }
    }

    @Test func keyBitsLongerThanTheExtension() {
        // 256 bits declared, 8 bytes present.
        #expect(throws: SADBError.keyLengthExceedsExtension(type: 9, bits: 256, available: 8)) {
            try SADBMessage.parse(message([2, 0, 9, 0, 0, 1, 0, 0] + Array(repeating: 7, count: 8)))
        }
    }

    @Test func prefixLongerThanTheAddress() {
        let sockaddr: [UInt8] = [2, 0, 0, 0, 10, 0, 0, 1] + Array(repeating: 0, count: 8)
        #expect(throws: SADBError.invalidPrefixLength(type: 5, prefixLength: 33)) {
            try SADBMessage.parse(message([3, 0, 5, 0, 255, 33, 0, 0] + sockaddr))
        }
    }

    @Test func badIPsecRequestLengths() {
        let policy: [UInt8] = [2, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0]
        // A request whose length (8) is below the 16-byte structure.
        #expect(throws: SADBError.invalidIPsecRequestLength(length: 8)) {
            try SADBMessage.parse(message([4, 0, 18, 0] + policy + [8, 0, 50, 0, 1, 2, 0, 0] + Array(repeating: 0, count: 8)))
        }
        // A request claiming 64 bytes inside a 32-byte policy.
        #expect(throws: SADBError.invalidIPsecRequestLength(length: 64)) {
            try SADBMessage.parse(message([4, 0, 18, 0] + policy + [64, 0, 50, 0, 1, 2, 0, 0] + Array(repeating: 0, count: 8)))
        }
    }

    @Test func proposalThatIsNotAWholeNumberOfCombinations() {
        #expect(throws: SADBError.invalidExtensionLength(type: 13, length: 16)) {
            try SADBMessage.parse(message([2, 0, 13, 0, 32, 0, 0, 0] + Array(repeating: 0, count: 8)))
        }
    }

    @Test func unknownExtensionIsKeptAndReported() throws {
        let result = try SADBMessage.parse(message([2, 0, 99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
        #expect(result.message.extensions == [.unknown(type: 99, body: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])])
        #expect(result.warnings == [.unknownExtension(type: 99, length: 16)])
        #expect(result.message.serialize() == message([2, 0, 99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
    }

    @Test func duplicateAndNonCanonicalExtensionsAreWarnings() throws {
        let sa2: [UInt8] = [2, 0, 19, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0]
        var dirty = sa2
        dirty[5] = 0xee  // reserved byte
        let result = try SADBMessage.parse(message(sa2 + dirty))
        #expect(result.warnings == [.duplicateExtension(type: 19), .nonCanonicalExtension(type: 19)])
        #expect(result.message.sa2 == SADBSA2(mode: .transport, reqid: 7))
    }

    @Test func truncatedExtensionHeader() {
        // 4 bytes of extension header and 4 trailing bytes is fine only if the header says 1 word; here the
        // trailing bytes hold half a header.
        var bytes = Self.header + [1, 0, 200, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0]
        bytes[4] = 3
        bytes.removeLast(5)
        bytes[4] = UInt8(bytes.count / 8)
        #expect(throws: SADBError.self) { try SADBMessage.parse(bytes) }
    }

    /// Former crashers and random garbage: the only assertion is that parsing returns or throws.
    @Test func randomGarbageNeverTraps() {
        var generator = SplitMix(seed: 0x5adb)
        for _ in 0..<3000 {
            let words = Int(generator.next() % 40) + 2
            var bytes = (0..<(words * 8)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            bytes[0] = 2
            bytes[4] = UInt8(words)
            bytes[5] = 0
            var offset = 16
            while offset + 4 <= bytes.count {
                let extensionWords = Int(generator.next() % 6) + 1
                bytes[offset] = UInt8(extensionWords)
                bytes[offset + 1] = 0
                bytes[offset + 2] = UInt8(generator.next() % 28)
                bytes[offset + 3] = 0
                offset += extensionWords * 8
            }
            _ = try? SADBMessage.parse(bytes)
        }
    }
}

/// A tiny deterministic generator for the garbage test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    func padded() -> [UInt8] { self + [UInt8](repeating: 0, count: (8 - count % 8) % 8) }
}
