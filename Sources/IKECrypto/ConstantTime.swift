internal import COpenSSL

/// Comparison whose running time does not depend on where two byte strings differ (`CRYPTO_memcmp`).
///
/// Use it for every check of a received HASH, MAC or other authenticator against the expected value.
/// The lengths are compared first and in the clear: a length is never secret in IKE.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress, a.count > 0 else { return true }
        return CRYPTO_memcmp(pa, pb, a.count) == 0
    }

    /// Whether `a` and `b` hold the same bytes.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in equals(pa, pb) } }
    }

    /// Whether `a` and the secret `b` hold the same bytes.
    public static func equals(_ a: [UInt8], _ b: SecretBytes) -> Bool {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in equals(pa, pb) } }
    }
}
