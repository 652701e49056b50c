/// A Transform payload (RFC 2408 §3.6): one set of algorithms and attributes offered inside a proposal.
///
/// ```
///  [generic header: Next Payload (3 or 0), RESERVED, Length] | Transform # (1) | Transform-Id (1) | RESERVED2 (2) |
///  SA Attributes
/// ```
/// Only the part after the generic header is this type's concern; ``ProposalPayload`` reads and writes the header.
public struct TransformPayload: Hashable, Sendable {
    /// The payload type of a transform inside a proposal.
    public static let payloadType = PayloadType.transform

    /// The transform number.
    public let number: UInt8
    /// The transform ID; its meaning depends on the proposal's protocol (see ``TransformID``).
    public let transformID: UInt8
    /// The SA attributes in wire order. Attribute types are unique within a transform.
    public let attributes: [DataAttribute]

    /// A transform. Attribute types must be unique.
    public init(number: UInt8, transformID: UInt8, attributes: [DataAttribute]) {
        self.number = number
        self.transformID = transformID
        self.attributes = attributes
    }

    /// The first attribute of the given type.
    public func attribute(_ type: UInt16) -> DataAttribute? {
        attributes.first { $0.type == type }
    }

    // MARK: - Reading

    /// Reads the transform body; `reader` is bounded by the transform's Length.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        number = try reader.readInteger()
        transformID = try reader.readInteger()
        try reader.skip(2)  // RESERVED2: ignored on receipt, written as zero.
        var attributes: [DataAttribute] = []
        while !reader.isAtEnd {
            let attribute = try DataAttribute(parsing: &reader)
            // Duplicate attributes make a transform ambiguous (inventory §7, "duplicate attributes").
            if attributes.contains(where: { $0.type == attribute.type }) {
                throw .duplicateAttribute(type: attribute.type)
            }
            attributes.append(attribute)
        }
        self.attributes = attributes
    }

    // MARK: - Writing

    /// Writes the transform body (after the generic header).
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(number)
        writer.writeInteger(transformID)
        writer.writeInteger(UInt16(0))
        for attribute in attributes { attribute.write(into: &writer) }
    }
}
