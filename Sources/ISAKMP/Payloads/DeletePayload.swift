/// A Delete payload (RFC 2408 §3.15): SPIs of SAs the sender has deleted.
///
/// ```
///  DOI (4) | Protocol-Id (1) | SPI Size (1) | # of SPIs (2) | SPIs (# of SPIs × SPI Size)
/// ```
/// Parsing requires at least one SPI, a nonzero SPI size, and `# of SPIs × SPI Size` equal to the bytes left
/// (inventory §7: "DELETE with num_spi × spi_size ≠ length").
public struct DeletePayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.delete

    /// The domain of interpretation.
    public let doi: DomainOfInterpretation
    /// The protocol of the deleted SAs (ISAKMP: the SPI is both cookies, 16 bytes).
    public let protocolID: ProtocolID
    /// The size of each SPI.
    public let spiSize: UInt8
    /// The SPIs, each ``spiSize`` bytes.
    public let spis: [[UInt8]]

    /// A delete payload; every SPI must have the same nonzero size.
    public init(doi: DomainOfInterpretation = .ipsec, protocolID: ProtocolID, spis: [[UInt8]]) {
        let size = spis.first?.count ?? 0
        precondition(
            size > 0 && size <= 0xff && spis.count <= 0xffff && spis.allSatisfy { $0.count == size },
            "SPIs of a delete payload must share one nonzero size")
        self.doi = doi
        self.protocolID = protocolID
        self.spiSize = UInt8(size)
        self.spis = spis
    }

    // MARK: - Reading

    /// Reads the body.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        doi = DomainOfInterpretation(rawValue: try reader.readInteger())
        guard doi.isSupportedForInformational else { throw .doiNotSupported(doi.rawValue) }
        protocolID = ProtocolID(rawValue: try reader.readInteger())
        spiSize = try reader.readInteger()
        let count: UInt16 = try reader.readInteger()
        guard spiSize > 0, count > 0, Int(count) * Int(spiSize) == reader.remaining else {
            throw .deleteSPIMismatch(count: count, spiSize: spiSize, length: reader.remaining)
        }
        var spis: [[UInt8]] = []
        spis.reserveCapacity(Int(count))
        for _ in 0..<count { spis.append(try reader.readBytes(count: Int(spiSize))) }
        self.spis = spis
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(doi.rawValue)
        writer.writeInteger(protocolID.rawValue)
        writer.writeInteger(spiSize)
        writer.writeInteger(UInt16(spis.count))
        for spi in spis { writer.writeBytes(spi) }
    }
}
