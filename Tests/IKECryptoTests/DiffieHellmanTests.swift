@testable import IKECrypto
import Testing

@Suite struct DiffieHellmanTests {
    @Test(arguments: [DHGroup.modp768, .modp1024, .modp1536, .modp2048])
    func twoPartiesAgree(_ group: DHGroup) throws {
        let alice = try DHKeyPair(group: group, random: SystemRandom())
        let bob = try DHKeyPair(group: group, random: SystemRandom())
        #expect(alice.publicValue.count == group.byteCount)
        #expect(bob.publicValue.count == group.byteCount)
        #expect(alice.publicValue != bob.publicValue)
        let a = try alice.sharedSecret(peerPublicValue: bob.publicValue)
        let b = try bob.sharedSecret(peerPublicValue: alice.publicValue)
        #expect(a.count == group.byteCount)
        #expect(a == b)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [DHGroup.modp3072, .modp4096, .modp6144, .modp8192])
    func largeGroupsAgree(_ group: DHGroup) throws {
        let seeded = SeededRandom(seed: UInt64(group.rawValue))
        let alice = try DHKeyPair(group: group, random: seeded)
        let bob = try DHKeyPair(group: group, random: seeded)
        #expect(try alice.sharedSecret(peerPublicValue: bob.publicValue)
            == bob.sharedSecret(peerPublicValue: alice.publicValue))
    }

    /// p for `group`, from the public value 1 < y: p − 1 is found by subtracting from p's bytes.
    static func prime(_ group: DHGroup) -> [UInt8] {
        switch group {
        case .modp1024:
            hex("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
                + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
                + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF")
        default:
            preconditionFailure("only MODP-1024 is spelled out in the tests")
        }
    }

    static func minusOne(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var index = out.count - 1
        while out[index] == 0 { out[index] = 0xFF; index -= 1 }
        out[index] -= 1
        return out
    }

    @Test func rejectsOutOfRangePeerValues() throws {
        let group = DHGroup.modp1024
        let pair = try DHKeyPair(group: group, random: SystemRandom())
        let p = Self.prime(group)
        let zero = [UInt8](repeating: 0, count: group.byteCount)
        var one = zero
        one[one.count - 1] = 1
        let all = [UInt8](repeating: 0xFF, count: group.byteCount)
        for bad in [zero, one, Self.minusOne(p), p, all] {
            #expect(throws: IKECryptoError.publicValueOutOfRange) { try pair.sharedSecret(peerPublicValue: bad) }
            #expect(throws: IKECryptoError.publicValueOutOfRange) {
                try DHKeyPair.validatePeerPublicValue(bad, group: group)
            }
        }
        // The extremes that are still valid: 2 and p − 2.
        var two = zero
        two[two.count - 1] = 2
        try DHKeyPair.validatePeerPublicValue(two, group: group)
        try DHKeyPair.validatePeerPublicValue(Self.minusOne(Self.minusOne(p)), group: group)
    }

    @Test func rejectsWrongLengths() throws {
        let pair = try DHKeyPair(group: .modp2048, random: SystemRandom())
        let other = try DHKeyPair(group: .modp1024, random: SystemRandom())
        #expect(throws: IKECryptoError.publicValueWrongLength(expected: 256, actual: 128)) {
            try pair.sharedSecret(peerPublicValue: other.publicValue)
        }
        #expect(throws: IKECryptoError.publicValueWrongLength(expected: 256, actual: 0)) {
            try pair.sharedSecret(peerPublicValue: [])
        }
        // A valid value with a leading zero byte stripped is not accepted either.
        #expect(throws: IKECryptoError.publicValueWrongLength(expected: 256, actual: 255)) {
            try pair.sharedSecret(peerPublicValue: Array(repeating: 0x55, count: 255))
        }
    }

    @Test func seededGenerationIsReproducible() throws {
        let first = try DHKeyPair(group: .modp1024, random: SeededRandom(seed: 42))
        let second = try DHKeyPair(group: .modp1024, random: SeededRandom(seed: 42))
        let third = try DHKeyPair(group: .modp1024, random: SeededRandom(seed: 43))
        #expect(first.publicValue == second.publicValue)
        #expect(first.publicValue != third.publicValue)
    }

    @Test func explicitPrivateValueGivesKnownPublicValue() throws {
        // g^1 is outside the exponent policy but checks the arithmetic: 2^10 mod p = 1024 for every group.
        let pair = try DHKeyPair(group: .modp1024, privateValue: SecretBytes([0x0A]))
        var expected = [UInt8](repeating: 0, count: 128)
        expected[126] = 0x04
        #expect(pair.publicValue == expected)
        // Its shared secret with y = 2 is 2^10 as well, left-padded to 128 bytes.
        var two = [UInt8](repeating: 0, count: 128)
        two[127] = 2
        #expect(try pair.sharedSecret(peerPublicValue: two).testBytes == expected)
    }

    @Test func sharedSecretIsLeftPadded() throws {
        // y = 2 and x = 8: g^xy = 2^8 = 256 has 126 leading zero bytes, which must be kept.
        let pair = try DHKeyPair(group: .modp1024, privateValue: SecretBytes([0x08]))
        var two = [UInt8](repeating: 0, count: 128)
        two[127] = 2
        let secret = try pair.sharedSecret(peerPublicValue: two).testBytes
        #expect(secret.count == 128)
        #expect(secret[126] == 1 && secret[127] == 0)
        #expect(secret[..<126].allSatisfy { $0 == 0 })
    }

    @Test func groupProperties() {
        #expect(DHGroup.allCases.map(\.rawValue) == [1, 2, 5, 14, 15, 16, 17, 18])
        #expect(DHGroup.allCases.filter(\.isLegacy) == [.modp768, .modp1024, .modp1536])
        for group in DHGroup.allCases {
            // At least twice the security strength (NIST SP 800-56A), and byte-aligned.
            #expect(group.privateExponentBits >= 2 * group.securityStrength)
            #expect(group.privateExponentBits % 8 == 0)
            #expect(group.byteCount * 8 == group.primeBits)
        }
        #expect(DHGroup.modp1024.privateExponentBits == 256)
        #expect(DHGroup.modp2048.privateExponentBits == 256)
    }
}
