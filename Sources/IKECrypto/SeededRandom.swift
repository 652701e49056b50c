import Synchronization

/// A deterministic random source: **for tests and golden transcripts only, never for a live negotiation**.
///
/// It is HMAC_DRBG (NIST SP 800-90A §10.1.2) with HMAC-SHA-256, instantiated from the seed alone (no entropy
/// input, nonce or reseeding) and built on this module's own ``PRF``. Two instances with the same seed produce
/// the same byte stream, so cookies, nonces, DH private values and SPIs — and therefore every message of a
/// negotiation — can be reproduced exactly. The output is unpredictable only to someone who does not know the
/// seed, which is why it must not protect real traffic.
public final class SeededRandom: RandomSource {
    private struct State {
        var key: SecretBytes
        var value: SecretBytes
    }

    private let state: Mutex<State>
    private static let prf = PRF(.sha256)

    /// A generator whose whole output is determined by `seed`.
    public init(seed: [UInt8]) {
        var initial = State(
            key: SecretBytes([UInt8](repeating: 0x00, count: 32)),
            value: SecretBytes([UInt8](repeating: 0x01, count: 32)))
        Self.update(&initial, providedData: seed)
        state = Mutex(initial)
    }

    /// A generator whose whole output is determined by `seed` (its 8 big-endian bytes).
    public convenience init(seed: UInt64) {
        self.init(seed: (0..<8).map { UInt8(truncatingIfNeeded: seed >> (56 - 8 * $0)) })
    }

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) {
        try state.withLock { (state: inout State) throws(IKECryptoError) in
            // SP 800-90A §10.1.2.5 Generate: V = HMAC(K, V), output V, repeat; then Update(no data).
            var offset = 0
            while offset < buffer.count {
                state.value = try Self.hmac(state.key, state.value)
                let take = min(32, buffer.count - offset)
                state.value.withUnsafeBytes { block in
                    UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + take)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: block[0..<take]))
                }
                offset += take
            }
            Self.update(&state, providedData: nil)
        }
    }

    /// SP 800-90A §10.1.2.2 HMAC_DRBG_Update. HMAC-SHA-256 on OpenSSL's default provider does not fail; if it
    /// ever did, a deterministic test generator has no sensible way to continue.
    private static func update(_ state: inout State, providedData: [UInt8]?) {
        do {
            state.key = try hmac(state.key, state.value, [0x00] + (providedData ?? []))
            state.value = try hmac(state.key, state.value)
            guard let providedData, !providedData.isEmpty else { return }
            state.key = try hmac(state.key, state.value, [0x01] + providedData)
            state.value = try hmac(state.key, state.value)
        } catch {
            preconditionFailure("HMAC-SHA-256 failed inside SeededRandom: \(error)")
        }
    }

    /// HMAC-SHA-256(key, value | suffix).
    private static func hmac(
        _ key: SecretBytes, _ value: SecretBytes, _ suffix: [UInt8] = []
    ) throws(IKECryptoError) -> SecretBytes {
        let context = try prf.makeContext(key: key)
        try context.update(value)
        try context.update(suffix)
        return try context.finalizeSecret()
    }
}
