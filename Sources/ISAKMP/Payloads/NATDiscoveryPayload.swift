/// A NAT-D payload (RFC 3947 §3.2): `HASH(CKY-I | CKY-R | IP | Port)` with the negotiated hash.
///
/// Sent as payload type 20 (RFC 3947) or 130 (drafts 02–08), chosen by the NAT-T vendor ID both sides sent. The hash
/// size is checked against the negotiated hash by the negotiator (inventory §7, "NAT-D of the wrong size").
public struct NATDiscoveryPayload: Hashable, Sendable {
    /// The hash.
    public let hashData: [UInt8]
    /// True when sent with the draft payload number 130.
    public let isDraft: Bool

    /// The payload type: 20, or 130 for the drafts.
    public var payloadType: PayloadType { isDraft ? .natDiscoveryDraft : .natDiscovery }

    /// A NAT-D payload.
    public init(hashData: [UInt8], isDraft: Bool = false) {
        self.hashData = hashData
        self.isDraft = isDraft
    }

    // MARK: - Reading

    /// Reads the body; `isDraft` says which payload number it came with.
    public init(parsing reader: inout WireReader, isDraft: Bool) throws(ISAKMPParseError) {
        self.isDraft = isDraft
        hashData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(hashData)
    }
}
