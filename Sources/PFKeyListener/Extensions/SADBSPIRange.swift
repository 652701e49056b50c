/// `struct sadb_spirange` (RFC 2367 §2.3.9): the range GETSPI may choose from.
public struct SADBSPIRange: Hashable, Sendable {
    /// `sadb_spirange_min`.
    public var minimum: UInt32
    /// `sadb_spirange_max`.
    public var maximum: UInt32

    /// An SPI range.
    public init(minimum: UInt32, maximum: UInt32) {
        self.minimum = minimum
        self.maximum = maximum
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        minimum = try reader.readUInt32()
        maximum = try reader.readUInt32()
        try reader.skip(4)
    }

    func write(into writer: inout SADBWriter) {
        writer.write(minimum)
        writer.write(maximum)
        writer.write(UInt32(0))
    }
}
