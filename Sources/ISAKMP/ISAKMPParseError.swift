/// Why an ISAKMP datagram, payload or attribute was rejected.
///
/// A closed enum used with typed throws (`throws(ISAKMPParseError)`). Every case knows the RFC 2408 §3.14.1 Notify
/// message type it deserves (``notifyType``); whether that notify is actually sent is the engine's decision (racoon
/// sends none for most phase-1 errors, inventory §6.5). Associated values are diagnostics of the peer's input, never
/// secrets.
public enum ISAKMPParseError: Error, Hashable, Sendable {
    /// A structure needed more bytes than its parent (or the datagram) holds.
    case truncated
    /// The datagram is shorter than the 28-byte ISAKMP header (RFC 2408 §3.1).
    case headerTooShort(datagramLength: Int)
    /// The header's Length field disagrees with the datagram length, or is below 28 or above 65535.
    case lengthMismatch(headerLength: UInt32, datagramLength: Int)
    /// The initiator cookie is zero (RFC 2408 §3.1; racoon's receive path drops these, inventory §6.1).
    case zeroInitiatorCookie
    /// The major version is not 1 (RFC 2408 §3.1, §5.2).
    case invalidMajorVersion(UInt8)
    /// The exchange type is NONE or in the range RFC 2408 §3.1 reserves (7–31).
    case invalidExchangeType(UInt8)
    /// Flags other than E, C and A are set (RFC 2408 §3.1).
    case invalidFlags(UInt8)
    /// The Commit flag is set on a message with message ID 0 (racoon gives INVALID-FLAGS, inventory §6.1).
    case commitFlagWithZeroMessageID
    /// A payload's Length field is below the 4-byte generic header (RFC 2408 §3.2).
    case payloadLengthTooShort(type: PayloadType, length: UInt16)
    /// A payload's Length field runs past the end of its parent.
    case payloadExceedsParent(type: PayloadType, length: UInt16)
    /// Bytes follow the last payload (Next Payload NONE) in a message that must end there.
    case trailingBytes(count: Int)
    /// The chain has more payloads than ``ISAKMPLimits/maximumPayloadCount``.
    case tooManyPayloads
    /// A payload type that cannot appear at this position (a Proposal or Transform outside an SA, or anything but
    /// a Proposal/Transform inside one).
    case misplacedPayload(PayloadType)
    /// A Next Payload value that names no payload type of the IPsec DOI: unassigned (RFC 2408 §3.1: 14–127 were
    /// reserved; IANA has since assigned only ModeCfg's 14, GDOI's 15–19 and 22, NAT-T's 20 and 21) or private use
    /// (128–255) that no vendor ID negotiated (RFC 2408 §5.1, §5.3: the message is discarded).
    case invalidPayloadType(PayloadType)
    /// A generic payload header's RESERVED octet is not zero (RFC 2408 §3.2, §5.3 step 2).
    case reservedNotZero(PayloadType)
    /// A payload's fixed fields do not fit its length, or a field has a value its format forbids.
    case malformedPayload(PayloadType)
    /// The SA payload's DOI is not the IPsec DOI (RFC 2408 §5.4).
    case doiNotSupported(UInt32)
    /// The SA payload's situation is not SIT_IDENTITY_ONLY (RFC 2407 §4.2; racoon supports no other).
    case situationNotSupported(UInt32)
    /// An SA payload with no proposal, a proposal with no transform, a transform count that disagrees with the
    /// transforms present, or Next Payload values inconsistent with the structure (RFC 2408 §5.5, §5.6).
    case badProposalSyntax
    /// A proposal's SPI size is not valid for its protocol (RFC 2408 §5.5; RFC 2407 §4.4: 4 for AH/ESP,
    /// 2 or 4 for IPCOMP, 0 or 16 for ISAKMP).
    case invalidSPISize(protocolID: UInt8, size: UInt8)
    /// A data attribute runs past the end of its transform (fork #37: TLV length above the transform).
    case attributeExceedsTransform(type: UInt16)
    /// The same attribute type appears twice in one transform.
    case duplicateAttribute(type: UInt16)
    /// An ID payload whose data length does not match its ID type (RFC 2407 §4.6.2).
    case invalidIdentificationData(idType: UInt8, length: Int)
    /// A Delete payload whose SPI count × SPI size disagrees with its length, or that has no SPI (RFC 2408 §3.15).
    case deleteSPIMismatch(count: UInt16, spiSize: UInt8, length: Int)
    /// A fragment payload with no data (CVE-2009-1574) or fragment number 0.
    case invalidFragment

