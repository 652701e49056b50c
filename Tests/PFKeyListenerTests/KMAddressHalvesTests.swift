import Testing
@testable import PFKeyListener

/// X_KMADDRESS whose local sockaddr has an unknown family: the decoder splits the space in two (the kernel writes two
/// equal sockaddrs). Unequal halves cannot be encoded back the same way, so they are refused (found by the `sadb`
/// fuzz target: Fuzz/crashers/sadb/crash-08e7…, which decoded to a message that re-serialised to another).
@Suite struct KMAddressHalvesTests {
    func message(local: SADBSocketAddress, remote: SADBSocketAddress) -> [UInt8] {
        SADBMessage(type: .migrate, extensions: [.kmAddress(SADBKMAddress(local: local, remote: remote))]).serialize()
    }

    @Test func equalHalvesOfUnknownFamilyRoundTrip() throws {
        let bytes = message(
            local: .other(family: 255, bytes: Array(repeating: 1, count: 18)),
            remote: .other(family: 255, bytes: Array(repeating: 2, count: 18)))
        let parsed = try SADBMessage.parse(bytes)
        #expect(parsed.message.serialize() == bytes)
        guard case .kmAddress(let address)? = parsed.message.extensions.first else {
            Issue.record("no KMADDRESS")
            return
        }
        #expect(address.local == .other(family: 255, bytes: Array(repeating: 1, count: 18)))
    }

    @Test func anUnknownLocalFamilyWithAShorterKnownRemoteIsRefused() throws {
        // Two 24-byte halves, then the second turned into an IPv4 sockaddr (16 bytes) followed by 8 spare bytes:
        // written out again, the extension would be 8 bytes shorter and split at byte 20 instead of 24.
        var bytes = message(
            local: .other(family: 255, bytes: Array(repeating: 1, count: 22)),
            remote: .other(family: 255, bytes: Array(repeating: 0, count: 22)))
        let remoteStart = 16 + 8 + 24  // sadb_msg, sadb_x_kmaddress, the local half
        #expect(bytes.count == remoteStart + 24)
        bytes.replaceSubrange(remoteStart..<(remoteStart + 8), with: [2, 0, 0x01, 0xf4, 10, 0, 0, 1])
        #expect(throws: SADBError.unequalKMAddressHalves(local: 24, remote: 16)) { try SADBMessage.parse(bytes) }
    }
}
