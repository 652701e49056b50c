import IKECrypto
import Testing

@Suite struct SecretBytesTests {
    @Test func neverPrints() {
        let secret = SecretBytes(Array("hunter2".utf8))
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(!"\([secret])".contains("hunter2"))
    }

    @Test func equalityComparesContentAndLength() {
        #expect(SecretBytes([1, 2, 3]) == SecretBytes([1, 2, 3]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2, 4]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2]))
        #expect(SecretBytes.empty == SecretBytes([]))
    }

    @Test func slicingAndConcatenation() {
        let secret = SecretBytes([0, 1, 2, 3, 4, 5])
        #expect(secret.prefix(2).testBytes == [0, 1])
        #expect(secret.prefix(0).isEmpty)
        #expect(secret.slice(2..<5).testBytes == [2, 3, 4])
        #expect((secret.prefix(2) + secret.slice(4..<6)).testBytes == [0, 1, 4, 5])
        #expect((SecretBytes.empty + secret).testBytes == secret.testBytes)
        #expect(secret.count == 6)
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 0]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([9, 9], SecretBytes([9, 9])))
    }
}

@Suite struct RandomSourceTests {
    @Test func seededRandomIsDeterministicAndSeedDependent() throws {
        let a = try SeededRandom(seed: 1).bytes(count: 100)
        let b = try SeededRandom(seed: 1).bytes(count: 100)
        let c = try SeededRandom(seed: 2).bytes(count: 100)
        #expect(a == b)
        #expect(a != c)
        // A second request continues the stream rather than repeating it.
        let continued = SeededRandom(seed: 1)
        _ = try continued.bytes(count: 100)
        #expect(try continued.bytes(count: 100) != a)
    }

    @Test func seededRandomMatchesHMACDRBGDefinition() throws {
        // HMAC_DRBG (SP 800-90A) with HMAC-SHA-256, instantiated from the seed bytes only, recomputed here
        // step by step with the PRF: K = 0^32, V = 1^32, Update(seed), then Generate(32).
        let prf = PRF(.sha256)
        let seed: [UInt8] = Array("golden transcript".utf8)
        var key = [UInt8](repeating: 0, count: 32)
        var value = [UInt8](repeating: 1, count: 32)
        key = try prf.authenticate(key: SecretBytes(key), value, [0x00], seed)
        value = try prf.authenticate(key: SecretBytes(key), value)
        key = try prf.authenticate(key: SecretBytes(key), value, [0x01], seed)
        value = try prf.authenticate(key: SecretBytes(key), value)
        value = try prf.authenticate(key: SecretBytes(key), value)
        #expect(try SeededRandom(seed: seed).bytes(count: 32) == value)
    }

    @Test func systemRandomProducesDistinctValues() throws {
        let random = SystemRandom()
        let a = try random.bytes(count: 32)
        let b = try random.bytes(count: 32)
        #expect(a.count == 32 && a != b)
        #expect(try random.nonzeroUInt32() != 0)
        #expect(try random.secretBytes(count: 16).count == 16)
        #expect(try random.bytes(count: 0).isEmpty)
    }
}
