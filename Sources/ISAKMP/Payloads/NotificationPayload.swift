/// A Notification payload (RFC 2408 §3.14).
///
/// ```
///  DOI (4) | Protocol-ID (1) | SPI Size (1) | Notify Message Type (2) | SPI (SPI Size) | Notification Data
/// ```
/// Unknown notify types are kept (``NotifyMessageType/unknown(_:)``) with their data.
public struct NotificationPayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.notification

    /// The domain of interpretation (0 or 1 in practice; kept as sent).
    public let doi: DomainOfInterpretation
    /// The protocol the notify is about.
    public let protocolID: ProtocolID
    /// The notify message type.
    public let notifyType: NotifyMessageType
    /// The SPI (16 bytes = both cookies for ISAKMP, 4 for AH/ESP, or empty).
    public let spi: [UInt8]
    /// The notification data (e.g. the DPD sequence number, RFC 3706 §5; the lifetime attributes of
    /// RESPONDER-LIFETIME, RFC 2407 §4.6.3.1).
    public let notificationData: [UInt8]

    /// A notification.
    public init(
        doi: DomainOfInterpretation = .ipsec, protocolID: ProtocolID, notifyType: NotifyMessageType, spi: [UInt8],
        notificationData: [UInt8] = []
    ) {
        precondition(spi.count <= 0xff, "SPI longer than 255 bytes")
        self.doi = doi
        self.protocolID = protocolID
        self.notifyType = notifyType
        self.spi = spi
        self.notificationData = notificationData
    }

    /// The 32-bit sequence number of an R-U-THERE or R-U-THERE-ACK (RFC 3706 §5), if the data is exactly 4 bytes.
    public var dpdSequenceNumber: UInt32? {
        guard notifyType == .rUThere || notifyType == .rUThereAck, notificationData.count == 4 else { return nil }
        return notificationData.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    // MARK: - Reading

    /// Reads the body.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        doi = DomainOfInterpretation(rawValue: try reader.readInteger())
        guard doi.isSupportedForInformational else { throw .doiNotSupported(doi.rawValue) }
        protocolID = ProtocolID(rawValue: try reader.readInteger())
        let spiSize: UInt8 = try reader.readInteger()
        notifyType = NotifyMessageType(rawValue: try reader.readInteger())
        guard Int(spiSize) <= reader.remaining else { throw .malformedPayload(.notification) }
        spi = try reader.readBytes(count: Int(spiSize))
        notificationData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(doi.rawValue)
        writer.writeInteger(protocolID.rawValue)
        writer.writeInteger(UInt8(spi.count))
        writer.writeInteger(notifyType.rawValue)
        writer.writeBytes(spi)
        writer.writeBytes(notificationData)
    }
}
