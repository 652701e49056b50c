import Foundation
import IKECrypto
import PFKeyListener
import RaccoonTestSupport
import Testing

@testable import RaccoonCore
@testable import RaccoonDaemon

/// The debugging key log (`raccoon -K dir`): the rows Wireshark reads, what the engine emits, and the file writer.
@Suite("Wireshark key log")
struct KeyLogTests {
    static let key3DES = SecretBytes(Array(0..<24))

    @Test func isakmpRowIsTheCookieAndTheCipherKeyInBareHex() {
        let record = KeyLogRecord.isakmp(initiatorCookie: 0x00a1_b2c3_d4e5_f607, encryptionKey: SecretBytes([0, 0x0f, 0xff]))
        #expect(record.tableName == "ikev1_decryption_table")
        #expect(record.row() == "00a1b2c3d4e5f607,000fff")
    }

    @Test func espRowUsesWiresharksAlgorithmNames() {
        let record = KeyLogRecord.esp(
            source: IPAddress("10.0.0.1")!, destination: IPAddress("10.0.0.2")!, spi: 0x0117_fd68,
            encryption: .tripleDES, encryptionKey: Self.key3DES, authentication: .hmacSHA1,
            authenticationKey: SecretBytes([0xde, 0xad]))
        #expect(record.tableName == "esp_sa")
        #expect(record.row() == #""IPv4","10.0.0.1","10.0.0.2","0x0117fd68","TripleDES-CBC [RFC2451]","0x"#
            + "000102030405060708090a0b0c0d0e0f1011121314151617" + #"","HMAC-SHA-1-96 [RFC2404]","0xdead""#)
        let v6 = KeyLogRecord.esp(
            source: IPAddress("2001:db8::1")!, destination: IPAddress("2001:db8::2")!, spi: 1,
            encryption: .aes(keyBits: 128), encryptionKey: SecretBytes([1]), authentication: .hmacSHA256,
            authenticationKey: SecretBytes([2]))
        #expect(v6.row() == #""IPv6","2001:db8::1","2001:db8::2","0x00000001","AES-CBC [RFC3602]","0x01","HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]","0x02""#)
        // Over XFRM the kernel installs RFC 4868's 128-bit ICV, and the row must say so or Wireshark cannot verify.
        #expect(v6.row(sha256ICVBits: 128).contains(#""HMAC-SHA-256-128 [RFC4868]","0x02""#))
        // The record itself never prints a key.
        #expect(!"\(record)".contains("0001020304"))
    }

    @Test func engineEmitsOneISAKMPRowAndOneRowPerESPDirectionMatchingTheKernel() throws {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        for node in [pair.a, pair.b] {
            let isakmp = node.keyLog.filter { $0.tableName == "ikev1_decryption_table" }
            let esp = node.keyLog.compactMap { record -> (UInt32, SecretBytes, SecretBytes)? in
                guard case .esp(_, _, let spi, _, let encryptionKey, _, let authenticationKey) = record else { return nil }
                return (spi, encryptionKey, authenticationKey)
            }
            #expect(isakmp.count == 1)
            #expect(esp.count == 2)
            // Each row holds exactly the keys the kernel was given for that SPI.
            for (spi, encryptionKey, authenticationKey) in esp {
                let sa = try #require(node.kernel.keyed.first { $0.spi == spi })
                #expect(sa.encryptionKey == encryptionKey.withUnsafeBytes { KeyBytes($0) })
                #expect(sa.authKey == authenticationKey.withUnsafeBytes { KeyBytes($0) })
            }
        }
        // Both ends log the same ISAKMP SA and the same two ESP SAs: the rows are identical.
        #expect(Set(pair.a.keyLog.map { $0.row() }) == Set(pair.b.keyLog.map { $0.row() }))
    }

    /// With a wrong pre-shared key phase 1 fails at MM5, but both ends derived keys after the DH exchange: the
    /// rows are there (each side's own, so they differ), and Wireshark can show what each side encrypted.
    @Test func phase1KeysAreLoggedWhenDerivedEvenIfPhase1Fails() {
        let pair = HostPair(b: HostPair.configuration(psk: "other", peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.a.engine.establishedPhase1Count == 0)
        let a = pair.a.keyLog.filter { $0.tableName == "ikev1_decryption_table" }
        let b = pair.b.keyLog.filter { $0.tableName == "ikev1_decryption_table" }
        #expect(a.count == 1 && b.count == 1)
        #expect(a.first?.row().prefix(16) == b.first?.row().prefix(16))  // the same initiator cookie
        #expect(a.first?.row() != b.first?.row())  // different keys
    }

    @Test func writerAppendsRowsToPrivateFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keylog-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try WiresharkKeyLog(directory: directory)
        let first = KeyLogRecord.isakmp(initiatorCookie: 1, encryptionKey: SecretBytes([1]))
        let second = KeyLogRecord.isakmp(initiatorCookie: 2, encryptionKey: SecretBytes([2]))
        try log.append(first)
        try log.append(second)
        let path = log.path(for: first)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first.row() + "\n" + second.row() + "\n")
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
    }

    @Test func writerRefusesAMissingDirectoryAndAFile() throws {
        #expect(throws: SystemCallError.self) { try WiresharkKeyLog(directory: "/nonexistent/raccoon-keys") }
        #expect(throws: SystemCallError.self) { try WiresharkKeyLog(directory: "/etc/hostname") }
    }
}
