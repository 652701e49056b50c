/// `struct sadb_key` followed by the key (RFC 2367 §2.3.4): KEY_AUTH or KEY_ENCRYPT.
public struct SADBKey: Equatable, Sendable, CustomStringConvertible {
    /// `sadb_key_bits`: the key length in bits.
    public var bits: UInt16
    /// The key bytes (`(bits + 7) / 8` of them).
    public var key: KeyBytes

    /// A key extension whose length is the whole of `key`.
    public init(_ key: KeyBytes) {
        precondition(key.count * 8 <= Int(UInt16.max), "PF_KEY key longer than sadb_key_bits can describe")
        self.key = key
        bits = UInt16(key.count * 8)
    }

    /// Never the key bytes.
    public var description: String { "key (\(bits) bits)" }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        bits = try reader.readUInt16()
        try reader.skip(2)
        let count = (Int(bits) + 7) / 8
        guard count <= reader.remaining else {
            throw .keyLengthExceedsExtension(type: reader.extensionType, bits: bits, available: reader.remaining)
        }
        // Read straight into the zeroing container so no plain copy is left behind.
        var inner = try reader.subReader(count)
        key = KeyBytes(inner.peekRemaining())
        try inner.skip(count)
    }

    func write(into writer: inout SADBWriter) {
        writer.write(bits)
        writer.write(UInt16(0))
        key.withUnsafeBytes { writer.write(bytes: $0) }
    }
}
