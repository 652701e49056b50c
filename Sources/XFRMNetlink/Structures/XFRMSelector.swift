public import PFKeyListener

/// `struct xfrm_selector` (56 bytes): the traffic a policy or SA applies to.
public struct XFRMSelector: Hashable, Sendable {
    static let size = 56

    public var destination: IPAddress?
    public var source: IPAddress?
    /// Ports in host order (0 = any); the masks are derived (0xffff for a port, 0 for any) as af_key does.
    public var destinationPort: UInt16
    public var sourcePort: UInt16
    /// AF_INET or AF_INET6 (0 in an SA's wildcard selector).
    public var family: UInt16
    public var destinationPrefixLength: UInt8
    public var sourcePrefixLength: UInt8
    /// The upper-layer protocol (0 = any).
    public var upperLayerProtocol: UInt8
    public var interfaceIndex: Int32
    public var user: UInt32

    public init(
        source: IPAddress?, sourcePrefixLength: UInt8, sourcePort: UInt16 = 0, destination: IPAddress?,
        destinationPrefixLength: UInt8, destinationPort: UInt16 = 0, family: UInt16, upperLayerProtocol: UInt8 = 0
    ) {
        self.source = source
        self.sourcePrefixLength = sourcePrefixLength
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPrefixLength = destinationPrefixLength
        self.destinationPort = destinationPort
        self.family = family
        self.upperLayerProtocol = upperLayerProtocol
        interfaceIndex = 0
        user = 0
    }

    /// A selector that matches everything of `family` (what an SA installed over PF_KEY carries).
    static func wildcard(family: UInt16) -> XFRMSelector {
        XFRMSelector(
            source: nil, sourcePrefixLength: 0, destination: nil, destinationPrefixLength: 0, family: family)
    }

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
