/// A Signature payload (RFC 2408 §3.12), used by signature authentication.
public struct SignaturePayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.signature

    /// The signature.
    public let signatureData: [UInt8]

    /// A payload carrying `signatureData`.
    public init(signatureData: [UInt8]) {
        self.signatureData = signatureData
    }

    // MARK: - Reading

    /// Reads the body; every byte of `reader` is the data.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        signatureData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(signatureData)
    }
}
