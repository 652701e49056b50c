/// `struct sadb_sens` followed by its bitmaps (RFC 2367 §2.3.6).
public struct SADBSensitivity: Hashable, Sendable {
    /// `sadb_sens_dpd`: the data protection domain.
    public var protectionDomain: UInt32
    /// `sadb_sens_sens_level`.
    public var sensitivityLevel: UInt8
    /// `sadb_sens_integ_level`.
    public var integrityLevel: UInt8
    /// The sensitivity bitmap (`sadb_sens_sens_len` 64-bit words).
    public var sensitivityBitmap: [UInt64]
    /// The integrity bitmap (`sadb_sens_integ_len` 64-bit words).
    public var integrityBitmap: [UInt64]

    /// A sensitivity extension.
    public init(
        protectionDomain: UInt32, sensitivityLevel: UInt8, integrityLevel: UInt8,
        sensitivityBitmap: [UInt64] = [], integrityBitmap: [UInt64] = []
    ) {
        precondition(sensitivityBitmap.count <= 255 && integrityBitmap.count <= 255)
        self.protectionDomain = protectionDomain
        self.sensitivityLevel = sensitivityLevel
        self.integrityLevel = integrityLevel
        self.sensitivityBitmap = sensitivityBitmap
        self.integrityBitmap = integrityBitmap
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        protectionDomain = try reader.readUInt32()
        sensitivityLevel = try reader.readUInt8()
        let sensitivityWords = Int(try reader.readUInt8())
        integrityLevel = try reader.readUInt8()
        let integrityWords = Int(try reader.readUInt8())
        try reader.skip(4)
        // The bitmap lengths are checked against the extension by the reader.
        sensitivityBitmap = []
        for _ in 0..<sensitivityWords { sensitivityBitmap.append(try reader.readUInt64()) }
        integrityBitmap = []
        for _ in 0..<integrityWords { integrityBitmap.append(try reader.readUInt64()) }
    }

    func write(into writer: inout SADBWriter) {
        writer.write(protectionDomain)
        writer.write(sensitivityLevel)
        writer.write(UInt8(sensitivityBitmap.count))
        writer.write(integrityLevel)
        writer.write(UInt8(integrityBitmap.count))
        writer.write(UInt32(0))
        for word in sensitivityBitmap { writer.write(word) }
        for word in integrityBitmap { writer.write(word) }
    }
}
