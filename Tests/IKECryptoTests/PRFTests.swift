import IKECrypto
import Testing

@Suite struct PRFTests {
    static let rfc2202 = VectorBlock.load("rfc2202-hmac.txt")
    static let rfc4231 = VectorBlock.load("rfc4231-hmac.txt")

    static func hash(_ name: String) -> HashAlgorithm {
        switch name {
        case "md5": .md5
        case "sha1": .sha1
        case "sha256": .sha256
        case "sha384": .sha384
        case "sha512": .sha512
        default: preconditionFailure("unknown hash \(name)")
        }
    }

    @Test func vectorFilesHaveEveryCase() {
        #expect(Self.rfc2202.count == 14)
        #expect(Self.rfc4231.count == 18)
    }

    @Test(arguments: rfc2202 + rfc4231)
    func publishedVector(_ vector: VectorBlock) throws {
        let prf = PRF(Self.hash(vector["hash"]))
        let key = SecretBytes(vector.bytes("key"))
        let data = vector.bytes("data")
        let expected = vector.bytes("digest")
        #expect(try prf.authenticate(key: key, data) == expected)
        #expect(try prf.derive(key: key, data).testBytes == expected)
        // Fed in pieces (contiguous and split at every third byte) the result is the same.
        let context = try prf.makeContext(key: key)
        var index = 0
        while index < data.count {
            let end = min(index + 3, data.count)
            try context.update(Array(data[index..<end]))
            index = end
        }
        #expect(try context.finalize() == expected)
        let split = data.count / 2
        #expect(try prf.authenticate(key: key, Array(data[..<split]), [], Array(data[split...])) == expected)
    }

    @Test func outputSizesAndLegacyFlags() {
        #expect(HashAlgorithm.allCases.map(\.digestSize) == [16, 20, 32, 48, 64])
        #expect(HashAlgorithm.allCases.filter(\.isLegacy) == [.md5, .sha1])
        #expect(PRF(.sha1).outputSize == 20)
        #expect(PRF(.sha256).description == "hmac-sha256")
    }

    @Test func plainHashesMatchKnownDigests() throws {
        // FIPS 180-4 / RFC 1321 "abc" examples.
        let abc = Array("abc".utf8)
        #expect(try HashAlgorithm.md5.hash(abc) == hex("900150983cd24fb0d6963f7d28e17f72"))
        #expect(try HashAlgorithm.sha1.hash(abc) == hex("a9993e364706816aba3e25717850c26c9cd0d89d"))
        #expect(try HashAlgorithm.sha256.hash(abc)
            == hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(try HashAlgorithm.sha1.hash(Array("a".utf8), Array("bc".utf8)) == HashAlgorithm.sha1.hash(abc))
    }

    @Test func emptyKeyIsAccepted() throws {
        // HMAC with an empty key is defined (the key is zero-padded to the block size).
        let mac = try PRF(.sha256).authenticate(key: .empty, [])
        #expect(mac == hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }
}
