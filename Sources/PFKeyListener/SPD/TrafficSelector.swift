/// The selector of a policy: addresses with prefixes and ports, and the upper-layer protocol.
public struct TrafficSelector: Hashable, Sendable, CustomStringConvertible {
    /// Source network.
    public var source: IPAddress
    /// Source prefix length.
    public var sourcePrefixLength: UInt8
    /// Source port (0 = any).
    public var sourcePort: UInt16
    /// Destination network.
    public var destination: IPAddress
    /// Destination prefix length.
    public var destinationPrefixLength: UInt8
    /// Destination port (0 = any).
    public var destinationPort: UInt16
    /// Upper-layer protocol (255 = any).
    public var upperLayerProtocol: UInt8

    /// A selector.
    public init(
        source: IPAddress, sourcePrefixLength: UInt8, sourcePort: UInt16 = 0, destination: IPAddress,
        destinationPrefixLength: UInt8, destinationPort: UInt16 = 0, upperLayerProtocol: UInt8 = 255
    ) {
        self.source = source
        self.sourcePrefixLength = sourcePrefixLength
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPrefixLength = destinationPrefixLength
        self.destinationPort = destinationPort
        self.upperLayerProtocol = upperLayerProtocol
    }

    /// A selector from the ADDRESS_SRC/ADDRESS_DST extensions of an SPD message; nil for a non-IP family.
    public init?(source: SADBAddress, destination: SADBAddress) {
        guard let sourceIP = source.address, let destinationIP = destination.address else { return nil }
        self.init(
            source: sourceIP, sourcePrefixLength: source.prefixLength, sourcePort: source.socketAddress.port,
            destination: destinationIP, destinationPrefixLength: destination.prefixLength,
            destinationPort: destination.socketAddress.port, upperLayerProtocol: source.upperLayerProtocol)
    }

    /// The selector of the reverse flow: source and destination (and their prefixes and ports) swapped, the same
    /// protocol (racoon's inbound lookup, inventory §4.3 step 7).
    public var reversed: TrafficSelector {
        TrafficSelector(
            source: destination, sourcePrefixLength: destinationPrefixLength, sourcePort: destinationPort,
            destination: source, destinationPrefixLength: sourcePrefixLength, destinationPort: sourcePort,
            upperLayerProtocol: upperLayerProtocol)
    }

    /// True when a packet with these addresses, ports and protocol falls in the selector.
    public func contains(
        source packetSource: IPAddress, destination packetDestination: IPAddress, upperLayerProtocol proto: UInt8,
        sourcePort packetSourcePort: UInt16 = 0, destinationPort packetDestinationPort: UInt16 = 0
    ) -> Bool {
        packetSource.isWithin(source, prefixLength: Int(sourcePrefixLength))
            && packetDestination.isWithin(destination, prefixLength: Int(destinationPrefixLength))
            && (upperLayerProtocol == 255 || upperLayerProtocol == proto)
            && (sourcePort == 0 || sourcePort == packetSourcePort)
            && (destinationPort == 0 || destinationPort == packetDestinationPort)
    }

    /// `src/prefix[port] dst/prefix[port] proto`.
    public var description: String {
        func side(_ address: IPAddress, _ prefix: UInt8, _ port: UInt16) -> String {
            port == 0 ? "\(address)/\(prefix)" : "\(address)/\(prefix)[\(port)]"
        }
        let proto = upperLayerProtocol == 255 ? "any" : "\(upperLayerProtocol)"
        return "\(side(source, sourcePrefixLength, sourcePort)) \(side(destination, destinationPrefixLength, destinationPort)) proto \(proto)"
    }
}
