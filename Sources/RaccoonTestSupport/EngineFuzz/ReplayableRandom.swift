public import IKECrypto
internal import Synchronization

/// A deterministic random source that can be rewound to its seed: **for tests and fuzzing only**.
///
/// The engine fuzz harness rewinds it before every input, so an engine's cookies, nonces, DH private values and
/// padding are the same in every execution, whatever the inputs before drew (libFuzzer needs an input to behave
/// the same each time it runs). splitmix64 underneath: cheap, and the values need not be unpredictable.
public final class ReplayableRandom: RandomSource {
    private let seed: UInt64
    private let state: Mutex<SplitMix64>

    /// A source whose stream is determined by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        state = Mutex(SplitMix64(seed: seed))
    }

    /// Starts the stream again from the seed.
    public func rewind() {
        state.withLock { $0 = SplitMix64(seed: seed) }
    }

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) {
        state.withLock { generator in
            var offset = 0
            while offset < buffer.count {
                var word = generator.next()
                for _ in 0..<min(8, buffer.count - offset) {
                    buffer[offset] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    offset += 1
                }
            }
        }
    }
}
