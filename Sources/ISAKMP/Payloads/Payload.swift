/// One top-level ISAKMP payload, typed by its Next Payload value.
///
/// Proposal and Transform payloads only appear inside an SA payload, so they are not cases here (a top-level one
/// is rejected with INVALID-PAYLOAD-TYPE). The assigned type this module does not model (ModeCfg's Attribute) is
/// kept as ``unknown(type:body:)``; every other type is invalid and throws (RFC 2408 §5.1, §5.3).
public enum Payload: Hashable, Sendable {
    /// SA (1).
    case securityAssociation(SecurityAssociationPayload)
    /// KE (4).
    case keyExchange(KeyExchangePayload)
    /// ID (5).
    case identification(IdentificationPayload)
    /// CERT (6).
    case certificate(CertificatePayload)
    /// CR (7).
    case certificateRequest(CertificateRequestPayload)
    /// HASH (8).
    case hash(HashPayload)
    /// SIG (9).
    case signature(SignaturePayload)
    /// NONCE (10).
    case nonce(NoncePayload)
    /// N (11).
    case notification(NotificationPayload)
    /// D (12).
    case delete(DeletePayload)
    /// VID (13).
    case vendorID(VendorIDPayload)
    /// NAT-D (20, or 130 for the drafts).
    case natDiscovery(NATDiscoveryPayload)
    /// NAT-OA (21, or 131 for the drafts).
    case natOriginalAddress(NATOriginalAddressPayload)
    /// FRAG (132).
    case fragment(FragmentPayload)
    /// An assigned payload type this module does not model (ModeCfg's Attribute, 14), with its body bytes.
    case unknown(type: PayloadType, body: [UInt8])

    /// The payload's type, as written in the preceding Next Payload field.
    public var payloadType: PayloadType {
        switch self {
        case .securityAssociation: return .securityAssociation
        case .keyExchange: return .keyExchange
        case .identification: return .identification
        case .certificate: return .certificate
        case .certificateRequest: return .certificateRequest
        case .hash: return .hash
        case .signature: return .signature
        case .nonce: return .nonce
        case .notification: return .notification
        case .delete: return .delete
        case .vendorID: return .vendorID
        case .natDiscovery(let p): return p.payloadType
        case .natOriginalAddress(let p): return p.payloadType
        case .fragment: return .fragment
        case .unknown(let type, _): return type
        }
    }

    /// The body bytes (after the 4-byte generic header). For SA and ID payloads, the bytes as received.
    public var bodyBytes: [UInt8] {
        switch self {
        case .securityAssociation(let p): return p.bodyBytes
        case .identification(let p): return p.bodyBytes
        case .unknown(_, let body): return body
        default:
            var writer = WireWriter(reservingCapacity: 64)
            write(into: &writer)
            return writer.bytes
        }
    }

    // MARK: - Reading

    /// Reads a payload body of type `type`; `reader` is bounded by the payload's Length.
    public init(type: PayloadType, parsing reader: inout WireReader) throws(ISAKMPParseError) {
        switch type {
        case .securityAssociation: self = .securityAssociation(try SecurityAssociationPayload(parsing: &reader))
        case .keyExchange: self = .keyExchange(try KeyExchangePayload(parsing: &reader))
        case .identification: self = .identification(try IdentificationPayload(parsing: &reader))
        case .certificate: self = .certificate(try CertificatePayload(parsing: &reader))
        case .certificateRequest: self = .certificateRequest(try CertificateRequestPayload(parsing: &reader))
        case .hash: self = .hash(try HashPayload(parsing: &reader))
        case .signature: self = .signature(try SignaturePayload(parsing: &reader))
        case .nonce: self = .nonce(try NoncePayload(parsing: &reader))
        case .notification: self = .notification(try NotificationPayload(parsing: &reader))
        case .delete: self = .delete(try DeletePayload(parsing: &reader))
        case .vendorID: self = .vendorID(try VendorIDPayload(parsing: &reader))
        case .natDiscovery, .natDiscoveryDraft:
            self = .natDiscovery(try NATDiscoveryPayload(parsing: &reader, isDraft: type == .natDiscoveryDraft))
        case .natOriginalAddress, .natOriginalAddressDraft:
            self = .natOriginalAddress(
                try NATOriginalAddressPayload(parsing: &reader, isDraft: type == .natOriginalAddressDraft))
        case .fragment: self = .fragment(try FragmentPayload(parsing: &reader))
        // RFC 2408 §3.5, §3.6: Proposal and Transform payloads live only inside an SA payload.
        case .proposal, .transform, .none: throw .misplacedPayload(type)
        // ModeCfg/XAuth's Attribute payload (14) is assigned but not negotiated by Raccoon: kept as data.
        case .attribute: self = .unknown(type: type, body: reader.readRemainingBytes())
        // RFC 2408 §5.1, §5.3: any other type is invalid and the whole message is discarded (racoon drops it too).
        default: throw .invalidPayloadType(type)
        }
        // Every payload type above consumes its whole body; this guards the invariant for future cases.
        guard reader.isAtEnd else { throw .malformedPayload(type) }
    }

    // MARK: - Writing

    /// Writes the payload body (after the generic header).
    public func write(into writer: inout WireWriter) {
        switch self {
        case .securityAssociation(let p): p.write(into: &writer)
        case .keyExchange(let p): p.write(into: &writer)
        case .identification(let p): p.write(into: &writer)
        case .certificate(let p): p.write(into: &writer)
        case .certificateRequest(let p): p.write(into: &writer)
        case .hash(let p): p.write(into: &writer)
        case .signature(let p): p.write(into: &writer)
        case .nonce(let p): p.write(into: &writer)
        case .notification(let p): p.write(into: &writer)
        case .delete(let p): p.write(into: &writer)
        case .vendorID(let p): p.write(into: &writer)
        case .natDiscovery(let p): p.write(into: &writer)
        case .natOriginalAddress(let p): p.write(into: &writer)
        case .fragment(let p): p.write(into: &writer)
        case .unknown(_, let body): writer.writeBytes(body)
        }
    }
}
