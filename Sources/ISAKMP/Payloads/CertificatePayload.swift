/// A Certificate payload (RFC 2408 §3.9): an encoding octet and the certificate data.
public struct CertificatePayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.certificate

    /// The certificate encoding (RFC 2408 §3.9: 4 = X.509 signature, …).
    public let encoding: UInt8
    /// The certificate data.
    public let certificateData: [UInt8]

    /// A certificate payload.
    public init(encoding: UInt8, certificateData: [UInt8]) {
        self.encoding = encoding
        self.certificateData = certificateData
    }

    // MARK: - Reading

    /// Reads the body.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        encoding = try reader.readInteger()
        certificateData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(encoding)
        writer.writeBytes(certificateData)
    }
}
