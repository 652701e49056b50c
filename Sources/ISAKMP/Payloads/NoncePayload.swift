/// A Nonce payload (RFC 2408 §3.13): Ni or Nr.
///
/// RFC 2409 §5 wants 8 to 256 bytes; that bound is checked by the negotiator.
public struct NoncePayload: OpaquePayload {
    /// The payload type.
    public static let payloadType = PayloadType.nonce

    /// The nonce (Ni_b or Nr_b).
    public let nonceData: [UInt8]

    /// A payload carrying `nonceData`.
    public init(nonceData: [UInt8]) {
        self.nonceData = nonceData
    }

    /// ``nonceData``, for ``OpaquePayload``.
    public var opaqueBody: [UInt8] { nonceData }

    /// A payload carrying `opaqueBody`, for ``OpaquePayload``.
    public init(opaqueBody: [UInt8]) {
        self.init(nonceData: opaqueBody)
    }
}
