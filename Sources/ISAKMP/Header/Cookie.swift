/// An ISAKMP cookie: the 8-byte initiator or responder SPI of an ISAKMP SA (RFC 2408 §2.5.3, §3.1).
public struct Cookie: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The cookie as a big-endian integer.
    public var rawValue: UInt64

    /// A cookie with the given value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The all-zero cookie, used as the responder cookie of a first message.
    public static let zero = Cookie(rawValue: 0)

    /// True for the all-zero cookie.
    public var isZero: Bool { rawValue == 0 }

    /// The cookie's 8 bytes in network order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: rawValue >> (56 - 8 * UInt64($0))) }
    }

    /// The cookie as 16 lowercase hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
