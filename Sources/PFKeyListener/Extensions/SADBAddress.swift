/// `struct sadb_address` followed by a sockaddr: ADDRESS_SRC, ADDRESS_DST, ADDRESS_PROXY and X_NAT_T_OA
/// (RFC 2367 §2.3.4).
public struct SADBAddress: Hashable, Sendable, CustomStringConvertible {
    /// `sadb_address_proto`: the upper-layer protocol of a selector (`IPSEC_ULPROTO_ANY` = 255; the kernel puts 0
    /// in SA messages).
    public var upperLayerProtocol: UInt8
    /// `sadb_address_prefixlen`.
    public var prefixLength: UInt8
    /// The address and port.
    public var socketAddress: SADBSocketAddress

    /// `IPSEC_ULPROTO_ANY`.
    public static let anyProtocol: UInt8 = 255

    /// An address extension. `prefixLength` defaults to the whole address.
    public init(_ socketAddress: SADBSocketAddress, prefixLength: UInt8? = nil, upperLayerProtocol: UInt8 = 255) {
        self.socketAddress = socketAddress
        self.upperLayerProtocol = upperLayerProtocol
        self.prefixLength = prefixLength ?? UInt8(socketAddress.address?.family.bitCount ?? 0)
    }

    /// A host address with a full prefix and the given port.
    public init(host: IPAddress, port: UInt16 = 0, upperLayerProtocol: UInt8 = 255) {
        self.init(SADBSocketAddress(host, port: port), upperLayerProtocol: upperLayerProtocol)
    }

    /// The IP address (nil for a family other than IPv4/IPv6).
    public var address: IPAddress? { socketAddress.address }

    /// `address/prefix[port] proto` for logs.
    public var description: String {
        let proto = upperLayerProtocol == Self.anyProtocol ? "any" : "\(upperLayerProtocol)"
        return "\(socketAddress)/\(prefixLength) proto \(proto)"
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        upperLayerProtocol = try reader.readUInt8()
        prefixLength = try reader.readUInt8()
        try reader.skip(2)
        socketAddress = try SADBSocketAddress.read(from: &reader)
        // Linux (verify_address_len): the prefix may not exceed the address size.
        if let family = socketAddress.address?.family, Int(prefixLength) > family.bitCount {
            throw .invalidPrefixLength(type: reader.extensionType, prefixLength: prefixLength)
        }
    }

    func write(into writer: inout SADBWriter) {
        writer.write(upperLayerProtocol)
        writer.write(prefixLength)
        writer.write(UInt16(0))
        socketAddress.write(into: &writer)
    }
}
