/// `struct sadb_x_sa2` (Linux `SADB_X_EXT_SA2`): the SA's mode and reqid.
public struct SADBSA2: Hashable, Sendable {
    /// `sadb_x_sa2_mode`.
    public var mode: IPsecMode
    /// `sadb_x_sa2_sequence`.
    public var sequence: UInt32
    /// `sadb_x_sa2_reqid`: ties the SA to policy templates with the same reqid.
    public var reqid: UInt32

    /// An SA2 extension.
    public init(mode: IPsecMode, reqid: UInt32, sequence: UInt32 = 0) {
        self.mode = mode
        self.reqid = reqid
        self.sequence = sequence
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        mode = IPsecMode(rawValue: try reader.readUInt8())
        try reader.skip(3)
        sequence = try reader.readUInt32()
        reqid = try reader.readUInt32()
    }

    func write(into writer: inout SADBWriter) {
        writer.write(mode.rawValue)
        writer.writeZeros(3)
        writer.write(sequence)
        writer.write(reqid)
    }
}
