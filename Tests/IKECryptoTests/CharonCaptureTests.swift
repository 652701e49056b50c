import Foundation
import IKECrypto
import Testing

/// A real IKEv1 Main Mode + Quick Mode between two strongSwan 5.9.8 charons, captured in the lab with charon's
/// key logging on (`Vectors/charon-*.json`, made by `Vectors/extract_charon_capture.py`). The tests start from
/// the wire bytes, the PSK and the shared secret charon logged, and must reproduce charon's SKEYID*, Ka, IVs,
/// hashes, ESP keys and decrypted payloads.
struct CharonCapture: CustomTestStringConvertible, Sendable {
    struct Message: Sendable {
        let fromInitiator: Bool
        let bytes: [UInt8]
        let loggedPlaintext: [UInt8]?

        var firstPayload: UInt8 { bytes[16] }
        var exchangeType: UInt8 { bytes[18] }
        var isEncrypted: Bool { bytes[19] & 1 == 1 }
        var messageID: UInt32 { bytes[20..<24].reduce(0) { $0 << 8 | UInt32($1) } }
        var body: [UInt8] {
            let length = Int(bytes[24..<28].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            return Array(bytes[28..<min(length, bytes.count)])
        }
    }

    let name: String
    let fields: [String: String]
    let logged: [String: String]
    let messages: [Message]

    var testDescription: String { name }
    func bytes(_ key: String) -> [UInt8] { hex(fields[key] ?? "") }
    func log(_ key: String) -> [UInt8] { hex(logged[key] ?? "") }

    var cipher: BlockCipher { name.hasPrefix("3des") ? .tripleDESCBC : .aes256CBC }
    var hash: HashAlgorithm { name.contains("sha256") ? .sha256 : .sha1 }

    static func load(_ file: String) -> CharonCapture {
        guard let url = Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Vectors"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let logged = root["logged"] as? [String: String],
            let messages = root["messages"] as? [[String: Any]]
        else { preconditionFailure("cannot read \(file)") }
        return CharonCapture(
            name: root["name"] as? String ?? file,
            fields: root.compactMapValues { $0 as? String },
            logged: logged,
            messages: messages.map { m in
                Message(
                    fromInitiator: m["from_initiator"] as? Bool ?? false,
                    bytes: hex(m["bytes"] as? String ?? ""),
                    loggedPlaintext: (m["logged_plaintext"] as? String).map(hex))
            })
    }
}

/// Walks a generic-header payload chain (RFC 2408 §3.2) in a test fixture: the (type, body) of every payload
/// and the chain's total length. Fixtures are trusted, so malformed chains trap.
func payloadChain(first: UInt8, in bytes: [UInt8]) -> (payloads: [(type: UInt8, body: [UInt8], whole: [UInt8])], length: Int) {
    var result: [(UInt8, [UInt8], [UInt8])] = []
    var type = first
    var offset = 0
    while type != 0 {
        let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        result.append((type, Array(bytes[(offset + 4)..<(offset + length)]), Array(bytes[offset..<(offset + length)])))
        type = bytes[offset]
        offset += length
    }
    return (result, offset)
}

@Suite struct CharonCaptureTests {
    static let captures = [
        CharonCapture.load("charon-3des-sha1-modp1024.json"),
        CharonCapture.load("charon-aes256-sha256-modp2048.json"),
    ]

    @Test(arguments: captures)
    func reproducesCharonsKeySchedule(_ c: CharonCapture) throws {
        let keys = try Phase1Keys.preSharedKey(
            prf: PRF(c.hash), cipher: c.cipher, preSharedKey: SecretBytes(c.bytes("psk")),
            initiatorNonce: c.bytes("ni"), responderNonce: c.bytes("nr"), sharedSecret: SecretBytes(c.log("gxy")),
            initiatorCookie: c.bytes("cky_i"), responderCookie: c.bytes("cky_r"))
        #expect(keys.skeyid.testBytes == c.log("skeyid"))
        #expect(keys.skeyidD.testBytes == c.log("skeyid_d"))
        #expect(keys.skeyidA.testBytes == c.log("skeyid_a"))
        #expect(keys.skeyidE.testBytes == c.log("skeyid_e"))
        #expect(keys.encryptionKey.testBytes == c.log("ka"))
        let chain = try IVChain.phase1(
            hash: c.hash, cipher: c.cipher, initiatorPublicValue: c.bytes("gxi"), responderPublicValue: c.bytes("gxr"))
        #expect(chain.currentIV == c.log("initial_iv"))
    }

