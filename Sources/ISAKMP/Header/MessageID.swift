/// The 4-byte ISAKMP Message ID (RFC 2408 §3.1): zero in phase 1, random and nonzero in Quick Mode and
/// Informational exchanges.
public struct MessageID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The message ID as a big-endian integer.
    public var rawValue: UInt32

    /// A message ID with the given value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Message ID 0, used by phase-1 exchanges.
    public static let zero = MessageID(rawValue: 0)

    /// The message ID's 4 bytes in network order (the `M-ID` input of the Quick Mode hashes, RFC 2409 §5.5).
    public var bytes: [UInt8] {
        [
            UInt8(rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
            UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue),
        ]
    }

    /// `0x` followed by 8 hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
