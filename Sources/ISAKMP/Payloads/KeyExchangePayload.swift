/// A Key Exchange payload (RFC 2408 §3.7): the Diffie-Hellman public value g^x, as many bytes as the group's prime.
///
/// Its length is checked against the negotiated group by the negotiator, not here.
public struct KeyExchangePayload: OpaquePayload {
    /// The payload type.
    public static let payloadType = PayloadType.keyExchange

    /// The public value (KE data).
    public let keyExchangeData: [UInt8]

    /// A payload carrying `keyExchangeData`.
    public init(keyExchangeData: [UInt8]) {
        self.keyExchangeData = keyExchangeData
    }

    /// ``keyExchangeData``, for ``OpaquePayload``.
    public var opaqueBody: [UInt8] { keyExchangeData }

    /// A payload carrying `opaqueBody`, for ``OpaquePayload``.
    public init(opaqueBody: [UInt8]) {
        self.init(keyExchangeData: opaqueBody)
    }
}