    @Test(arguments: captures)
    func decryptsTheWireBytesAndVerifiesEveryHash(_ c: CharonCapture) throws {
        let keys = try Phase1Keys.preSharedKey(
            prf: PRF(c.hash), cipher: c.cipher, preSharedKey: SecretBytes(c.bytes("psk")),
            initiatorNonce: c.bytes("ni"), responderNonce: c.bytes("nr"), sharedSecret: SecretBytes(c.log("gxy")),
            initiatorCookie: c.bytes("cky_i"), responderCookie: c.bytes("cky_r"))
        let protection = MessageProtection(keys: keys)
        let encrypted = c.messages.filter(\.isEncrypted)
        try #require(encrypted.count == 5)  // MM5, MM6, QM1, QM2, Informational
        let (mm5, mm6, qm1, qm2, info) = (encrypted[0], encrypted[1], encrypted[2], encrypted[3], encrypted[4])

        // Main Mode 5 and 6 along the phase-1 chain.
        var phase1 = try IVChain.phase1(
            hash: c.hash, cipher: c.cipher, initiatorPublicValue: c.bytes("gxi"), responderPublicValue: c.bytes("gxr"))
        let mm5Body = try protection.decrypt(mm5.body, chain: phase1)
        #expect(mm5Body.plaintext == mm5.loggedPlaintext)
        phase1.commit(mm5Body.pendingIV)
        let mm6Body = try protection.decrypt(mm6.body, chain: phase1)
        #expect(mm6Body.plaintext == mm6.loggedPlaintext)
        phase1.commit(mm6Body.pendingIV)

        // strongSwan pads with zeros and no pad-length byte; the payload chain says where the data ends.
        let mm5Chain = payloadChain(first: mm5.firstPayload, in: mm5Body.plaintext)
        let mm5Data = try MessageProtection.payloadBytes(of: mm5Body.plaintext, payloadChainLength: mm5Chain.length)
        #expect(mm5Body.plaintext[mm5Data.count...].allSatisfy { $0 == 0 })
        let idii = try #require(mm5Chain.payloads.first { $0.type == 5 }).body
        let hashI = try keys.initiatorHash(
            initiatorPublicValue: c.bytes("gxi"), responderPublicValue: c.bytes("gxr"),
            initiatorCookie: c.bytes("cky_i"), responderCookie: c.bytes("cky_r"),
            securityAssociationBody: c.bytes("sai_b"), identificationBody: idii)
        #expect(hashI == c.log("hash_i"))
        #expect(try #require(mm5Chain.payloads.first { $0.type == 8 }).body == hashI)

        let mm6Chain = payloadChain(first: mm6.firstPayload, in: mm6Body.plaintext)
        let idir = try #require(mm6Chain.payloads.first { $0.type == 5 }).body
        let hashR = try keys.responderHash(
            initiatorPublicValue: c.bytes("gxi"), responderPublicValue: c.bytes("gxr"),
            initiatorCookie: c.bytes("cky_i"), responderCookie: c.bytes("cky_r"),
            securityAssociationBody: c.bytes("sai_b"), identificationBody: idir)
        #expect(hashR == c.log("hash_r"))
        #expect(try #require(mm6Chain.payloads.first { $0.type == 8 }).body == hashR)

        // Quick Mode 1 and 2 along the chain that starts at hash(last phase-1 block | M-ID).
        #expect(qm1.messageID == qm2.messageID)
        var quick = try phase1.phase2(hash: c.hash, messageID: qm1.messageID)
        let qm1Body = try protection.decrypt(qm1.body, chain: quick)
        #expect(qm1Body.plaintext == qm1.loggedPlaintext)
        quick.commit(qm1Body.pendingIV)
        let qm2Body = try protection.decrypt(qm2.body, chain: quick)
        #expect(qm2Body.plaintext == qm2.loggedPlaintext)

        let qm1Chain = payloadChain(first: qm1.firstPayload, in: qm1Body.plaintext)
        let qm2Chain = payloadChain(first: qm2.firstPayload, in: qm2Body.plaintext)
        #expect(qm1Chain.payloads.first?.type == 8 && qm2Chain.payloads.first?.type == 8)
        let qm1Rest = qm1Chain.payloads.dropFirst().flatMap(\.whole)
        let qm2Rest = qm2Chain.payloads.dropFirst().flatMap(\.whole)
        let ni = try #require(qm1Chain.payloads.first { $0.type == 10 }).body
        let nr = try #require(qm2Chain.payloads.first { $0.type == 10 }).body
        let hash1 = try keys.quickModeHash1(messageID: qm1.messageID, payloads: qm1Rest)
        let hash2 = try keys.quickModeHash2(messageID: qm2.messageID, initiatorNonce: ni, payloads: qm2Rest)
        #expect(hash1 == c.log("qm_hash1") && qm1Chain.payloads.first?.body == hash1)
        #expect(hash2 == c.log("qm_hash2") && qm2Chain.payloads.first?.body == hash2)

        // ESP keys (PFS): charon's "initiator" keys protect initiator→responder traffic, i.e. the SA whose SPI
        // the responder chose (in QM2's proposal), and vice versa.
        let spiI = try #require(qm1Chain.payloads.first { $0.type == 1 }).body[16..<20].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let spiR = try #require(qm2Chain.payloads.first { $0.type == 1 }).body[16..<20].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let pfs = SecretBytes(c.log("pfs_gxy"))
        let towardResponder = try IPsecSAKeys.derive(
            from: keys, protocolID: 3, spi: spiR, initiatorNonce: ni, responderNonce: nr,
            pfsSharedSecret: pfs, encryption: .aes128CBC, authentication: .sha1)
        let towardInitiator = try IPsecSAKeys.derive(
            from: keys, protocolID: 3, spi: spiI, initiatorNonce: ni, responderNonce: nr,
            pfsSharedSecret: pfs, encryption: .aes128CBC, authentication: .sha1)
        #expect(towardResponder.encryptionKey.testBytes == c.log("esp_enc_initiator"))
        #expect(towardResponder.authenticationKey.testBytes == c.log("esp_integ_initiator"))
        #expect(towardInitiator.encryptionKey.testBytes == c.log("esp_enc_responder"))
        #expect(towardInitiator.authenticationKey.testBytes == c.log("esp_integ_responder"))

        // The Informational exchange (HASH, N(NO_PROPOSAL_CHOSEN)) with its own IV and HASH(1).
        #expect(info.exchangeType == 5)
        let infoBody = try protection.decrypt(info.body, chain: try phase1.phase2(hash: c.hash, messageID: info.messageID))
        #expect(infoBody.plaintext == info.loggedPlaintext)
        let infoChain = payloadChain(first: info.firstPayload, in: infoBody.plaintext)
        let infoHash = try keys.informationalHash(
            messageID: info.messageID, payloads: infoChain.payloads.dropFirst().flatMap(\.whole))
        #expect(infoHash == c.log("info_hash") && infoChain.payloads.first?.body == infoHash)
    }

