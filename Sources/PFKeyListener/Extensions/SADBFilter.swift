/// `struct sadb_x_filter` (Linux `SADB_X_EXT_FILTER`, 40 bytes): restricts an SADB_DUMP to address prefixes.
public struct SADBFilter: Hashable, Sendable {
    /// Source prefix.
    public var source: IPAddress
    /// Destination prefix.
    public var destination: IPAddress
    /// `sadb_x_filter_splen`.
    public var sourcePrefixLength: UInt8
    /// `sadb_x_filter_dplen`.
    public var destinationPrefixLength: UInt8

    /// A dump filter; both addresses must have the same family.
    public init(source: IPAddress, sourcePrefixLength: UInt8, destination: IPAddress, destinationPrefixLength: UInt8) {
        precondition(source.family == destination.family, "filter addresses of different families")
        self.source = source
        self.destination = destination
        self.sourcePrefixLength = sourcePrefixLength
        self.destinationPrefixLength = destinationPrefixLength
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        let sourceBytes = Array(try reader.readBytes(16))
        let destinationBytes = Array(try reader.readBytes(16))
        let family = try reader.readUInt16()
        sourcePrefixLength = try reader.readUInt8()
        destinationPrefixLength = try reader.readUInt8()
        // The addresses are __u32[4] holding in_addr / in6_addr bytes.
        let addressFamily: IPAddress.Family = family == SADBConstants.familyIPv4 ? .ipv4 : .ipv6
        source = IPAddress(addressFamily, field: Array(sourceBytes.prefix(addressFamily.byteCount)))
        destination = IPAddress(addressFamily, field: Array(destinationBytes.prefix(addressFamily.byteCount)))
    }

    func write(into writer: inout SADBWriter) {
        writer.write(bytes: source.bytes)
        writer.writeZeros(16 - source.bytes.count)
        writer.write(bytes: destination.bytes)
        writer.writeZeros(16 - destination.bytes.count)
        writer.write(source.family == .ipv4 ? SADBConstants.familyIPv4 : SADBConstants.familyIPv6)
        writer.write(sourcePrefixLength)
        writer.write(destinationPrefixLength)
    }
}
