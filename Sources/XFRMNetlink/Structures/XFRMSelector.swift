public import PFKeyListener

/// `struct xfrm_selector` (56 bytes): the traffic a policy or SA applies to.
public struct XFRMSelector: Hashable, Sendable {
    static let size = 56

    public var destination: IPAddress? = nil
    public var source: IPAddress? = nil
    /// Ports in host order (0 = any); the masks are derived (0xffff for a port, 0 for any) as af_key does.
    public var destinationPort: UInt16 = 0
    public var sourcePort: UInt16 = 0
    /// AF_INET or AF_INET6 (0 in an SA's wildcard selector).
    public var family: UInt16
    public var destinationPrefixLength: UInt8 = 0
    public var sourcePrefixLength: UInt8 = 0
    /// The upper-layer protocol (0 = any).
    public var upperLayerProtocol: UInt8 = 0
    public var interfaceIndex: Int32 = 0
    public var user: UInt32 = 0

    /// A policy's selector in the kernel's form: the family is the addresses', and "any upper-layer protocol"
    /// (PF_KEY's `IPSEC_ULPROTO_ANY`, 255) is XFRM's 0.
    public init(_ traffic: TrafficSelector) {
        self.init(family: XFRMAddress.family(of: traffic.source))
        source = traffic.source
        sourcePrefixLength = traffic.sourcePrefixLength
        sourcePort = traffic.sourcePort
        destination = traffic.destination
        destinationPrefixLength = traffic.destinationPrefixLength
        destinationPort = traffic.destinationPort
        upperLayerProtocol = traffic.upperLayerProtocol == SADBAddress.anyProtocol ? 0 : traffic.upperLayerProtocol
    }

    /// Everything of `family`, on any port and protocol.
    private init(family: UInt16) { self.family = family }

    /// A selector that matches everything of `family` (what an SA installed over PF_KEY carries).
    static func wildcard(family: UInt16) -> XFRMSelector { XFRMSelector(family: family) }

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        var addresses = reader
        try reader.skip(2 * XFRMAddress.size)
        destinationPort = try reader.readUInt16BigEndian()
        try reader.skip(2)
        sourcePort = try reader.readUInt16BigEndian()
        try reader.skip(2)
        family = try reader.readUInt16()
        destinationPrefixLength = try reader.readUInt8()
        sourcePrefixLength = try reader.readUInt8()
        upperLayerProtocol = try reader.readUInt8()
        try reader.skip(3)
        interfaceIndex = try reader.readInt32()
        user = try reader.readUInt32()
        if family != 0 {
            let bits = XFRMAddress.bitCount(family)
            for prefix in [destinationPrefixLength, sourcePrefixLength] where prefix > bits {
                throw .invalidPrefixLength(prefix, family: family)
            }
        }
        destination = try XFRMAddress.read(&addresses, family: family)
        source = try XFRMAddress.read(&addresses, family: family)
    }

    func write(into writer: inout WireWriter) {
        XFRMAddress.write(destination, into: &writer)
        XFRMAddress.write(source, into: &writer)
        writer.writeBigEndian(destinationPort)
        writer.writeBigEndian(UInt16(destinationPort == 0 ? 0 : 0xffff))
        writer.writeBigEndian(sourcePort)
        writer.writeBigEndian(UInt16(sourcePort == 0 ? 0 : 0xffff))
        writer.write(family)
        writer.write(destinationPrefixLength)
        writer.write(sourcePrefixLength)
        writer.write(upperLayerProtocol)
        writer.writeZeros(3)
        writer.write(interfaceIndex)
        writer.write(user)
    }
}
