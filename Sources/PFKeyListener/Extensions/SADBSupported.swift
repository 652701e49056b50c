/// `struct sadb_supported` followed by `struct sadb_alg` records (RFC 2367 §2.3.8): SUPPORTED_AUTH or
/// SUPPORTED_ENCRYPT in a REGISTER reply.
public struct SADBSupported: Hashable, Sendable {
    /// The algorithms the kernel can use.
    public var algorithms: [SADBAlgorithmDescriptor]

    /// A supported-algorithms extension.
    public init(algorithms: [SADBAlgorithmDescriptor]) { self.algorithms = algorithms }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        try reader.skip(4)
        algorithms = try SADBAlgorithmDescriptor.readList(&reader)
    }

    func write(into writer: inout SADBWriter) {
        writer.write(UInt32(0))
        SADBAlgorithmDescriptor.writeList(algorithms, into: &writer)
    }
}

/// `struct sadb_alg` (8 bytes): one algorithm and its key-size range.
public struct SADBAlgorithmDescriptor: Hashable, Sendable, SADBRecord {
    static let size = 8

    /// `sadb_alg_id`: an `SADB_AALG_*` or `SADB_EALG_*` code, depending on the parent extension.
    public var identifier: UInt8
    /// `sadb_alg_ivlen`: IV length in bytes.
    public var ivLength: UInt8
    /// `sadb_alg_minbits`.
    public var minimumBits: UInt16
    /// `sadb_alg_maxbits`.
    public var maximumBits: UInt16

    /// An algorithm descriptor.
    public init(identifier: UInt8, ivLength: UInt8 = 0, minimumBits: UInt16, maximumBits: UInt16) {
        self.identifier = identifier
        self.ivLength = ivLength
        self.minimumBits = minimumBits
        self.maximumBits = maximumBits
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        identifier = try reader.readUInt8()
        ivLength = try reader.readUInt8()
        minimumBits = try reader.readUInt16()
        maximumBits = try reader.readUInt16()
        try reader.skip(2)
    }

    func write(into writer: inout SADBWriter) {
        writer.write(identifier)
        writer.write(ivLength)
        writer.write(minimumBits)
        writer.write(maximumBits)
        writer.write(UInt16(0))
    }
}
