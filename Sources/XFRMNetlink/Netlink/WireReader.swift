/// A bounded reader over host-byte-order netlink structures. Every read checks the bound and throws.
struct WireReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var index: Int
    /// The structure being read, for errors.
    let structure: String

    init(_ bytes: ArraySlice<UInt8>, structure: String) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.structure = structure
    }

    var remaining: Int { bytes.endIndex - index }

    /// Throws unless at least `count` bytes are left.
    func require(_ count: Int) throws(XFRMWireError) {
        guard remaining >= count else { throw .structureTruncated(structure, needed: count, available: remaining) }
    }

    private mutating func take(_ count: Int) throws(XFRMWireError) -> Int {
        try require(count)
        defer { index += count }
        return index
    }

    mutating func readUInt8() throws(XFRMWireError) -> UInt8 { bytes[try take(1)] }

    mutating func readUInt16() throws(XFRMWireError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    mutating func readUInt32() throws(XFRMWireError) -> UInt32 {
        let at = try take(4)
        var value: UInt32 = 0
        for offset in (0..<4).reversed() { value = value << 8 | UInt32(bytes[at + offset]) }
        return value
    }

    mutating func readInt32() throws(XFRMWireError) -> Int32 { Int32(bitPattern: try readUInt32()) }

    mutating func readUInt64() throws(XFRMWireError) -> UInt64 {
        let at = try take(8)
        var value: UInt64 = 0
        for offset in (0..<8).reversed() { value = value << 8 | UInt64(bytes[at + offset]) }
        return value
    }

    /// A network-order 16-bit value (`__be16` ports).
    mutating func readUInt16BigEndian() throws(XFRMWireError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    /// A network-order 32-bit value (`__be32` SPIs).
    mutating func readUInt32BigEndian() throws(XFRMWireError) -> UInt32 {
        let at = try take(4)
        return UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    mutating func readBytes(_ count: Int) throws(XFRMWireError) -> ArraySlice<UInt8> {
        let at = try take(count)
        return bytes[at..<at + count]
    }

    mutating func skip(_ count: Int) throws(XFRMWireError) { _ = try take(count) }
}

/// Appends host-byte-order netlink structures.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func write(_ value: UInt8) { bytes.append(value) }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write<C: Collection>(bytes other: C) where C.Element == UInt8 { bytes.append(contentsOf: other) }

    mutating func writeZeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    /// Pads with zeros to a multiple of `alignment`.
    mutating func align(to alignment: Int) {
        let rest = bytes.count % alignment
        if rest != 0 { writeZeros(alignment - rest) }
    }

    mutating func patch(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }

    mutating func patch(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value & 0xff)
        bytes[offset + 1] = UInt8(value >> 8)
    }

    /// Zeroes the buffer (it may hold keys) and empties it.
    mutating func wipe() {
        for index in bytes.indices { bytes[index] = 0 }
        bytes.removeAll()
    }
}
