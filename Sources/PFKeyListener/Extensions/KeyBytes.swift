/// Key material carried in SADB_EXT_KEY_AUTH / SADB_EXT_KEY_ENCRYPT.
///
/// PFKeyListener has no dependency on IKECrypto, so it keeps its own small secret container: the bytes live in
/// memory this object owns, are zeroed when it is freed, never appear in `description` or `dump`, compare in
/// constant time, and are read only through `withUnsafeBytes`.
public final class KeyBytes: @unchecked Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    // Immutable after init; only deinit writes (zeroes) it, so sharing across threads is safe.
    private let storage: UnsafeMutableBufferPointer<UInt8>

    /// Copies `bytes` into zero-on-free storage. The caller should drop its own copy promptly.
    public init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        storage = .allocate(capacity: max(bytes.count, 1))
        storage.initialize(repeating: 0)
        var index = 0
        for byte in bytes {
            storage[index] = byte
            index += 1
        }
        count = index
    }

    /// The number of key bytes.
    public let count: Int

    deinit {
        // Zero through a volatile-like loop the optimiser cannot drop: the pointer escapes to deallocate.
        for index in 0..<storage.count { storage[index] = 0 }
        storage.deallocate()
    }

    /// Gives read access to the key bytes.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage.baseAddress, count: count))
    }

    /// Constant-time comparison (the time depends on the lengths only).
    public static func == (lhs: KeyBytes, rhs: KeyBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count { difference |= lhs.storage[index] ^ rhs.storage[index] }
        return difference == 0
    }

    /// Never the key: `<redacted N bytes>`.
    public var description: String { "<redacted \(count) bytes>" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// Hides the storage from `dump` and `Mirror`.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
