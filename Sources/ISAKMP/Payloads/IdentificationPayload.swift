/// An Identification payload in the IPsec DOI (RFC 2408 §3.8, RFC 2407 §4.6.2).
///
/// ```
///  ID Type (1) | Protocol ID (1) | Port (2) | Identification Data
/// ```
/// The payload keeps its original body bytes in ``bodyBytes``: HASH_I/HASH_R cover `IDii_b`/`IDir_b`, the body
/// including the type/protocol/port header (RFC 2409 §5).
public struct IdentificationPayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.identification

    /// The identification data, typed by its ID type.
    public let data: IdentificationData
    /// The IP protocol (0 = any), e.g. 17 for UDP.
    public let protocolID: UInt8
    /// The port (0 = any).
    public let port: UInt16
    /// The body bytes (after the generic header) exactly as received, or as serialised for a constructed payload.
    public let bodyBytes: [UInt8]

    /// The ID type.
    public var idType: IdentificationType { data.type }

    /// An ID payload. Address sizes must fit the ID type.
    public init(data: IdentificationData, protocolID: UInt8 = 0, port: UInt16 = 0) {
        precondition(data.isWellFormed, "identification data does not fit its ID type")
        self.data = data
        self.protocolID = protocolID
        self.port = port
        var writer = WireWriter(reservingCapacity: 4 + data.bytes.count)
        writer.writeInteger(data.type.rawValue)
        writer.writeInteger(protocolID)
        writer.writeInteger(port)
        writer.writeBytes(data.bytes)
        self.bodyBytes = writer.bytes
    }

    // MARK: - Reading

    /// Reads the body; throws INVALID-ID-INFORMATION when the data does not fit its type.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        let start = reader.readerIndex
        let type = IdentificationType(rawValue: try reader.readInteger())
        protocolID = try reader.readInteger()
        port = try reader.readInteger()
        data = try IdentificationData(type: type, data: reader.readRemainingBytes())
        bodyBytes = reader.bytes(from: start)
    }

    // MARK: - Writing

    /// Writes ``bodyBytes``.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(bodyBytes)
    }
}
