/// A Vendor ID payload (RFC 2408 §3.16): opaque bytes of any length, possibly a ``KnownVendorID``.
public struct VendorIDPayload: OpaquePayload {
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

    /// ``vendorID``, for ``OpaquePayload``.
    public var opaqueBody: [UInt8] { vendorID }

    /// A payload carrying `opaqueBody`, for ``OpaquePayload``.
    public init(opaqueBody: [UInt8]) {
        self.init(vendorID: opaqueBody)
    }
}
