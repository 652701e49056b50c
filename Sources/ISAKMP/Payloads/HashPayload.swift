/// A Hash payload (RFC 2408 §3.11): HASH_I, HASH_R or a Quick Mode / Informational HASH(n).
public struct HashPayload: OpaquePayload {
    /// The payload type.
    public static let payloadType = PayloadType.hash

    /// The hash value; its length is the negotiated PRF's output size, checked by the negotiator.
    public let hashData: [UInt8]

    /// A payload carrying `hashData`.
    public init(hashData: [UInt8]) {
        self.hashData = hashData
    }

    /// ``hashData``, for ``OpaquePayload``.
    public var opaqueBody: [UInt8] { hashData }

    /// A payload carrying `opaqueBody`, for ``OpaquePayload``.
    public init(opaqueBody: [UInt8]) {
        self.init(hashData: opaqueBody)
    }
}
