/// `struct sadb_lifetime` (RFC 2367 §2.3.2): LIFETIME_CURRENT, LIFETIME_HARD or LIFETIME_SOFT.
public struct SADBLifetime: Hashable, Sendable {
    /// `sadb_lifetime_allocations`.
    public var allocations: UInt32
    /// `sadb_lifetime_bytes`.
    public var bytes: UInt64
    /// `sadb_lifetime_addtime`: seconds after creation (hard/soft) or the creation time (current).
    public var addTime: UInt64
    /// `sadb_lifetime_usetime`: seconds after first use (hard/soft) or the first-use time (current).
    public var useTime: UInt64

    /// A lifetime extension.
    public init(allocations: UInt32 = 0, bytes: UInt64 = 0, addTime: UInt64 = 0, useTime: UInt64 = 0) {
        self.allocations = allocations
        self.bytes = bytes
        self.addTime = addTime
        self.useTime = useTime
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        allocations = try reader.readUInt32()
        bytes = try reader.readUInt64()
        addTime = try reader.readUInt64()
        useTime = try reader.readUInt64()
    }

    func write(into writer: inout SADBWriter) {
        writer.write(allocations)
        writer.write(bytes)
        writer.write(addTime)
        writer.write(useTime)
    }
}
