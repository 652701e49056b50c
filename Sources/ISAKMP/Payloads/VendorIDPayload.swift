/// A Vendor ID payload (RFC 2408 §3.16): opaque bytes of any length, possibly a ``KnownVendorID``.
public struct VendorIDPayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.vendorID

    /// The vendor ID bytes, kept as received (any length, including 0).
    public let vendorID: [UInt8]

    /// A vendor ID payload with the given bytes.
    public init(vendorID: [UInt8]) {
        self.vendorID = vendorID
    }

    /// The payload announcing `known`.
    public init(_ known: KnownVendorID) {
        self.vendorID = known.bytes
    }

    /// The recognised vendor ID, if any.
    public var known: KnownVendorID? { KnownVendorID(vendorID) }

    // MARK: - Reading

    /// Reads the body.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        vendorID = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(vendorID)
    }
}
