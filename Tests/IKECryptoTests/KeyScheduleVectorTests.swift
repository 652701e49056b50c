import Foundation
@testable import IKECrypto
import Testing

/// One case of `Vectors/ikev1-key-schedule.json`, produced by `Vectors/generate_vectors.py` (Python hmac/hashlib and
/// `cryptography`), independently of this module.
struct KeyScheduleVector: CustomTestStringConvertible, Sendable {
    let fields: [String: String]
    let numbers: [String: Int]
    let pfs: Bool

    var testDescription: String { fields["name"] ?? "?" }

    func bytes(_ key: String) -> [UInt8] {
        guard let value = fields[key] else { preconditionFailure("vector lacks \(key)") }
        return hex(value)
    }

    var cipher: BlockCipher { BlockCipherTests.cipher(fields["cipher"] ?? "") }
    var hash: HashAlgorithm { PRFTests.hash(fields["hash"] ?? "") }
    var group: DHGroup {
        guard let number = numbers["group"], let group = DHGroup(rawValue: UInt16(number)) else {
            preconditionFailure("bad group")
        }
        return group
    }

    static func load() -> [KeyScheduleVector] {
        guard let url = Bundle.module.url(
                forResource: "ikev1-key-schedule.json", withExtension: nil, subdirectory: "Vectors"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { preconditionFailure("cannot read ikev1-key-schedule.json") }
        return cases.map { entry in
            KeyScheduleVector(
                fields: entry.compactMapValues { $0 as? String },
                numbers: entry.compactMapValues { ($0 as? NSNumber).flatMap { $0 is Bool ? nil : $0.intValue } },
                pfs: (entry["pfs"] as? Bool) ?? false)
        }
    }
}

@Suite struct KeyScheduleVectorTests {
    static let vectors = KeyScheduleVector.load()

    @Test func coversTheMatrix() {
        #expect(Self.vectors.count == 36)
        #expect(Set(Self.vectors.map(\.cipher)) == [.tripleDESCBC, .aes128CBC, .aes256CBC])
        #expect(Set(Self.vectors.map(\.hash)) == [.md5, .sha1, .sha256])
        #expect(Set(Self.vectors.map(\.group)) == [.modp1024, .modp2048])
        #expect(Self.vectors.filter(\.pfs).count == 18)
    }

    @Test(arguments: vectors)
    func diffieHellman(_ v: KeyScheduleVector) throws {
        let initiator = try DHKeyPair(group: v.group, privateValue: SecretBytes(v.bytes("xi")))
        let responder = try DHKeyPair(group: v.group, privateValue: SecretBytes(v.bytes("xr")))
        #expect(initiator.publicValue == v.bytes("gxi"))
        #expect(responder.publicValue == v.bytes("gxr"))
        #expect(try initiator.sharedSecret(peerPublicValue: v.bytes("gxr")).testBytes == v.bytes("gxy"))
        #expect(try responder.sharedSecret(peerPublicValue: v.bytes("gxi")).testBytes == v.bytes("gxy"))
        if v.pfs {
            let qi = try DHKeyPair(group: v.group, privateValue: SecretBytes(v.bytes("xqi")))
            #expect(qi.publicValue == v.bytes("gqi"))
            #expect(try qi.sharedSecret(peerPublicValue: v.bytes("gqr")).testBytes == v.bytes("gqxy"))
        }
    }

    static func phase1Keys(_ v: KeyScheduleVector) throws -> Phase1Keys {
        try Phase1Keys.preSharedKey(
            prf: PRF(v.hash), cipher: v.cipher, preSharedKey: SecretBytes(v.bytes("psk")),
            initiatorNonce: v.bytes("ni"), responderNonce: v.bytes("nr"), sharedSecret: SecretBytes(v.bytes("gxy")),
            initiatorCookie: v.bytes("cky_i"), responderCookie: v.bytes("cky_r"))
    }

    @Test(arguments: vectors)
    func phase1(_ v: KeyScheduleVector) throws {
        let keys = try Self.phase1Keys(v)
        #expect(keys.skeyid.testBytes == v.bytes("skeyid"))
        #expect(keys.skeyidD.testBytes == v.bytes("skeyid_d"))
        #expect(keys.skeyidA.testBytes == v.bytes("skeyid_a"))
        #expect(keys.skeyidE.testBytes == v.bytes("skeyid_e"))
        #expect(keys.encryptionKey.testBytes == v.bytes("enc_key"))
        #expect(keys.encryptionKey.count == v.cipher.keySize)

        let hashI = try keys.initiatorHash(
            initiatorPublicValue: v.bytes("gxi"), responderPublicValue: v.bytes("gxr"),
            initiatorCookie: v.bytes("cky_i"), responderCookie: v.bytes("cky_r"),
            securityAssociationBody: v.bytes("sai_b"), identificationBody: v.bytes("idii_b"))
        let hashR = try keys.responderHash(
            initiatorPublicValue: v.bytes("gxi"), responderPublicValue: v.bytes("gxr"),
            initiatorCookie: v.bytes("cky_i"), responderCookie: v.bytes("cky_r"),
            securityAssociationBody: v.bytes("sai_b"), identificationBody: v.bytes("idir_b"))
        #expect(hashI == v.bytes("hash_i"))
        #expect(hashR == v.bytes("hash_r"))

        let chain = try IVChain.phase1(
            hash: v.hash, cipher: v.cipher, initiatorPublicValue: v.bytes("gxi"), responderPublicValue: v.bytes("gxr"))
        #expect(chain.currentIV == v.bytes("phase1_iv"))
    }

