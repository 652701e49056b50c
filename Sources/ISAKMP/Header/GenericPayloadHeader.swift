/// The generic payload header that starts every ISAKMP payload (RFC 2408 §3.2), the Proposal and Transform payloads
/// nested in an SA payload included (§3.5, §3.6):
///
/// ```
///  Next Payload (1) | RESERVED (1) | Payload Length (2, this header included)
/// ```
/// Reading it is where a payload's length is checked against its fixed part and its parent, so the body reader it
/// returns can never run past either; writing it fills Payload Length once the body is written.
enum GenericPayloadHeader {
    /// Reads the header of a payload of `type` from `reader` and returns its Next Payload and a reader bounded to its
    /// body (Payload Length minus the header).
    ///
    /// Throws when RESERVED is not zero (RFC 2408 §5.3 step 2), when Payload Length is shorter than `minimumLength`
    /// (the payload's fixed part, header included), or when it runs past what is left of the parent.
    static func read(
        _ type: PayloadType, minimumLength: Int, from reader: inout WireReader
    ) throws(ISAKMPParseError) -> (next: PayloadType, body: WireReader) {
        let next = PayloadType(rawValue: try reader.readInteger())
        guard try reader.readInteger() as UInt8 == 0 else { throw .reservedNotZero(type) }
        let length: UInt16 = try reader.readInteger()
        guard Int(length) >= minimumLength else { throw .payloadLengthTooShort(type: type, length: length) }
        let bodyLength = Int(length) - ISAKMPLimits.genericPayloadHeaderLength
        guard bodyLength <= reader.remaining else { throw .payloadExceedsParent(type: type, length: length) }
        return (next, try reader.readSubReader(length: bodyLength))
    }

    /// Writes a header whose Next Payload is `next` and RESERVED zero, then the body `writeBody` writes, then the
    /// Payload Length of the two.
    static func write(next: PayloadType, into writer: inout WireWriter, body writeBody: (inout WireWriter) -> Void) {
        let start = writer.count
        writer.writeInteger(next.rawValue)
        writer.writeInteger(UInt8(0))
        let lengthOffset = writer.reserveUInt16()
        writeBody(&writer)
        let length = writer.count - start
        precondition(length <= 0xffff, "payload longer than 65535 bytes")
        writer.setUInt16(UInt16(length), at: lengthOffset)
    }
}
