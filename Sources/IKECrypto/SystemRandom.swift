internal import COpenSSL

/// Random bytes from OpenSSL's default DRBG (`RAND_bytes`), seeded by the operating system. The source for
/// everything the daemon sends.
public struct SystemRandom: RandomSource {
    /// The system random source.
    public init() {}

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        // RAND_bytes takes an int length; IKE never asks for anywhere near 2 GiB at once.
        var offset = 0
        while offset < buffer.count {
            let chunk = min(buffer.count - offset, 1 << 20)
            try checkOpenSSL(RAND_bytes((base + offset).assumingMemoryBound(to: UInt8.self), Int32(chunk)))
            offset += chunk
        }
    }
}
