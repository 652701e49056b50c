/// Appends host-byte-order PF_KEY fields to a byte array.
struct SADBWriter {
    private(set) var bytes: [UInt8]

    init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func write(_ value: UInt8) { bytes.append(value) }

    mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func write(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func write(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func writeBigEndian(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func writeBigEndian(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func write<C: Collection>(bytes other: C) where C.Element == UInt8 { bytes.append(contentsOf: other) }

    mutating func writeZeros(_ count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(0, count: count)) }
    }

    /// Pads with zeros to the next 8-byte boundary (`PFKEY_ALIGN8`).
    mutating func padToWord() { writeZeros(bytes.count.alignedToWord - bytes.count) }

    /// Overwrites a little-endian 16-bit value at `offset` (used to patch lengths).
    mutating func patch(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(truncatingIfNeeded: value)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    /// Writes an extension: the `sadb_ext` header, the body written by `body`, zero padding to 8 bytes, and the
    /// length in 64-bit words patched into the header (RFC 2367 §2.2).
    mutating func writeExtension(type: UInt16, _ body: (inout SADBWriter) -> Void) {
        let start = bytes.count
        write(UInt16(0))
        write(type)
        body(&self)
        padToWord()
        let words = (bytes.count - start) / SADBConstants.wordSize
        precondition(words <= Int(UInt16.max), "PF_KEY extension \(type) longer than sadb_ext_len can describe")
        patch(UInt16(words), at: start)
    }
}
