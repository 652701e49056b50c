/// Why a security-context attribute was rejected (inventory §5.2, §5.3, §7).
public enum SecurityContextError: Error, Hashable, Sendable {
    /// The attribute is not of the configured SECCTX type.
    case wrongAttributeType(UInt16)
    /// The attribute uses the TV form; SECCTX must be TLV.
    case basicEncoding
    /// The value is shorter than the 4-byte doi/alg/length prefix.
    case tooShort(Int)
    /// ctx_strlen is zero, or the string is only a NUL.
    case emptyContext
    /// ctx_strlen disagrees with the attribute length.
    case lengthMismatch(declared: Int, available: Int)
    /// The string (NUL included) is longer than ``ISAKMPLimits/maximumSecurityContextLength``.
    case tooLong(Int)
    /// The last byte of the string is not a NUL.
    case missingNUL
    /// A NUL appears before the end of the string.
    case embeddedNUL
    /// The string is not valid UTF-8.
    case invalidUTF8
    /// ctx_doi is not 1.
    case unsupportedDOI(UInt8)
    /// ctx_alg is not 1.
    case unsupportedAlgorithm(UInt8)

    /// The Notify this deserves: a syntactically broken value is PAYLOAD-MALFORMED; a well-formed value with a DOI
    /// or algorithm we do not support is ATTRIBUTES-NOT-SUPPORTED (RFC 2408 §3.14.1).
    public var notifyType: NotifyMessageType {
        switch self {
        case .unsupportedDOI, .unsupportedAlgorithm, .wrongAttributeType: return .attributesNotSupported
        case .basicEncoding, .tooShort, .emptyContext, .lengthMismatch, .tooLong, .missingNUL, .embeddedNUL,
            .invalidUTF8:
            return .payloadMalformed
        }
    }
}
