/// A Signature payload (RFC 2408 §3.12), used by signature authentication.
public struct SignaturePayload: OpaquePayload {
    /// The payload type.
    public static let payloadType = PayloadType.signature

    /// The signature.
    public let signatureData: [UInt8]

    /// A payload carrying `signatureData`.
    public init(signatureData: [UInt8]) {
        self.signatureData = signatureData
    }

    /// ``signatureData``, for ``OpaquePayload``.
    public var opaqueBody: [UInt8] { signatureData }

    /// A payload carrying `opaqueBody`, for ``OpaquePayload``.
    public init(opaqueBody: [UInt8]) {
        self.init(signatureData: opaqueBody)
    }
}
