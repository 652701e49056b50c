#if canImport(Glibc)
import Glibc
#endif
public import IKECrypto

/// A pre-shared key from psk.txt.
///
/// The bytes live in ``IKECrypto/SecretBytes``: they zero themselves when the last copy goes away, never print,
/// and compare in constant time. ``secret`` hands them to the key schedule (SKEYID = prf(PSK, Ni_b | Nr_b)).
public struct PreSharedKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key bytes, for the IKEv1 key schedule.
    public let secret: SecretBytes

    /// The key length in bytes.
    public var count: Int { secret.count }

    /// Copies `bytes` into zeroing storage. The caller remains responsible for its own copy.
    public init(copying bytes: some Collection<UInt8>) {
        secret = SecretBytes(Array(bytes))
    }

    /// Copies `bytes` into zeroing storage, then zeroes `bytes`.
    init(zeroingSource bytes: inout [UInt8]) {
        secret = bytes.withUnsafeBytes { SecretBytes(copying: $0) }
        Self.zero(&bytes)
    }

    /// Calls `body` with the key bytes. Do not let the pointer escape.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try secret.withUnsafeBytes { buffer in try body(buffer) }
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `PreSharedKey(<redacted>)`.
    public var debugDescription: String { "PreSharedKey(<redacted>)" }
    /// An empty mirror, so `dump()` and reflection show nothing.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Overwrites `bytes` with zeros in a way the optimizer cannot remove.
    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
        }
    }
}