    @Test(arguments: vectors)
    func messageProtectionAndIVChain(_ v: KeyScheduleVector) throws {
        let keys = try Self.phase1Keys(v)
        let protection = MessageProtection(keys: keys)
        // The generator draws the padding from HMAC_DRBG seeded with pad_seed, as SeededRandom does.
        let random = SeededRandom(seed: v.bytes("pad_seed"))
        // Initiator side: encrypts MM5 and MM6 as racoon would pad them; the bytes match the independent ones.
        var sender = try IVChain.phase1(
            hash: v.hash, cipher: v.cipher, initiatorPublicValue: v.bytes("gxi"), responderPublicValue: v.bytes("gxr"))
        #expect(try protection.encrypt(v.bytes("mm5_plain"), chain: &sender, random: random) == v.bytes("mm5_cipher"))
        #expect(try protection.encrypt(v.bytes("mm6_plain"), chain: &sender, random: random) == v.bytes("mm6_cipher"))

        // Receiver side: decrypts, and the chain moves only on commit.
        var receiver = try IVChain.phase1(
            hash: v.hash, cipher: v.cipher, initiatorPublicValue: v.bytes("gxi"), responderPublicValue: v.bytes("gxr"))
        let mm5 = try protection.decrypt(v.bytes("mm5_cipher"), chain: receiver)
        #expect(mm5.plaintext == v.bytes("mm5_padded"))
        #expect(receiver.currentIV == v.bytes("phase1_iv"))
        receiver.commit(mm5.pendingIV)
        let mm6 = try protection.decrypt(v.bytes("mm6_cipher"), chain: receiver)
        #expect(mm6.plaintext == v.bytes("mm6_padded"))
        receiver.commit(mm6.pendingIV)
        #expect(receiver == sender)
        #expect(try MessageProtection.payloadBytes(
            of: mm6.plaintext, payloadChainLength: v.bytes("mm6_plain").count) == v.bytes("mm6_plain")[...])

        // Phase 2 and Informational IVs from the last phase-1 block.
        let quick = try receiver.phase2(hash: v.hash, messageID: UInt32(v.numbers["msgid"] ?? -1))
        #expect(quick.currentIV == v.bytes("qm_iv"))
        let informational = try IVChain.phase2(
            hash: v.hash, cipher: v.cipher, lastPhase1Block: receiver.currentIV,
            messageID: UInt32(v.numbers["inf_msgid"] ?? -1))
        #expect(informational.currentIV == v.bytes("inf_iv"))

        // QM1 encrypted along the Quick Mode chain.
        var qmChain = quick
        #expect(try protection.encrypt(v.bytes("qm1_plain"), chain: &qmChain, random: random) == v.bytes("qm1_cipher"))
        #expect(try protection.decrypt(v.bytes("qm1_cipher"), chain: quick).plaintext == v.bytes("qm1_padded"))
    }

    @Test(arguments: vectors)
    func quickModeAndKeyMaterial(_ v: KeyScheduleVector) throws {
        let keys = try Self.phase1Keys(v)
        let messageID = UInt32(v.numbers["msgid"] ?? -1)
        #expect(try keys.quickModeHash1(messageID: messageID, payloads: v.bytes("qm1_rest")) == v.bytes("hash1"))
        #expect(try keys.quickModeHash2(
            messageID: messageID, initiatorNonce: v.bytes("qm_ni"), payloads: v.bytes("qm2_rest")) == v.bytes("hash2"))
        #expect(try keys.quickModeHash3(
            messageID: messageID, initiatorNonce: v.bytes("qm_ni"), responderNonce: v.bytes("qm_nr")) == v.bytes("hash3"))
        #expect(try keys.informationalHash(
            messageID: UInt32(v.numbers["inf_msgid"] ?? -1), payloads: v.bytes("inf_payloads")) == v.bytes("inf_hash"))

        let pfs: SecretBytes? = v.pfs ? SecretBytes(v.bytes("gqxy")) : nil
        for (spiField, expectedField) in [("spi_i", "keymat_spi_i"), ("spi_r", "keymat_spi_r")] {
            let spi = v.bytes(spiField).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let expected = v.bytes(expectedField)
            let material = try keys.keyMaterial(
                protocolID: 3, spi: spi, initiatorNonce: v.bytes("qm_ni"), responderNonce: v.bytes("qm_nr"),
                pfsSharedSecret: pfs, length: expected.count)
            #expect(material.testBytes == expected)
            let split = try IPsecSAKeys.derive(
                from: keys, protocolID: 3, spi: spi, initiatorNonce: v.bytes("qm_ni"), responderNonce: v.bytes("qm_nr"),
                pfsSharedSecret: pfs, encryption: v.cipher, authentication: v.hash)
            let encLength = v.numbers["esp_enc_length"] ?? -1
            #expect(split.encryptionKey.testBytes == Array(expected[..<encLength]))
            #expect(split.authenticationKey.testBytes == Array(expected[encLength...]))
        }
    }
}
