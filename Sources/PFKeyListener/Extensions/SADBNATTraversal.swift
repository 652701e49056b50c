/// `struct sadb_x_nat_t_type` (Linux `SADB_X_EXT_NAT_T_TYPE`): the UDP encapsulation in use.
public struct SADBNATTraversalType: Hashable, Sendable {
    /// `sadb_x_nat_t_type_type`: `UDP_ENCAP_ESPINUDP_NON_IKE` 1 or `UDP_ENCAP_ESPINUDP` 2 (RFC 3948).
    public var encapsulation: UInt8

    /// `UDP_ENCAP_ESPINUDP` (RFC 3948, the type racoon uses).
    public static let espInUDP: UInt8 = 2

    /// A NAT-T type extension.
    public init(encapsulation: UInt8 = Self.espInUDP) { self.encapsulation = encapsulation }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        encapsulation = try reader.readUInt8()
        try reader.skip(3)
    }

    func write(into writer: inout SADBWriter) {
        writer.write(encapsulation)
        writer.writeZeros(3)
    }
}

/// `struct sadb_x_nat_t_port` (Linux `SADB_X_EXT_NAT_T_SPORT` / `DPORT`): a UDP encapsulation port.
public struct SADBNATTraversalPort: Hashable, Sendable {
    /// `sadb_x_nat_t_port_port`, converted from network order.
    public var port: UInt16

    /// A NAT-T port extension.
    public init(port: UInt16) { self.port = port }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        port = try reader.readUInt16BigEndian()
        try reader.skip(2)
    }

    func write(into writer: inout SADBWriter) {
        writer.writeBigEndian(port)
        writer.write(UInt16(0))
    }
}
