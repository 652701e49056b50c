/// A Certificate Request payload (RFC 2408 §3.10): a certificate type and an optional certificate authority.
public struct CertificateRequestPayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.certificateRequest

    /// The requested certificate type (same values as ``CertificatePayload/encoding``).
    public let certificateType: UInt8
    /// The acceptable certificate authority (a DER distinguished name), possibly empty.
    public let certificateAuthority: [UInt8]

    /// A certificate request.
    public init(certificateType: UInt8, certificateAuthority: [UInt8]) {
        self.certificateType = certificateType
        self.certificateAuthority = certificateAuthority
    }

    // MARK: - Reading

    /// Reads the body.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        certificateType = try reader.readInteger()
        certificateAuthority = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(certificateType)
        writer.writeBytes(certificateAuthority)
    }
}
