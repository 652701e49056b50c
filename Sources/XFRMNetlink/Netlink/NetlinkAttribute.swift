/// One netlink attribute (`struct nlattr`: `nla_len`, `nla_type`, then the payload padded to 4 bytes).
public struct NetlinkAttribute: Equatable, Sendable {
    /// `nla_type` without the `NLA_F_NESTED` / `NLA_F_NET_BYTEORDER` bits.
    public var type: UInt16
    /// The payload, without padding.
    public var payload: [UInt8]

    /// `sizeof(struct nlattr)`.
    static let headerSize = 4
    /// `NLA_TYPE_MASK`.
    static let typeMask: UInt16 = 0x3fff

    public init(type: UInt16, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }

    /// Reads every attribute from `bytes` (what follows a message's fixed structure). A length below the header
    /// or past the end throws: the rest cannot be framed.
    static func parseAll(_ bytes: ArraySlice<UInt8>) throws(XFRMWireError) -> [NetlinkAttribute] {
        var attributes: [NetlinkAttribute] = []
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= headerSize {
            let remaining = bytes.endIndex - offset
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let type = (UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8) & typeMask
            guard length >= headerSize, length <= remaining else {
                throw .invalidAttributeLength(type: type, length: length, remaining: remaining)
            }
            attributes.append(NetlinkAttribute(type: type, payload: Array(bytes[offset + headerSize..<offset + length])))
            offset += min(align4(length), remaining)
        }
        // Fewer than 4 trailing bytes can only be padding.
        return attributes
    }

    func write(into writer: inout WireWriter) {
        writer.write(UInt16(Self.headerSize + payload.count))
        writer.write(type)
        writer.write(bytes: payload)
        writer.align(to: 4)
    }
}
