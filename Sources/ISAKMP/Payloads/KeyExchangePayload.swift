/// A Key Exchange payload (RFC 2408 §3.7): the Diffie-Hellman public value g^x, as many bytes as the group's prime.
///
/// Its length is checked against the negotiated group by the negotiator, not here.
public struct KeyExchangePayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.keyExchange

    /// The public value (KE data).
    public let keyExchangeData: [UInt8]

    /// A payload carrying `keyExchangeData`.
    public init(keyExchangeData: [UInt8]) {
        self.keyExchangeData = keyExchangeData
    }

    // MARK: - Reading

    /// Reads the body; every byte of `reader` is the data.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        keyExchangeData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(keyExchangeData)
    }
}
