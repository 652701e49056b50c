/// A Hash payload (RFC 2408 §3.11): HASH_I, HASH_R or a Quick Mode / Informational HASH(n).
public struct HashPayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.hash

    /// The hash value; its length is the negotiated PRF's output size, checked by the negotiator.
    public let hashData: [UInt8]

    /// A payload carrying `hashData`.
    public init(hashData: [UInt8]) {
        self.hashData = hashData
    }

    // MARK: - Reading

    /// Reads the body; every byte of `reader` is the data.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        hashData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(hashData)
    }
}