    @Test func committingOnlyAfterVerificationKeepsTheChain() throws {
        // A corrupted copy of MM6 decrypts to garbage; since its IV is never committed, the genuine MM6 that
        // follows still decrypts correctly.
        let c = Self.captures[0]
        let keys = try Phase1Keys.preSharedKey(
            prf: PRF(c.hash), cipher: c.cipher, preSharedKey: SecretBytes(c.bytes("psk")),
            initiatorNonce: c.bytes("ni"), responderNonce: c.bytes("nr"), sharedSecret: SecretBytes(c.log("gxy")),
            initiatorCookie: c.bytes("cky_i"), responderCookie: c.bytes("cky_r"))
        let protection = MessageProtection(keys: keys)
        let encrypted = c.messages.filter(\.isEncrypted)
        var chain = try IVChain.phase1(
            hash: c.hash, cipher: c.cipher, initiatorPublicValue: c.bytes("gxi"), responderPublicValue: c.bytes("gxr"))
        chain.commit(try protection.decrypt(encrypted[0].body, chain: chain).pendingIV)
        var forged = encrypted[1].body
        forged[forged.count - 1] ^= 0xFF
        let bad = try protection.decrypt(forged, chain: chain)
        #expect(bad.plaintext != encrypted[1].loggedPlaintext)
        // (not committed: its HASH would not verify)
        #expect(try protection.decrypt(encrypted[1].body, chain: chain).plaintext == encrypted[1].loggedPlaintext)
    }
}
