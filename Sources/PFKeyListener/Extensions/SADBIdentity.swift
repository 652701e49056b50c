/// `struct sadb_ident` followed by an identity string (RFC 2367 §2.3.5): IDENTITY_SRC or IDENTITY_DST.
public struct SADBIdentity: Hashable, Sendable {
    /// `sadb_ident_type` (`SADB_IDENTTYPE_PREFIX` 1, `FQDN` 2, `USERFQDN` 3).
    public var identityType: UInt16
    /// `sadb_ident_id`.
    public var identifier: UInt64
    /// The bytes after the fixed part, as carried (a NUL-terminated string, zero-padded to 8 bytes).
    public var data: [UInt8]

    /// An identity extension; `data` is padded with zeros when written.
    public init(identityType: UInt16, identifier: UInt64 = 0, data: [UInt8]) {
        self.identityType = identityType
        self.identifier = identifier
        self.data = data
    }

    /// The identity text up to the first NUL.
    public var text: String { String(decoding: data.prefix { $0 != 0 }, as: UTF8.self) }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        identityType = try reader.readUInt16()
        try reader.skip(2)
        identifier = try reader.readUInt64()
        data = Array(try reader.readBytes(reader.remaining))
    }

    func write(into writer: inout SADBWriter) {
        writer.write(identityType)
        writer.write(UInt16(0))
        writer.write(identifier)
        writer.write(bytes: data)
    }
}
