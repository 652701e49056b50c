internal import COpenSSL

/// An incremental HMAC computation (`EVP_MAC_CTX`), for inputs that are concatenations of several fields,
/// some of them secret (g^xy, SKEYID_d, …): each field is fed in turn and nothing is copied into a joint buffer.
///
/// A context is single-use: after ``finalize()`` or ``finalizeSecret()`` it must not be updated again.
public final class PRFContext {
    private let context: OpaquePointer
    private let outputSize: Int
    private var finished = false

    /// Starts `HMAC(key, …)` with the hash of `prf`.
    public init(_ prf: PRF, key: SecretBytes) throws(IKECryptoError) {
        let template = try FetchedAlgorithms.hmacTemplate(prf.hash)
        context = try checkOpenSSL(EVP_MAC_CTX_dup(template.context))
        outputSize = prf.outputSize
        let rc = key.withUnsafeBytes { bytes in
            // An empty key must still be a non-NULL pointer: NULL asks OpenSSL to reuse a previous key.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { scratch -> Int32 in
                let nonEmpty = bytes.count > 0 ? bytes.baseAddress : nil
                guard let base = nonEmpty ?? UnsafeRawPointer(scratch.baseAddress) else { return 0 }
                return EVP_MAC_init(context, base.assumingMemoryBound(to: UInt8.self), bytes.count, nil)
            }
        }
        try checkOpenSSL(rc)
    }

    deinit { EVP_MAC_CTX_free(context) }

    /// Feeds public bytes.
    public func update(_ bytes: [UInt8]) throws(IKECryptoError) {
        try bytes.withBytes { (buffer: UnsafeRawBufferPointer) throws(IKECryptoError) in try update(buffer) }
    }

    /// Feeds secret bytes.
    public func update(_ secret: SecretBytes) throws(IKECryptoError) {
        try secret.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws(IKECryptoError) in try update(buffer) }
    }

    /// Feeds the bytes of `buffer`.
    public func update(_ buffer: UnsafeRawBufferPointer) throws(IKECryptoError) {
        precondition(!finished, "PRFContext updated after finalize")
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        try checkOpenSSL(EVP_MAC_update(context, base.assumingMemoryBound(to: UInt8.self), buffer.count))
    }

    /// Ends the computation and returns the MAC as public bytes.
    public func finalize() throws(IKECryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: outputSize)
        try out.withMutableBytes { (buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) in
            try finalize(into: buffer)
        }
        return out
    }

    /// Ends the computation and returns the MAC as a secret, never held in an ordinary array.
    public func finalizeSecret() throws(IKECryptoError) -> SecretBytes {
        try SecretBytes(count: outputSize) { (buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) in
            try finalize(into: buffer)
        }
    }

    private func finalize(into buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) {
        precondition(!finished, "PRFContext finalized twice")
        precondition(buffer.count == outputSize)
        finished = true
        guard let base = buffer.baseAddress else { preconditionFailure("empty HMAC output buffer") }
        var length = 0
        try checkOpenSSL(EVP_MAC_final(context, base.assumingMemoryBound(to: UInt8.self), &length, buffer.count))
        precondition(length == outputSize, "OpenSSL HMAC length disagrees with the digest size")
    }
}
