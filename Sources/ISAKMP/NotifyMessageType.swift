/// An ISAKMP Notify Message Type: the RFC 2408 §3.14.1 error and status types, the IPsec DOI status types
/// (RFC 2407 §4.6.3) and the DPD types (RFC 3706 §5).
///
/// Any other value is kept as ``unknown(_:)``. Types 1–8191 are errors; 16384 and above are status messages.
public enum NotifyMessageType: Hashable, Sendable, CustomStringConvertible {
    /// 1: INVALID-PAYLOAD-TYPE (RFC 2408 §3.14.1).
    case invalidPayloadType
    /// 2: DOI-NOT-SUPPORTED (RFC 2408 §3.14.1).
    case doiNotSupported
    /// 3: SITUATION-NOT-SUPPORTED (RFC 2408 §3.14.1).
    case situationNotSupported
    /// 4: INVALID-COOKIE (RFC 2408 §3.14.1).
    case invalidCookie
    /// 5: INVALID-MAJOR-VERSION (RFC 2408 §3.14.1).
    case invalidMajorVersion
    /// 6: INVALID-MINOR-VERSION (RFC 2408 §3.14.1).
    case invalidMinorVersion
    /// 7: INVALID-EXCHANGE-TYPE (RFC 2408 §3.14.1).
    case invalidExchangeType
    /// 8: INVALID-FLAGS (RFC 2408 §3.14.1).
    case invalidFlags
    /// 9: INVALID-MESSAGE-ID (RFC 2408 §3.14.1).
    case invalidMessageID
    /// 10: INVALID-PROTOCOL-ID (RFC 2408 §3.14.1).
    case invalidProtocolID
    /// 11: INVALID-SPI (RFC 2408 §3.14.1).
    case invalidSPI
    /// 12: INVALID-TRANSFORM-ID (RFC 2408 §3.14.1).
    case invalidTransformID
    /// 13: ATTRIBUTES-NOT-SUPPORTED (RFC 2408 §3.14.1).
    case attributesNotSupported
    /// 14: NO-PROPOSAL-CHOSEN (RFC 2408 §3.14.1).
    case noProposalChosen
    /// 15: BAD-PROPOSAL-SYNTAX (RFC 2408 §3.14.1).
    case badProposalSyntax
    /// 16: PAYLOAD-MALFORMED (RFC 2408 §3.14.1).
    case payloadMalformed
    /// 17: INVALID-KEY-INFORMATION (RFC 2408 §3.14.1).
    case invalidKeyInformation
    /// 18: INVALID-ID-INFORMATION (RFC 2408 §3.14.1).
    case invalidIDInformation
    /// 19: INVALID-CERT-ENCODING (RFC 2408 §3.14.1).
    case invalidCertEncoding
    /// 20: INVALID-CERTIFICATE (RFC 2408 §3.14.1).
    case invalidCertificate
    /// 21: CERT-TYPE-UNSUPPORTED (RFC 2408 §3.14.1).
    case certTypeUnsupported
    /// 22: INVALID-CERT-AUTHORITY (RFC 2408 §3.14.1).
    case invalidCertAuthority
    /// 23: INVALID-HASH-INFORMATION (RFC 2408 §3.14.1).
    case invalidHashInformation
    /// 24: AUTHENTICATION-FAILED (RFC 2408 §3.14.1).
    case authenticationFailed
    /// 25: INVALID-SIGNATURE (RFC 2408 §3.14.1).
    case invalidSignature
    /// 26: ADDRESS-NOTIFICATION (RFC 2408 §3.14.1).
    case addressNotification
    /// 27: NOTIFY-SA-LIFETIME (RFC 2408 §3.14.1).
    case notifySALifetime
    /// 28: CERTIFICATE-UNAVAILABLE (RFC 2408 §3.14.1).
    case certificateUnavailable
    /// 29: UNSUPPORTED-EXCHANGE-TYPE (RFC 2408 §3.14.1).
    case unsupportedExchangeType
    /// 30: UNEQUAL-PAYLOAD-LENGTHS (RFC 2408 §3.14.1).
    case unequalPayloadLengths
    /// 16384: CONNECTED (RFC 2408 §3.14.1 (status)).
    case connected
    /// 24576: RESPONDER-LIFETIME (RFC 2407 §4.6.3.1).
    case responderLifetime
    /// 24577: REPLAY-STATUS (RFC 2407 §4.6.3.2).
    case replayStatus
    /// 24578: INITIAL-CONTACT (RFC 2407 §4.6.3.3).
    case initialContact
    /// 36136: R-U-THERE (RFC 3706 §5).
    case rUThere
    /// 36137: R-U-THERE-ACK (RFC 3706 §5).
    case rUThereAck
    /// Any other value.
    case unknown(UInt16)

