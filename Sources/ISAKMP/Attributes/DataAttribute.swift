/// An ISAKMP data attribute (RFC 2408 §3.3), in TV (basic) or TLV (variable) form.
///
/// ```
///  AF(1 bit) | Attribute Type (15 bits) | AF=1: Attribute Value (2)  /  AF=0: Attribute Length (2) + Value
/// ```
/// The form is kept, so a parsed attribute re-serialises byte for byte. Unknown attribute types are kept as data:
/// their meaning (Oakley or IPsec DOI) depends on where the transform sits, and is the negotiator's business.
public struct DataAttribute: Hashable, Sendable {
    /// The value of an attribute in its wire form.
    public enum Value: Hashable, Sendable {
        /// AF = 1: a 2-byte value in place of the length (TV).
        case basic(UInt16)
        /// AF = 0: a length-prefixed value (TLV).
        case variable([UInt8])
    }

    /// The attribute type, 15 bits (the AF bit is not part of it).
    public let type: UInt16
    /// The value and its form.
    public let value: Value

    /// An attribute with the given type (at most 0x7fff) and value.
    public init(type: UInt16, value: Value) {
        precondition(type <= 0x7fff, "attribute types are 15 bits")
        if case .variable(let bytes) = value {
            precondition(bytes.count <= 0xffff, "TLV attribute value longer than 65535 bytes")
        }
        self.type = type
        self.value = value
    }

    /// An attribute carrying an integer: basic form when it fits in 16 bits (as RFC 2409 Appendix A requires for
    /// B-class attributes), otherwise variable form with the value in 4 or 8 bytes.
    public static func integer(type: UInt16, _ value: UInt64) -> DataAttribute {
        if value <= 0xffff { return DataAttribute(type: type, value: .basic(UInt16(value))) }
        var writer = WireWriter(reservingCapacity: 8)
        if value <= 0xffff_ffff { writer.writeInteger(UInt32(value)) } else { writer.writeInteger(value) }
        return DataAttribute(type: type, value: .variable(writer.bytes))
    }

    /// True for the TV (basic) form.
    public var isBasic: Bool {
        if case .basic = value { return true }
        return false
    }

    /// The value as an integer: a basic value, or a variable value of 1 to 8 bytes read big-endian (RFC 2409
    /// Appendix A life durations are sent either way). Nil for empty or longer variable values.
    public var integerValue: UInt64? {
        switch value {
        case .basic(let v): return UInt64(v)
        case .variable(let bytes):
            guard (1...8).contains(bytes.count) else { return nil }
            return bytes.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        }
    }

    /// The number of bytes this attribute takes on the wire.
    public var wireLength: Int {
        switch value {
        case .basic: return 4
        case .variable(let bytes): return 4 + bytes.count
        }
    }

    // MARK: - Reading

    /// Reads one attribute. A TLV length that runs past the reader (the transform) throws
    /// ``ISAKMPParseError/attributeExceedsTransform(type:)`` (fork #37).
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        let typeField: UInt16 = try reader.readInteger()
        let type = typeField & 0x7fff
        self.type = type
        if typeField & 0x8000 != 0 {
            value = .basic(try reader.readInteger())
        } else {
            let length: UInt16 = try reader.readInteger()
            guard Int(length) <= reader.remaining else { throw .attributeExceedsTransform(type: type) }
            value = .variable(try reader.readBytes(count: Int(length)))
        }
    }

    // MARK: - Writing

    /// Writes the attribute in its form.
    public func write(into writer: inout WireWriter) {
        switch value {
        case .basic(let v):
            writer.writeInteger(type | 0x8000)
            writer.writeInteger(v)
        case .variable(let bytes):
            writer.writeInteger(type)
            writer.writeInteger(UInt16(bytes.count))
            writer.writeBytes(bytes)
        }
    }
}
