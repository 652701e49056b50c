/// A payload whose body is one opaque octet string: Key Exchange (RFC 2408 §3.7), Hash (§3.11), Signature (§3.12),
/// Nonce (§3.13) and Vendor ID (§3.16).
///
/// RFC 2408 gives these bodies no inner structure and no length field of their own: the generic header's Payload
/// Length bounds the data. Whether that length fits the negotiation (the group's prime, the prf's output, RFC 2409
/// §5's 8 to 256 nonce bytes) is checked by the negotiator, not here. A conforming type names its data and its
/// payload type; reading and writing are shared.
public protocol OpaquePayload: Hashable, Sendable {
    /// The payload type.
    static var payloadType: PayloadType { get }
    /// The whole body, every byte after the generic header.
    var opaqueBody: [UInt8] { get }
    /// A payload whose body is `opaqueBody`.
    init(opaqueBody: [UInt8])
}

extension OpaquePayload {
    // MARK: - Reading

    /// Reads the body; every byte of `reader` is the data.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        self.init(opaqueBody: reader.readRemainingBytes())
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(opaqueBody)
    }
}
