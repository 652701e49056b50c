/// What identifies one SA in the kernel: type, SPI and addresses (racoon finds its ph2 by these).
public struct SAIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The SA type.
    public var saType: SADBSAType
    /// The SPI (host order).
    public var spi: UInt32
    /// The SA's source.
    public var source: IPAddress
    /// The SA's destination.
    public var destination: IPAddress

    /// An SA identity.
    public init(saType: SADBSAType, spi: UInt32, source: IPAddress, destination: IPAddress) {
        self.saType = saType
        self.spi = spi
        self.source = source
        self.destination = destination
    }

    /// Reads SA, ADDRESS_SRC and ADDRESS_DST from an EXPIRE, DELETE or SA reply.
    public init(_ message: SADBMessage) throws(KernelEventError) {
        guard let sa = message.securityAssociation else { throw .missingExtension(message.type, .sa) }
        guard let source = message.sourceAddress?.address else { throw .missingExtension(message.type, .addressSource) }
        guard let destination = message.destinationAddress?.address else {
            throw .missingExtension(message.type, .addressDestination)
        }
        self.init(saType: message.saType, spi: sa.spi, source: source, destination: destination)
    }

    /// `ESP 10.0.0.1->10.0.0.2 spi=0x…` as racoon logs it.
    public var description: String {
        let hex = String(spi, radix: 16)
        return "\(saType) \(source)->\(destination) spi=\(spi)(0x\(String(repeating: "0", count: max(0, 8 - hex.count)) + hex))"
    }
}
