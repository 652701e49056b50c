/// What `get` and `delete` name: an SA by addresses, protocol and SPI.
public struct SecurityAssociationID: Sendable, Equatable {
    /// Source address.
    public var source: ScopedAddress
    /// Destination address.
    public var destination: ScopedAddress
    /// SA type.
    public var satype: SAType
    /// SPI (host order).
    public var spi: UInt32

    /// Creates an identifier.
    public init(source: ScopedAddress, destination: ScopedAddress, satype: SAType, spi: UInt32) {
        self.source = source
        self.destination = destination
        self.satype = satype
        self.spi = spi
    }
}