    /// The notify type for a wire value.
    public init(rawValue: UInt16) {
        switch rawValue {
        case 1: self = .invalidPayloadType
        case 2: self = .doiNotSupported
        case 3: self = .situationNotSupported
        case 4: self = .invalidCookie
        case 5: self = .invalidMajorVersion
        case 6: self = .invalidMinorVersion
        case 7: self = .invalidExchangeType
        case 8: self = .invalidFlags
        case 9: self = .invalidMessageID
        case 10: self = .invalidProtocolID
        case 11: self = .invalidSPI
        case 12: self = .invalidTransformID
        case 13: self = .attributesNotSupported
        case 14: self = .noProposalChosen
        case 15: self = .badProposalSyntax
        case 16: self = .payloadMalformed
        case 17: self = .invalidKeyInformation
        case 18: self = .invalidIDInformation
        case 19: self = .invalidCertEncoding
        case 20: self = .invalidCertificate
        case 21: self = .certTypeUnsupported
        case 22: self = .invalidCertAuthority
        case 23: self = .invalidHashInformation
        case 24: self = .authenticationFailed
        case 25: self = .invalidSignature
        case 26: self = .addressNotification
        case 27: self = .notifySALifetime
        case 28: self = .certificateUnavailable
        case 29: self = .unsupportedExchangeType
        case 30: self = .unequalPayloadLengths
        case 16384: self = .connected
        case 24576: self = .responderLifetime
        case 24577: self = .replayStatus
        case 24578: self = .initialContact
        case 36136: self = .rUThere
        case 36137: self = .rUThereAck
        default: self = .unknown(rawValue)
        }
    }

    /// The wire value.
    public var rawValue: UInt16 {
        switch self {
        case .invalidPayloadType: return 1
        case .doiNotSupported: return 2
        case .situationNotSupported: return 3
        case .invalidCookie: return 4
        case .invalidMajorVersion: return 5
        case .invalidMinorVersion: return 6
        case .invalidExchangeType: return 7
        case .invalidFlags: return 8
        case .invalidMessageID: return 9
        case .invalidProtocolID: return 10
        case .invalidSPI: return 11
        case .invalidTransformID: return 12
        case .attributesNotSupported: return 13
        case .noProposalChosen: return 14
        case .badProposalSyntax: return 15
        case .payloadMalformed: return 16
        case .invalidKeyInformation: return 17
        case .invalidIDInformation: return 18
        case .invalidCertEncoding: return 19
        case .invalidCertificate: return 20
        case .certTypeUnsupported: return 21
        case .invalidCertAuthority: return 22
        case .invalidHashInformation: return 23
        case .authenticationFailed: return 24
        case .invalidSignature: return 25
        case .addressNotification: return 26
        case .notifySALifetime: return 27
        case .certificateUnavailable: return 28
        case .unsupportedExchangeType: return 29
        case .unequalPayloadLengths: return 30
        case .connected: return 16384
        case .responderLifetime: return 24576
        case .replayStatus: return 24577
        case .initialContact: return 24578
        case .rUThere: return 36136
        case .rUThereAck: return 36137
        case .unknown(let value): return value
        }
    }

    /// True for error types (RFC 2408 §3.14.1: 1–8191).
    public var isError: Bool { (1...8191).contains(rawValue) }

    /// The RFC name, or the number for unknown types.
    public var description: String {
        switch self {
        case .invalidPayloadType: return "INVALID-PAYLOAD-TYPE"
        case .doiNotSupported: return "DOI-NOT-SUPPORTED"
        case .situationNotSupported: return "SITUATION-NOT-SUPPORTED"
        case .invalidCookie: return "INVALID-COOKIE"
        case .invalidMajorVersion: return "INVALID-MAJOR-VERSION"
        case .invalidMinorVersion: return "INVALID-MINOR-VERSION"
        case .invalidExchangeType: return "INVALID-EXCHANGE-TYPE"
        case .invalidFlags: return "INVALID-FLAGS"
        case .invalidMessageID: return "INVALID-MESSAGE-ID"
        case .invalidProtocolID: return "INVALID-PROTOCOL-ID"
        case .invalidSPI: return "INVALID-SPI"
        case .invalidTransformID: return "INVALID-TRANSFORM-ID"
        case .attributesNotSupported: return "ATTRIBUTES-NOT-SUPPORTED"
        case .noProposalChosen: return "NO-PROPOSAL-CHOSEN"
        case .badProposalSyntax: return "BAD-PROPOSAL-SYNTAX"
        case .payloadMalformed: return "PAYLOAD-MALFORMED"
        case .invalidKeyInformation: return "INVALID-KEY-INFORMATION"
        case .invalidIDInformation: return "INVALID-ID-INFORMATION"
        case .invalidCertEncoding: return "INVALID-CERT-ENCODING"
        case .invalidCertificate: return "INVALID-CERTIFICATE"
        case .certTypeUnsupported: return "CERT-TYPE-UNSUPPORTED"
        case .invalidCertAuthority: return "INVALID-CERT-AUTHORITY"
        case .invalidHashInformation: return "INVALID-HASH-INFORMATION"
        case .authenticationFailed: return "AUTHENTICATION-FAILED"
        case .invalidSignature: return "INVALID-SIGNATURE"
        case .addressNotification: return "ADDRESS-NOTIFICATION"
        case .notifySALifetime: return "NOTIFY-SA-LIFETIME"
        case .certificateUnavailable: return "CERTIFICATE-UNAVAILABLE"
        case .unsupportedExchangeType: return "UNSUPPORTED-EXCHANGE-TYPE"
        case .unequalPayloadLengths: return "UNEQUAL-PAYLOAD-LENGTHS"
        case .connected: return "CONNECTED"
        case .responderLifetime: return "RESPONDER-LIFETIME"
        case .replayStatus: return "REPLAY-STATUS"
        case .initialContact: return "INITIAL-CONTACT"
        case .rUThere: return "R-U-THERE"
        case .rUThereAck: return "R-U-THERE-ACK"
        case .unknown(let value): return "notify(\(value))"
        }
    }
}
