/// A Proposal payload (RFC 2408 §3.5): one protocol with its SPI and the transforms offered for it.
///
/// ```
///  [generic header: Next Payload (2 or 0), RESERVED, Length] | Proposal # (1) | Protocol-Id (1) | SPI Size (1) |
///  # of Transforms (1) | SPI (SPI Size) | Transform payloads
/// ```
/// Proposals with the same number form one AND-ed bundle (RFC 2408 §4.2). ``SecurityAssociationPayload`` reads and
/// writes the generic header.
public struct ProposalPayload: Hashable, Sendable {
    /// The payload type of a proposal inside an SA.
    public static let payloadType = PayloadType.proposal

    /// The proposal number.
    public let number: UInt8
    /// The protocol the proposal is for.
    public let protocolID: ProtocolID
    /// The sending entity's SPI (empty for phase 1, 4 bytes for AH/ESP).
    public let spi: [UInt8]
    /// The transforms offered, in preference order (at least one, at most 255).
    public let transforms: [TransformPayload]

    /// A proposal.
    public init(number: UInt8, protocolID: ProtocolID, spi: [UInt8], transforms: [TransformPayload]) {
        precondition(spi.count <= 0xff && !transforms.isEmpty && transforms.count <= 0xff)
        self.number = number
        self.protocolID = protocolID
        self.spi = spi
        self.transforms = transforms
    }

    /// RFC 2407 §4.4.1 / RFC 2408 §3.5: the SPI sizes each protocol allows. ISAKMP: 0 (the cookies are the SPI) or
    /// 16; AH/ESP: 4; IPCOMP: a 2-byte CPI, also sent as 4. Other protocols are not checked here.
    static func isValidSPISize(_ size: UInt8, for protocolID: ProtocolID) -> Bool {
        switch protocolID {
        case .isakmp: return size == 0 || size == 16
        case .ah, .esp: return size == 4
        case .ipcomp: return size == 2 || size == 4
        default: return true
        }
    }

    // MARK: - Reading

    /// Reads the proposal body; `reader` is bounded by the proposal's Length.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        number = try reader.readInteger()
        protocolID = ProtocolID(rawValue: try reader.readInteger())
        let spiSize: UInt8 = try reader.readInteger()
        let transformCount: UInt8 = try reader.readInteger()
        guard Int(spiSize) <= reader.remaining else { throw .malformedPayload(.proposal) }
        guard ProposalPayload.isValidSPISize(spiSize, for: protocolID) else {
            throw .invalidSPISize(protocolID: protocolID.rawValue, size: spiSize)
        }
        spi = try reader.readBytes(count: Int(spiSize))
        // RFC 2408 §5.5: a proposal without transforms is a syntax error.
        guard transformCount > 0 else { throw .badProposalSyntax }
        var transforms: [TransformPayload] = []
        transforms.reserveCapacity(Int(transformCount))
        for index in 0..<Int(transformCount) {
            let header = try GenericPayloadHeader.read(
                .transform, minimumLength: ISAKMPLimits.transformHeaderLength, from: &reader)
            // RFC 2408 §3.6: Next Payload is 3 (Transform) when more follow, 0 on the last.
            let isLast = index == Int(transformCount) - 1
            guard header.next == (isLast ? .none : .transform) else { throw .badProposalSyntax }
            var body = header.body
            transforms.append(try TransformPayload(parsing: &body))
        }
        // RFC 2408 §5.5: the transform count must match the transforms present.
        guard reader.isAtEnd else { throw .badProposalSyntax }
        // RFC 2408 §3.6, §5.6 step 2: each transform of a proposal has a unique number (the reply names the
        // chosen one by it).
        guard Set(transforms.map(\.number)).count == transforms.count else { throw .badProposalSyntax }
        self.transforms = transforms
    }

    // MARK: - Writing

    /// Writes the proposal body (after the generic header), transforms included.
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(number)
        writer.writeInteger(protocolID.rawValue)
        writer.writeInteger(UInt8(spi.count))
        writer.writeInteger(UInt8(transforms.count))
        writer.writeBytes(spi)
        for (index, transform) in transforms.enumerated() {
            let isLast = index == transforms.count - 1
            GenericPayloadHeader.write(next: isLast ? .none : .transform, into: &writer) { transform.write(into: &$0) }
        }
    }
}
