import Foundation
import IKECrypto

/// Diffie-Hellman key generation and derivation through IKECrypto next to OpenSSL driven directly (same process,
/// same run), and HMAC-SHA1 throughput.
///
/// The raw reference uses `EVP_PKEY_keygen` with the same private-exponent length as IKECrypto
/// (``DHGroup/privateExponentBits``) and `EVP_PKEY_derive` on prepared keys; a full-length-exponent keygen is
/// printed too, for comparison with strongSwan's default. Target: IKECrypto adds under 10 % to OpenSSL's DH cost.
enum CryptoBenchmark: BenchmarkSuite {
    static let name = "crypto"
    static let summary = "DH keygen/derive (group 2, 14) vs raw OpenSSL; HMAC-SHA1 ops/s"

    /// Rounds per pair of measurements, and the length of each round.
    static let rounds = 9
    static let roundSeconds = 0.25

    static func run() throws {
        print("one thread; raw and IKECrypto alternate in \(rounds) rounds of \(roundSeconds) s; the best round counts")
        print("(the minimum is robust against other processes on a shared machine)")
        print(pad("operation", 62) + pad("ops/s", 12, right: true) + pad("µs/op", 10, right: true) + "  vs raw")
        for group in [DHGroup.modp1024, .modp2048] {
            let raw = try _RawOpenSSLDiffieHellman(group: group, privateExponentBits: group.privateExponentBits)
            let rawFull = try _RawOpenSSLDiffieHellman(group: group, privateExponentBits: nil)
            let random = SystemRandom()
            let label = "group \(group.rawValue) (\(group), x=\(group.privateExponentBits) bits)"

            let (rawKeygen, swiftKeygen) = try compare(
                { try raw.generateKey() }, { _ = try DHKeyPair(group: group, random: random) })
            report("keygen \(label) raw OpenSSL", rawKeygen)
            report("keygen \(label) IKECrypto", swiftKeygen, versus: rawKeygen)
            let (fullKeygen, _) = try compare({ try rawFull.generateKey() }, {})
            report("keygen group \(group.rawValue) raw OpenSSL, OpenSSL's default x", fullKeygen)

            let mine = try DHKeyPair(group: group, random: random)
            let peer = try DHKeyPair(group: group, random: random).publicValue
            let (rawDerive, swiftDerive) = try compare(
                { try raw.derive() }, { _ = try mine.sharedSecret(peerPublicValue: peer) })
            report("derive \(label) raw OpenSSL", rawDerive)
            report("derive \(label) IKECrypto", swiftDerive, versus: rawDerive)
            if group == .modp1024 { reportSerialChain(keygen: swiftKeygen, derive: swiftDerive) }
        }

        let key = SecretBytes([UInt8](repeating: 0x0b, count: 20))
        let rawKey = [UInt8](repeating: 0x0b, count: 20)
        let message = [UInt8](repeating: 0x5a, count: 64)
        let prf = PRF(.sha1)
        let (rawHMAC, swiftHMAC) = try compare(
            { _ = try _rawOpenSSLHMACSHA1(key: rawKey, data: message) }, { _ = try prf.authenticate(key: key, message) })
        report("HMAC-SHA1, 64-byte message, raw HMAC()", rawHMAC)
        report("HMAC-SHA1, 64-byte message, IKECrypto PRF", swiftHMAC, versus: rawHMAC)
    }

    /// Best (minimum) seconds per call of `reference` and of `candidate`, measured in alternating rounds.
    /// The serial cryptographic chain of one negotiation (Main Mode, then Quick Mode with PFS, MODP-1024): each
    /// exchange's Diffie-Hellman operations wait for the previous message, so they run one after another across the
    /// two hosts: the initiator's key pair (MM3), the responder's key pair and g^xy (MM4), the initiator's g^xy (MM5),
    /// and the same four for PFS (QM1, QM2, QM3). No latency can beat it; issue 21 compares the p50 to it.
    static func reportSerialChain(keygen: Double, derive: Double) {
        let chain = 4 * keygen + 4 * derive
        print("serial chain, MM + QM with PFS, group 2: 4 keygen + 4 derive (IKECrypto) = "
              + String(format: "%.1f", chain * 1_000_000) + " µs")
    }

    static func compare(
        _ reference: () throws -> Void, _ candidate: () throws -> Void
    ) throws -> (reference: Double, candidate: Double) {
        var best = (Double.infinity, Double.infinity)
        _ = try round(reference, seconds: 0.1)
        _ = try round(candidate, seconds: 0.1)
        for _ in 0..<rounds {
            best.0 = min(best.0, try round(reference, seconds: roundSeconds))
            best.1 = min(best.1, try round(candidate, seconds: roundSeconds))
        }
        return best
    }

    /// Mean seconds per call of `body` over one round of `seconds`.
    static func round(_ body: () throws -> Void, seconds: Double) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        var count = 0
        var elapsed = 0.0
        repeat {
            for _ in 0..<4 { try body() }
            count += 4
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        return elapsed / Double(count)
    }

    static func report(_ label: String, _ secondsPerOp: Double, versus reference: Double? = nil) {
        var line = pad(label, 62) + pad(String(format: "%.0f", 1 / secondsPerOp), 12, right: true)
            + pad(String(format: "%.2f", secondsPerOp * 1e6), 10, right: true)
        if let reference {
            line += String(format: "  %+.1f %%", (secondsPerOp / reference - 1) * 100)
        }
        print(line)
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
