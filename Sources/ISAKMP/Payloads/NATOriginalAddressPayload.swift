/// A NAT-OA payload (RFC 3947 §5.2): the original address of a peer behind a NAT, sent in Quick Mode for
/// transport mode.
///
/// ```
///  ID Type (1) | RESERVED (1) | RESERVED (2) | IPv4 (4) or IPv6 (16) address
/// ```
public struct NATOriginalAddressPayload: Hashable, Sendable {
    /// The address, 4 bytes (ID_IPV4_ADDR) or 16 bytes (ID_IPV6_ADDR), network order.
    public let address: [UInt8]
    /// True when sent with the draft payload number 131.
    public let isDraft: Bool

    /// The payload type: 21, or 131 for the drafts.
    public var payloadType: PayloadType { isDraft ? .natOriginalAddressDraft : .natOriginalAddress }

    /// The ID type the address is encoded with.
    public var idType: IdentificationType { address.count == 4 ? .ipv4Address : .ipv6Address }

    /// A NAT-OA payload; the address must be 4 or 16 bytes.
    public init(address: [UInt8], isDraft: Bool = false) {
        precondition(address.count == 4 || address.count == 16, "NAT-OA carries an IPv4 or IPv6 address")
        self.address = address
        self.isDraft = isDraft
    }

    // MARK: - Reading

    /// Reads the body. RFC 3947 §5.2: only ID_IPV4_ADDR and ID_IPV6_ADDR are allowed, with their exact size.
    public init(parsing reader: inout WireReader, isDraft: Bool) throws(ISAKMPParseError) {
        self.isDraft = isDraft
        let type = IdentificationType(rawValue: try reader.readInteger())
        try reader.skip(3)  // RESERVED
        let expected: Int
        switch type {
        case .ipv4Address: expected = 4
        case .ipv6Address: expected = 16
        default: throw .invalidIdentificationData(idType: type.rawValue, length: reader.remaining)
        }
        guard reader.remaining == expected else {
            throw .invalidIdentificationData(idType: type.rawValue, length: reader.remaining)
        }
        address = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(idType.rawValue)
        writer.writeInteger(UInt8(0))
        writer.writeInteger(UInt16(0))
        writer.writeBytes(address)
    }
}
