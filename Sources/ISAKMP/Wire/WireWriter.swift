/// A big-endian writer that appends the wire form of ISAKMP structures to a byte array.
///
/// Length fields whose value is known only after the body is written are reserved with
/// ``reserveUInt16()`` and filled with ``setUInt16(_:at:)``.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes written so far.
    public var count: Int { bytes.count }

    /// Appends a big-endian integer.
    public mutating func writeInteger<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var shift = T.bitWidth - 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> T(shift)))
            shift -= 8
        }
    }

    /// Appends raw bytes.
    public mutating func writeBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    /// Appends a zero 16-bit placeholder and returns its offset, to be filled by ``setUInt16(_:at:)``.
    public mutating func reserveUInt16() -> Int {
        let offset = bytes.count
        bytes.append(0)
        bytes.append(0)
        return offset
    }

    /// Overwrites two bytes at `offset` with `value` in network byte order.
    public mutating func setUInt16(_ value: UInt16, at offset: Int) {
        precondition(offset >= 0 && offset + 2 <= bytes.count, "setUInt16 outside the written bytes")
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Overwrites four bytes at `offset` with `value` in network byte order.
    public mutating func setUInt32(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= bytes.count, "setUInt32 outside the written bytes")
        bytes[offset] = UInt8(value >> 24)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 3] = UInt8(truncatingIfNeeded: value)
    }

    /// Overwrites the byte at `offset`.
    public mutating func setUInt8(_ value: UInt8, at offset: Int) {
        precondition(offset >= 0 && offset < bytes.count, "setUInt8 outside the written bytes")
        bytes[offset] = value
    }
}
