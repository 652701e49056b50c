/// A chain of payloads linked by their Next Payload fields (RFC 2408 §3.2), with the bytes it was read from.
///
/// The chain keeps its serialised bytes (``bytes``) and where each payload sits in them (``payloadRanges``), so
/// hashes can be computed over exactly what was received: Quick Mode HASH(1)/HASH(2) cover every payload after the
/// HASH payload (``bytes(after:)``), Informational HASH(1) only the next one (``payloadBytes(at:)``).
///
/// Loop protection: a chain is linear in its bytes (each payload consumes at least its 4-byte header and the reader
/// never moves backwards), so a Next Payload "loop" can only show as too many payloads
/// (``ISAKMPLimits/maximumPayloadCount``) or as a Length running past the end; both throw.
public struct PayloadChain: Hashable, Sendable {
    /// The payloads, in wire order.
    public let payloads: [Payload]
    /// The serialised chain, from the first generic header to the end of the last payload (padding excluded).
    public let bytes: [UInt8]
    /// The range of each payload (generic header included) within ``bytes``.
    public let payloadRanges: [Range<Int>]
    /// Bytes that followed the last payload (Next Payload NONE): encryption padding in a decrypted body.
    public let trailingByteCount: Int

    /// The type of the first payload (NONE for an empty chain), i.e. the header's Next Payload.
    public var firstPayloadType: PayloadType { payloads.first?.payloadType ?? .none }

    /// Builds a chain from payloads, filling every Next Payload and Payload Length field.
    public init(_ payloads: [Payload]) {
        var writer = WireWriter(reservingCapacity: 256)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(payloads.count)
        for (index, payload) in payloads.enumerated() {
            let start = writer.count
            let next = index + 1 < payloads.count ? payloads[index + 1].payloadType : .none
            GenericPayloadHeader.write(next: next, into: &writer) { payload.write(into: &$0) }
            ranges.append(start..<writer.count)
        }
        self.payloads = payloads
        self.bytes = writer.bytes
        self.payloadRanges = ranges
        self.trailingByteCount = 0
    }

    private init(payloads: [Payload], bytes: [UInt8], payloadRanges: [Range<Int>], trailingByteCount: Int) {
        self.payloads = payloads
        self.bytes = bytes
        self.payloadRanges = payloadRanges
        self.trailingByteCount = trailingByteCount
    }

    /// The body bytes (after the generic header) of payload `index`, exactly as received.
    public func bodyBytes(at index: Int) -> ArraySlice<UInt8> {
        let range = payloadRanges[index]
        return bytes[(range.lowerBound + ISAKMPLimits.genericPayloadHeaderLength)..<range.upperBound]
    }

    /// The whole payload `index`, generic header included, exactly as received.
    public func payloadBytes(at index: Int) -> ArraySlice<UInt8> {
        bytes[payloadRanges[index]]
    }

    /// Every byte after payload `index` up to the end of the last payload (padding excluded).
    ///
    /// With `index` = 0 on a Quick Mode message whose first payload is HASH, this is the `SA | Ni [| KE] [| IDci |
    /// IDcr] …` input of HASH(1) and HASH(2) (RFC 2409 §5.5).
    public func bytes(after index: Int) -> ArraySlice<UInt8> {
        bytes[payloadRanges[index].upperBound...]
    }

    // MARK: - Reading

    /// Parses a decrypted message body whose first payload is `first` (the header's Next Payload).
    ///
    /// Parsing stops at Next Payload NONE; the bytes after it are reported in ``trailingByteCount`` rather than
    /// rejected, since a decrypted body ends in padding (racoon: random bytes with the pad length last; strongSwan:
    /// zeros with no pad-length byte).
    public static func parse(_ bytes: [UInt8], first: PayloadType) throws(ISAKMPParseError) -> PayloadChain {
        try parse(bytes, first: first, allowTrailingBytes: true)
    }

    /// Parses `bytes` as a chain starting with `first`; trailing bytes after the last payload throw unless allowed.
    static func parse(
        _ bytes: [UInt8], first: PayloadType, allowTrailingBytes: Bool
    ) throws(ISAKMPParseError) -> PayloadChain {
        var reader = WireReader(bytes)
        var payloads: [Payload] = []
        var ranges: [Range<Int>] = []
        var type = first
        while type != .none {
            guard payloads.count < ISAKMPLimits.maximumPayloadCount else { throw .tooManyPayloads }
            let start = reader.readerIndex
            let header = try GenericPayloadHeader.read(
                type, minimumLength: ISAKMPLimits.genericPayloadHeaderLength, from: &reader)
            var body = header.body
            payloads.append(try Payload(type: type, parsing: &body))
            ranges.append(start..<reader.readerIndex)
            type = header.next
        }
        let end = reader.readerIndex
        let trailing = reader.remaining
        guard allowTrailingBytes || trailing == 0 else { throw .trailingBytes(count: trailing) }
        let chainBytes = trailing == 0 ? bytes : Array(bytes[0..<end])
        return PayloadChain(payloads: payloads, bytes: chainBytes, payloadRanges: ranges, trailingByteCount: trailing)
    }

    // MARK: - Writing

    /// Writes the chain (``bytes``).
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(bytes)
    }
}
