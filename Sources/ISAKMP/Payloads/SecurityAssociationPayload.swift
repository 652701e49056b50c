/// A Security Association payload (RFC 2408 §3.4, RFC 2407 §4.6.1): DOI, situation and proposals.
///
/// ```
///  DOI (4) | Situation (4) | Proposal payloads
/// ```
/// The payload keeps its original body bytes in ``bodyBytes``: HASH_I and HASH_R are computed over the initiator's
/// SA body exactly as received (`SAi_b`, RFC 2409 §5), and the Quick Mode hashes over the SA payload as sent.
public struct SecurityAssociationPayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.securityAssociation
    /// SIT_IDENTITY_ONLY (RFC 2407 §4.6.1): the only situation racoon supports.
    public static let identityOnlySituation: UInt32 = 1

    /// The domain of interpretation; always IPsec (1) for a parsed payload.
    public let doi: DomainOfInterpretation
    /// The situation bitmap; always SIT_IDENTITY_ONLY for a parsed payload.
    public let situation: UInt32
    /// The proposals, in wire order (at least one).
    public let proposals: [ProposalPayload]
    /// The body bytes (after the generic header) exactly as received, or as serialised for a constructed payload.
    public let bodyBytes: [UInt8]

    /// An IPsec DOI, SIT_IDENTITY_ONLY SA payload with the given proposals.
    public init(proposals: [ProposalPayload]) {
        precondition(!proposals.isEmpty, "an SA payload carries at least one proposal")
        self.doi = .ipsec
        self.situation = SecurityAssociationPayload.identityOnlySituation
        self.proposals = proposals
        var writer = WireWriter(reservingCapacity: 64)
        SecurityAssociationPayload.writeFields(
            doi: doi, situation: situation, proposals: proposals, into: &writer)
        self.bodyBytes = writer.bytes
    }

    // MARK: - Reading

    /// Reads the SA body; `reader` is bounded by the payload's Length.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        let start = reader.readerIndex
        let doiValue: UInt32 = try reader.readInteger()
        // RFC 2408 §5.4: an unsupported DOI gives DOI-NOT-SUPPORTED.
        guard doiValue == DomainOfInterpretation.ipsec.rawValue else { throw .doiNotSupported(doiValue) }
        doi = .ipsec
        situation = try reader.readInteger()
        // RFC 2407 §4.6.1: SECRECY and INTEGRITY add labelled-domain fields racoon never supported.
        guard situation == SecurityAssociationPayload.identityOnlySituation else {
            throw .situationNotSupported(situation)
        }
        var proposals: [ProposalPayload] = []
        var sawLast = false
        while !reader.isAtEnd {
            // RFC 2408 §3.5: Next Payload is 2 (Proposal) when more follow, 0 on the last; nothing may follow it.
            guard !sawLast else { throw .badProposalSyntax }
            let header = try GenericPayloadHeader.read(
                .proposal, minimumLength: ISAKMPLimits.proposalHeaderLength, from: &reader)
            switch header.next {
            case .none: sawLast = true
            case .proposal: break
            default: throw .misplacedPayload(header.next)
            }
            var body = header.body
            proposals.append(try ProposalPayload(parsing: &body))
        }
        // RFC 2408 §5.4: an SA payload without proposals is malformed; the last must say NONE.
        guard sawLast, !proposals.isEmpty else { throw .badProposalSyntax }
        self.proposals = proposals
        self.bodyBytes = reader.bytes(from: start)
    }

    // MARK: - Writing

    /// Writes ``bodyBytes``.
    public func write(into writer: inout WireWriter) {
        writer.writeBytes(bodyBytes)
    }

    static func writeFields(
        doi: DomainOfInterpretation, situation: UInt32, proposals: [ProposalPayload], into writer: inout WireWriter
    ) {
        writer.writeInteger(doi.rawValue)
        writer.writeInteger(situation)
        for (index, proposal) in proposals.enumerated() {
            let isLast = index == proposals.count - 1
            GenericPayloadHeader.write(next: isLast ? .none : .proposal, into: &writer) { proposal.write(into: &$0) }
        }
    }
}
