/// A bounded, host-byte-order reader over one PF_KEY extension or message.
///
/// Every read checks the bound and throws instead of trapping; the error names the extension being read.
struct SADBReader {
    private let bytes: [UInt8]
    private(set) var index: Int
    let end: Int
    /// The extension type reported when a read runs past `end`.
    let extensionType: UInt16

    init(_ bytes: [UInt8], range: Range<Int>, extensionType: UInt16) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
        self.extensionType = extensionType
    }

    var remaining: Int { end - index }

    private mutating func take(_ count: Int) throws(SADBError) -> Int {
        guard count >= 0, count <= remaining else { throw .extensionTruncated(type: extensionType) }
        let start = index
        index += count
        return start
    }

    mutating func readUInt8() throws(SADBError) -> UInt8 {
        bytes[try take(1)]
    }

    /// Reads a little-endian (host order on x86-64 and arm64) 16-bit value.
    mutating func readUInt16() throws(SADBError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    mutating func readUInt32() throws(SADBError) -> UInt32 {
        let at = try take(4)
        var value: UInt32 = 0
        for offset in (0..<4).reversed() { value = value << 8 | UInt32(bytes[at + offset]) }
        return value
    }

    mutating func readUInt64() throws(SADBError) -> UInt64 {
        let at = try take(8)
        var value: UInt64 = 0
        for offset in (0..<8).reversed() { value = value << 8 | UInt64(bytes[at + offset]) }
        return value
    }

    /// Reads a big-endian (network order) 16-bit value: ports inside sockaddrs and NAT-T ports.
    mutating func readUInt16BigEndian() throws(SADBError) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    /// Reads a big-endian 32-bit value: SPIs (`__be32 sadb_sa_spi`).
    mutating func readUInt32BigEndian() throws(SADBError) -> UInt32 {
        let at = try take(4)
        return UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
            | UInt32(bytes[at + 3])
    }

    mutating func readBytes(_ count: Int) throws(SADBError) -> [UInt8] {
        let at = try take(count)
        return Array(bytes[at..<at + count])
    }

    mutating func skip(_ count: Int) throws(SADBError) {
        _ = try take(count)
    }

    /// Returns a reader over the next `count` bytes and advances past them.
    mutating func subReader(_ count: Int) throws(SADBError) -> SADBReader {
        let at = try take(count)
        return SADBReader(bytes, range: at..<at + count, extensionType: extensionType)
    }

    /// The unread bytes, without consuming them.
    func peekRemaining() -> ArraySlice<UInt8> { bytes[index..<end] }
}
