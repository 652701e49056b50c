/// A whole ISAKMP message: the header and either a parsed payload chain or an encrypted body.
///
/// Parsing (``init(parsing:)``) applies the receive-path checks of inventory §6.1 that belong to the wire format;
/// building (``init(header:payloads:)``, ``init(header:encryptedBody:firstPayload:)``) fills every Next Payload and
/// Length field. Parse-then-serialise gives the received bytes back.
public struct ISAKMPMessage: Hashable, Sendable {
    /// What follows the header.
    public enum Body: Hashable, Sendable {
        /// A plaintext message's payloads.
        case payloads(PayloadChain)
        /// The raw ciphertext of a message with the E flag (RFC 2408 §3.1); decrypt it, then parse the plaintext
        /// with ``PayloadChain/parse(_:first:)`` and the header's Next Payload.
        case encrypted([UInt8])
    }

    /// The header. Its ``ISAKMPHeader/length`` always matches the body.
    public private(set) var header: ISAKMPHeader
    /// The payloads or the ciphertext.
    public let body: Body

    /// The payloads of a plaintext message; empty for an encrypted one.
    public var payloads: [Payload] {
        if case .payloads(let chain) = body { return chain.payloads }
        return []
    }

    /// The payload chain of a plaintext message.
    public var payloadChain: PayloadChain? {
        if case .payloads(let chain) = body { return chain }
        return nil
    }

    /// The ciphertext of an encrypted message.
    public var encryptedBody: [UInt8]? {
        if case .encrypted(let bytes) = body { return bytes }
        return nil
    }

    // MARK: - Building

    /// A plaintext message: sets the header's Next Payload to the first payload's type, clears the E flag and fills
    /// the header length and every payload's Next Payload and Length.
    public init(header: ISAKMPHeader, payloads: [Payload]) {
        self.init(header: header, chain: PayloadChain(payloads))
    }

    /// A plaintext message from a chain.
    public init(header: ISAKMPHeader, chain: PayloadChain) {
        var header = header
        header.nextPayload = chain.firstPayloadType
        header.flags.remove(.encryption)
        header.length = UInt32(ISAKMPLimits.headerLength + chain.bytes.count)
        precondition(header.length <= UInt32(ISAKMPLimits.maximumMessageLength), "message longer than 65535 bytes")
        self.header = header
        self.body = .payloads(chain)
    }

    /// An encrypted message: sets the E flag, the header's Next Payload to the plaintext's first payload type, and
    /// the header length.
    public init(header: ISAKMPHeader, encryptedBody: [UInt8], firstPayload: PayloadType) {
        var header = header
        header.nextPayload = firstPayload
        header.flags.insert(.encryption)
        header.length = UInt32(ISAKMPLimits.headerLength + encryptedBody.count)
        precondition(header.length <= UInt32(ISAKMPLimits.maximumMessageLength), "message longer than 65535 bytes")
        self.header = header
        self.body = .encrypted(encryptedBody)
    }

    // MARK: - Reading

    /// Parses one UDP datagram (without the non-ESP marker of port 4500).
    ///
    /// Checks the header (``ISAKMPHeader/init(parsing:)``), that its Length equals the datagram length (racoon
    /// drops any disagreement), then parses the chain: a truncated generic header, a Length below 4 or past the
    /// end, too many payloads, or bytes after the last payload all throw. With the E flag, the body is kept as
    /// ciphertext (it must not be empty).
    public init(parsing datagram: [UInt8]) throws(ISAKMPParseError) {
        var reader = WireReader(datagram)
        let header = try ISAKMPHeader(parsing: &reader)
        guard Int(header.length) == datagram.count else {
            throw .lengthMismatch(headerLength: header.length, datagramLength: datagram.count)
        }
        self.header = header
        let bodyBytes = Array(datagram[ISAKMPLimits.headerLength...])
        if header.flags.contains(.encryption) {
            guard !bodyBytes.isEmpty else { throw .malformedPayload(header.nextPayload) }
            body = .encrypted(bodyBytes)
        } else {
            body = .payloads(try PayloadChain.parse(bodyBytes, first: header.nextPayload, allowTrailingBytes: false))
        }
    }

    // MARK: - Writing

    /// The message's wire bytes.
    public func serialized() -> [UInt8] {
        var writer = WireWriter(reservingCapacity: Int(header.length))
        write(into: &writer)
        return writer.bytes
    }

    /// Writes the message's wire bytes.
    public func write(into writer: inout WireWriter) {
        header.write(into: &writer)
        switch body {
        case .payloads(let chain): chain.write(into: &writer)
        case .encrypted(let bytes): writer.writeBytes(bytes)
        }
    }
}
