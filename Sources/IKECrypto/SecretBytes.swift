internal import COpenSSL

/// Bytes that must stay secret: pre-shared keys, Diffie-Hellman shared secrets, SKEYID and its derivatives,
/// cipher keys and KEYMAT.
///
/// - The storage is zeroed with `OPENSSL_cleanse` when the last copy goes away.
/// - `==` runs in time that depends only on the lengths (`CRYPTO_memcmp`).
/// - `description` and `debugDescription` print `<redacted>`, so a secret cannot reach a log by accident.
/// - The bytes are reached only through ``withUnsafeBytes(_:)``; the key schedule's slicing and concatenation
///   return new `SecretBytes`.
///
/// `SecretBytes` is a value type with reference-counted, immutable storage, so copies are cheap and it is
/// `Sendable`.
public struct SecretBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let storage: Storage

    /// Copies `bytes` into zeroing storage. The caller's array is not (and cannot be) wiped by this initialiser;
    /// prefer building secrets directly as `SecretBytes` where possible.
    public init(_ bytes: [UInt8]) {
        storage = Storage(count: bytes.count)
        bytes.withUnsafeBytes { source in storage.initialize(from: source) }
    }

    /// Copies the bytes of `buffer` into zeroing storage.
    public init(copying buffer: UnsafeRawBufferPointer) {
        storage = Storage(count: buffer.count)
        storage.initialize(from: buffer)
    }

    /// Creates `count` bytes and lets `body` write all of them, so a secret computed by C never passes through
    /// an ordinary array. The storage starts zeroed.
    init<E: Error>(
        count: Int, initializingWith body: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        storage = Storage(count: count)
        try body(storage.mutableBuffer)
    }

    /// An empty secret.
    public static let empty = SecretBytes([])

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Whether there are no bytes.
    public var isEmpty: Bool { storage.count == 0 }

    /// Calls `body` with the bytes. Do not let the pointer escape, and do not copy the bytes into long-lived
    /// ordinary arrays.
    public func withUnsafeBytes<Result, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> Result
    ) throws(E) -> Result {
        try body(UnsafeRawBufferPointer(storage.mutableBuffer))
    }

    /// The first `length` bytes, as a new secret. `length` must be between 0 and ``count``.
    public func prefix(_ length: Int) -> SecretBytes {
        slice(0..<length)
    }

    /// The bytes in `range`, as a new secret. `range` must lie within `0..<count`.
    public func slice(_ range: Range<Int>) -> SecretBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "SecretBytes slice out of bounds")
        return withUnsafeBytes { all in SecretBytes(copying: UnsafeRawBufferPointer(rebasing: all[range])) }
    }

    /// `lhs` followed by `rhs`, as a new secret.
    public static func + (lhs: SecretBytes, rhs: SecretBytes) -> SecretBytes {
        SecretBytes(count: lhs.count + rhs.count) { (out: UnsafeMutableRawBufferPointer) in
            lhs.withUnsafeBytes { out.copyMemory(from: $0) }
            rhs.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[lhs.count...]).copyMemory(from: $0) }
        }
    }

    /// Constant-time comparison (for equal lengths; the lengths themselves are not secret).
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}

// MARK: - Storage

extension SecretBytes {
    /// Owns the allocation and wipes it on deinit. Written only while the owning `SecretBytes` is being
    /// initialised; immutable afterwards, which is what makes the `@unchecked Sendable` sound.
    private final class Storage: @unchecked Sendable {
        let count: Int
        private let pointer: UnsafeMutableRawPointer

        init(count: Int) {
            precondition(count >= 0, "negative SecretBytes length")
            self.count = count
            // Allocate at least one byte so the pointer is never dangling for empty secrets.
            pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
        }

        var mutableBuffer: UnsafeMutableRawBufferPointer {
            UnsafeMutableRawBufferPointer(start: pointer, count: count)
        }

        func initialize(from source: UnsafeRawBufferPointer) {
            precondition(source.count == count)
            mutableBuffer.copyMemory(from: source)
        }

        deinit {
            OPENSSL_cleanse(pointer, max(count, 1))
            pointer.deallocate()
        }
    }
}