    /// The RFC 2408 §3.14.1 Notify message type this error maps to.
    public var notifyType: NotifyMessageType {
        switch self {
        case .truncated, .payloadLengthTooShort, .payloadExceedsParent, .trailingBytes, .tooManyPayloads,
            .malformedPayload, .attributeExceedsTransform, .deleteSPIMismatch, .invalidFragment, .headerTooShort:
            return .payloadMalformed
        case .lengthMismatch: return .unequalPayloadLengths
        case .zeroInitiatorCookie: return .invalidCookie
        case .invalidMajorVersion: return .invalidMajorVersion
        case .invalidExchangeType: return .invalidExchangeType
        case .invalidFlags, .commitFlagWithZeroMessageID: return .invalidFlags
        case .misplacedPayload, .invalidPayloadType: return .invalidPayloadType
        case .reservedNotZero: return .payloadMalformed
        case .doiNotSupported: return .doiNotSupported
        case .situationNotSupported: return .situationNotSupported
        case .badProposalSyntax, .duplicateAttribute: return .badProposalSyntax
        case .invalidSPISize: return .invalidSPI
        case .invalidIdentificationData: return .invalidIDInformation
        }
    }
}

extension ISAKMPParseError: CustomStringConvertible {
    /// A one-line diagnostic naming the error and its values.
    public var description: String {
        switch self {
        case .truncated: return "truncated structure"
        case .headerTooShort(let n): return "datagram of \(n) bytes is shorter than the ISAKMP header"
        case .lengthMismatch(let h, let d): return "header length \(h) disagrees with datagram length \(d)"
        case .zeroInitiatorCookie: return "zero initiator cookie"
        case .invalidMajorVersion(let v): return "invalid major version \(v)"
        case .invalidExchangeType(let t): return "invalid exchange type \(t)"
        case .invalidFlags(let f): return "invalid flags 0x\(String(f, radix: 16))"
        case .commitFlagWithZeroMessageID: return "commit flag with message ID 0"
        case .payloadLengthTooShort(let t, let l): return "\(t) payload length \(l) below 4"
        case .payloadExceedsParent(let t, let l): return "\(t) payload length \(l) runs past its parent"
        case .trailingBytes(let n): return "\(n) bytes after the last payload"
        case .tooManyPayloads: return "more than \(ISAKMPLimits.maximumPayloadCount) payloads"
        case .misplacedPayload(let t): return "\(t) payload not allowed here"
        case .malformedPayload(let t): return "malformed \(t) payload"
        case .invalidPayloadType(let t): return "invalid payload type \(t.rawValue)"
        case .reservedNotZero(let t): return "\(t) payload with a non-zero RESERVED field"
        case .doiNotSupported(let d): return "DOI \(d) not supported"
        case .situationNotSupported(let s): return "situation 0x\(String(s, radix: 16)) not supported"
        case .badProposalSyntax: return "bad proposal syntax"
        case .invalidSPISize(let p, let s): return "SPI size \(s) invalid for protocol \(p)"
        case .attributeExceedsTransform(let t): return "attribute \(t) runs past its transform"
        case .duplicateAttribute(let t): return "duplicate attribute \(t)"
        case .invalidIdentificationData(let t, let l): return "ID type \(t) with \(l) bytes of data"
        case .deleteSPIMismatch(let c, let s, let l): return "delete: \(c) SPIs of \(s) bytes in \(l) bytes"
        case .invalidFragment: return "invalid fragment payload"
        }
    }
}
