/// Where IKE gets its randomness: cookies, nonces, Diffie-Hellman private values, SPIs, message IDs, padding.
///
/// The daemon uses ``SystemRandom`` (OpenSSL's DRBG). Tests and golden transcripts use ``SeededRandom``, so a
/// whole negotiation can be replayed byte for byte. Implementations are `Sendable` and may be called from any
/// thread.
public protocol RandomSource: Sendable {
    /// Fills `buffer` entirely with random bytes.
    func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError)

    /// A fresh Diffie-Hellman key pair in `group`, never handed out before. The default generates it here, from
    /// `fill`; the daemon's source may hand out one generated ahead of time on another core.
    func makeKeyPair(_ group: DHGroup) throws(IKECryptoError) -> DHKeyPair
}

extension RandomSource {
    public func makeKeyPair(_ group: DHGroup) throws(IKECryptoError) -> DHKeyPair {
        try DHKeyPair(group: group, random: self)
    }

    /// `count` random bytes for public use (cookies, nonces, padding).
    public func bytes(count: Int) throws(IKECryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try out.withMutableBytes { (buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) in
            try fill(buffer)
        }
        return out
    }

    /// `count` random bytes kept secret (private values), never held in an ordinary array.
    public func secretBytes(count: Int) throws(IKECryptoError) -> SecretBytes {
        try SecretBytes(count: count) { (buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) in
            try fill(buffer)
        }
    }

    /// A random 32-bit value (big-endian interpretation of four random bytes).
    public func uint32() throws(IKECryptoError) -> UInt32 {
        try bytes(count: 4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A random 64-bit value (big-endian interpretation of eight random bytes).
    public func uint64() throws(IKECryptoError) -> UInt64 {
        try bytes(count: 8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A random nonzero 32-bit value (Quick Mode and Informational message IDs must be nonzero,
    /// RFC 2408 §3.1 / RFC 2409 §5.5).
    public func nonzeroUInt32() throws(IKECryptoError) -> UInt32 {
        while true {
            let value = try uint32()
            if value != 0 { return value }
        }
    }
}
