@testable import IKECrypto
import Testing

@Suite struct MessageProtectionTests {
    static func protection(_ cipher: BlockCipher) throws -> MessageProtection {
        try MessageProtection(cipher: cipher, key: SecretBytes([UInt8](repeating: 0x42, count: cipher.keySize)))
    }

    static func chain(_ cipher: BlockCipher) throws -> IVChain {
        try IVChain(cipher: cipher, iv: [UInt8](repeating: 0x11, count: cipher.blockSize))
    }

    @Test(arguments: BlockCipher.allCases)
    func padsLikeRacoon(_ cipher: BlockCipher) throws {
        let block = cipher.blockSize
        let random = SeededRandom(seed: 7)
        for length in 0...(3 * block) {
            let body = [UInt8](repeating: 0xAB, count: length)
            let padded = try MessageProtection.pad(body, blockSize: block, random: random)
            let padLength = padded.count - length
            // 1...blockSize bytes, a whole block when already aligned, last byte = pad length − 1.
            #expect(padded.count % block == 0)
            #expect(padLength >= 1 && padLength <= block)
            #expect(length % block != 0 || padLength == block)
            #expect(padded.last == UInt8(padLength - 1))
            #expect(Array(padded[..<length]) == body)
        }
    }

    @Test(arguments: BlockCipher.allCases)
    func roundTripAdvancesOnlyOnCommit(_ cipher: BlockCipher) throws {
        let protection = try Self.protection(cipher)
        var sender = try Self.chain(cipher)
        let receiver = try Self.chain(cipher)
        let body = Array("an ISAKMP payload chain".utf8)
        let ciphertext = try protection.encrypt(body, chain: &sender, random: SystemRandom())
        #expect(sender.currentIV == Array(ciphertext.suffix(cipher.blockSize)))
        let decrypted = try protection.decrypt(ciphertext, chain: receiver)
        #expect(Array(decrypted.plaintext.prefix(body.count)) == body)
        #expect(decrypted.plaintext.last.map(Int.init) == decrypted.plaintext.count - body.count - 1)
        #expect(receiver.currentIV == [UInt8](repeating: 0x11, count: cipher.blockSize))
        var committed = receiver
        committed.commit(decrypted.pendingIV)
        #expect(committed == sender)
    }

    @Test(arguments: BlockCipher.allCases)
    func rejectsMalformedBodies(_ cipher: BlockCipher) throws {
        let protection = try Self.protection(cipher)
        let chain = try Self.chain(cipher)
        #expect(throws: IKECryptoError.emptyCiphertext) { try protection.decrypt([], chain: chain) }
        for length in [1, cipher.blockSize - 1, cipher.blockSize + 1, 2 * cipher.blockSize - 1] {
            #expect(throws: IKECryptoError.ciphertextNotBlockAligned(length: length, blockSize: cipher.blockSize)) {
                try protection.decrypt([UInt8](repeating: 0, count: length), chain: chain)
            }
        }
    }

    @Test func payloadBytesAcceptsAnyPaddingAndRejectsOverlongChains() throws {
        let plaintext: [UInt8] = [1, 2, 3, 4, 0, 0, 0, 0]
        #expect(try MessageProtection.payloadBytes(of: plaintext, payloadChainLength: 4) == [1, 2, 3, 4])
        #expect(try MessageProtection.payloadBytes(of: plaintext, payloadChainLength: 8).count == 8)
        #expect(throws: IKECryptoError.payloadChainExceedsBody(chainLength: 9, bodyLength: 8)) {
            try MessageProtection.payloadBytes(of: plaintext, payloadChainLength: 9)
        }
        #expect(throws: IKECryptoError.payloadChainExceedsBody(chainLength: -1, bodyLength: 8)) {
            try MessageProtection.payloadBytes(of: plaintext, payloadChainLength: -1)
        }
    }

    @Test func rejectsWrongKeyAndIVLengths() throws {
        #expect(throws: IKECryptoError.invalidKeyLength(expected: 24, actual: 16)) {
            try MessageProtection(cipher: .tripleDESCBC, key: SecretBytes([UInt8](repeating: 0, count: 16)))
        }
        #expect(throws: IKECryptoError.invalidIVLength(expected: 16, actual: 8)) {
            try IVChain(cipher: .aes128CBC, iv: [UInt8](repeating: 0, count: 8))
        }
    }

    @Test func cipherKeyExpansion() throws {
        // RFC 2409 Appendix B: K1 = prf(SKEYID_e, 0), K2 = prf(SKEYID_e, K1); recomputed here with plain HMACs.
        let prf = PRF(.md5)
        let skeyidE = SecretBytes(Array(0..<16))
        let k1 = try prf.authenticate(key: skeyidE, [0])
        let k2 = try prf.authenticate(key: skeyidE, k1)
        let expanded = try Phase1Keys.expandCipherKey(prf: prf, skeyidE: skeyidE, keySize: 24)
        #expect(expanded.testBytes == Array((k1 + k2).prefix(24)))
        // Long enough: a plain prefix, no expansion.
        #expect(try Phase1Keys.expandCipherKey(prf: prf, skeyidE: skeyidE, keySize: 16) == skeyidE)
    }
}
