/// `struct sadb_x_kmprivate` followed by opaque key-manager data (Linux `SADB_X_EXT_KMPRIVATE`).
public struct SADBKMPrivate: Hashable, Sendable {
    /// The opaque bytes after the fixed part, as carried.
    public var data: [UInt8]

    /// A KMPRIVATE extension; `data` is padded with zeros when written.
    public init(data: [UInt8]) { self.data = data }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        try reader.skip(4)
        data = Array(try reader.readBytes(reader.remaining))
    }

    func write(into writer: inout SADBWriter) {
        writer.write(UInt32(0))
        writer.write(bytes: data)
    }
}
