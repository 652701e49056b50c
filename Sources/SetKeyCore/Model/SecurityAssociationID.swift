/// What `get` and `delete` name: an SA by addresses, protocol and SPI.
public struct SecurityAssociationID: Sendable, Equatable {
    /// Source address.
    public var source: IPAddress
    /// Destination address.
    public var destination: IPAddress
    /// SA type.
    public var satype: SAType
    /// SPI (host order).
    public var spi: UInt32

    /// Creates an identifier.
    public init(source: IPAddress, destination: IPAddress, satype: SAType, spi: UInt32) {
        self.source = source
        self.destination = destination
        self.satype = satype
        self.spi = spi
    }
}
