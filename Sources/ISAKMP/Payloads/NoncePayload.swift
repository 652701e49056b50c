/// A Nonce payload (RFC 2408 §3.13): Ni or Nr.
///
/// RFC 2409 §5 wants 8 to 256 bytes; that bound is checked by the negotiator.
public struct NoncePayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.nonce

    /// The nonce (Ni_b or Nr_b).
    public let nonceData: [UInt8]

    /// A payload carrying `nonceData`.
    public init(nonceData: [UInt8]) {
        self.nonceData = nonceData
    }

    // MARK: - Reading

    /// Reads the body; every byte of `reader` is the data.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        nonceData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(nonceData)
    }
}
