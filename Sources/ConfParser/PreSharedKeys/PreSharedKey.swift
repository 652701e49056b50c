#if canImport(Glibc)
import Glibc
#endif

/// A pre-shared key from psk.txt: secret bytes that zero themselves when released, never print, and compare in
/// constant time.
///
/// The bytes are reachable only through `withUnsafeBytes`. This is a ConfParser-local secret type so the module
/// builds on its own; it is meant to wrap `IKECrypto.SecretBytes` once that type lands.
public final class PreSharedKey: @unchecked Sendable, Equatable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    // Immutable after init; only `deinit` writes to it (to zero it), so sharing across threads is safe.
    private let storage: UnsafeMutableRawBufferPointer

    /// The key length in bytes.
    public var count: Int { storage.count }

    /// Copies `bytes` into zeroing storage. The caller remains responsible for its own copy.
    public init(copying bytes: some Collection<UInt8>) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        storage.copyBytes(from: bytes)
    }

    /// Copies `bytes` into zeroing storage, then zeroes `bytes`.
    convenience init(zeroingSource bytes: inout [UInt8]) {
        self.init(copying: bytes)
        Self.zero(&bytes)
    }

    deinit {
        if let base = storage.baseAddress { explicit_bzero(base, storage.count) }
        storage.deallocate()
    }

    /// Calls `body` with the key bytes. Do not let the pointer escape.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// Constant-time comparison (the length is not secret).
    public static func == (lhs: PreSharedKey, rhs: PreSharedKey) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count {
            difference |= lhs.storage[index] ^ rhs.storage[index]
        }
        return difference == 0
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
