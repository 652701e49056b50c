import IKECrypto
import Testing

@Suite struct BlockCipherTests {
    static let vectors = VectorBlock.load("rfc3602-aes-cbc.txt") + VectorBlock.load("nist-tdes-cbc.txt")

    static func cipher(_ name: String) -> BlockCipher {
        switch name {
        case "3des": .tripleDESCBC
        case "aes128": .aes128CBC
        case "aes192": .aes192CBC
        case "aes256": .aes256CBC
        default: preconditionFailure("unknown cipher \(name)")
        }
    }

    @Test func vectorFilesHaveEveryCase() {
        #expect(Self.vectors.count == 11)
    }

    @Test(arguments: vectors)
    func publishedVector(_ vector: VectorBlock) throws {
        let cipher = Self.cipher(vector["cipher"])
        let key = SecretBytes(vector.bytes("key"))
        let iv = vector.bytes("iv")
        let plaintext = vector.bytes("plaintext")
        let ciphertext = vector.bytes("ciphertext")
        #expect(try cipher.encrypt(plaintext, key: key, iv: iv) == ciphertext)
        #expect(try cipher.decrypt(ciphertext, key: key, iv: iv) == plaintext)
    }

    @Test func sizesAndLegacyFlags() {
        #expect(BlockCipher.allCases.map(\.blockSize) == [8, 16, 16, 16])
        #expect(BlockCipher.allCases.map(\.keySize) == [24, 16, 24, 32])
        #expect(BlockCipher.allCases.filter(\.isLegacy) == [.tripleDESCBC])
    }

    @Test(arguments: BlockCipher.allCases)
    func rejectsMisalignedInputAndBadLengths(_ cipher: BlockCipher) throws {
        let key = SecretBytes([UInt8](repeating: 7, count: cipher.keySize))
        let iv = [UInt8](repeating: 0, count: cipher.blockSize)
        #expect(throws: IKECryptoError.ciphertextNotBlockAligned(length: cipher.blockSize + 1, blockSize: cipher.blockSize)) {
            try cipher.decrypt([UInt8](repeating: 0, count: cipher.blockSize + 1), key: key, iv: iv)
        }
        #expect(throws: IKECryptoError.plaintextNotBlockAligned(length: 3, blockSize: cipher.blockSize)) {
            try cipher.encrypt([1, 2, 3], key: key, iv: iv)
        }
        #expect(throws: IKECryptoError.invalidKeyLength(expected: cipher.keySize, actual: 5)) {
            try cipher.encrypt([], key: SecretBytes([1, 2, 3, 4, 5]), iv: iv)
        }
        #expect(throws: IKECryptoError.invalidIVLength(expected: cipher.blockSize, actual: 1)) {
            try cipher.encrypt([], key: key, iv: [0])
        }
        // Round trip of a multi-block message, and no padding is added.
        let message = (0..<(cipher.blockSize * 5)).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let encrypted = try cipher.encrypt(message, key: key, iv: iv)
        #expect(encrypted.count == message.count)
        #expect(encrypted != message)
        #expect(try cipher.decrypt(encrypted, key: key, iv: iv) == message)
    }
}
