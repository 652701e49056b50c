/// A fixed-size record repeated to the end of an extension: `struct sadb_comb` after `sadb_prop` (RFC 2367 §2.3.7)
/// and `struct sadb_alg` after `sadb_supported` (§2.3.8).
protocol SADBRecord {
    /// The record's size in bytes.
    static var size: Int { get }
    init(parsing reader: inout SADBReader) throws(SADBError)
    func write(into writer: inout SADBWriter)
}

extension SADBRecord {
    /// The records filling the rest of the extension `reader` is in, after its 4-byte header and the 4 bytes of
    /// the structure before them. A rest that is not a whole number of records is `.invalidExtensionLength`.
    static func readList(_ reader: inout SADBReader) throws(SADBError) -> [Self] {
        guard reader.remaining % size == 0 else {
            throw .invalidExtensionLength(type: reader.extensionType, length: reader.remaining + 8)
        }
        var records: [Self] = []
        records.reserveCapacity(reader.remaining / size)
        while reader.remaining > 0 { records.append(try Self(parsing: &reader)) }
        return records
    }

    /// Appends `records`, in order.
    static func writeList(_ records: [Self], into writer: inout SADBWriter) {
        for record in records { record.write(into: &writer) }
    }
}
