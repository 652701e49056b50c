internal import IKECrypto
public import ISAKMP

/// Why a Quick Mode failed. Each case names its cause for the log and maps to the RFC 2408 §3.14.1 Notify that
/// tells the peer.
public enum Phase2Error: Error, Equatable, CustomStringConvertible {
    /// No offered transform is acceptable.
    case noProposalChosen(String)
    /// PFS disagreement: a KE we did not ask for, or a missing one we require.
    case pfsMismatch(String)
    /// No sainfo matches the exchange's identities.
    case noSAInfo(String)
    /// No kernel policy matches the exchange.
    case noPolicy(String)
    /// The security-context attribute disagrees with the policy (labeled IPsec).
    case securityContextRefused(String)
    /// The security-context attribute is malformed.
    case malformedSecurityContext(SecurityContextError)
    /// The responder answered with something we did not offer.
    case unofferedTransform(String)
    /// A required payload is missing.
    case missingPayload(PayloadType, message: String)
    /// HASH(1), HASH(2) or HASH(3) did not verify.
    case hashMismatch(which: String)
    /// The message does not decrypt to valid payloads.
    case undecryptable(String)
    /// An identification payload is unusable, or the responder changed the IDs.
    case invalidIdentification(String)
    /// The PFS KE payload is unusable.
    case invalidKeyInformation(String)
    /// The nonce is outside 8…256 bytes.
    case invalidNonce(length: Int)
    /// The message could not be parsed.
    case malformed(ISAKMPParseError)
    /// The kernel refused a request (GETSPI, UPDATE, ADD).
    case kernelRefused(String)
    /// A local failure; not the peer's fault.
    case internalFailure(String)

    /// The Notify to send, or `nil`.
    public var notifyType: NotifyMessageType? {
        switch self {
        case .noProposalChosen, .pfsMismatch, .noSAInfo, .noPolicy, .securityContextRefused, .unofferedTransform:
            return .noProposalChosen
        case .malformedSecurityContext(let error): return error.notifyType
        case .missingPayload, .invalidNonce, .undecryptable: return .payloadMalformed
        case .hashMismatch: return .invalidHashInformation
        case .invalidIdentification: return .invalidIDInformation
        case .invalidKeyInformation: return .invalidKeyInformation
        case .malformed(let error): return error.notifyType
        case .kernelRefused, .internalFailure: return nil
        }
    }

    /// The cause, as it appears in the log line.
    public var description: String {
        switch self {
        case .noProposalChosen(let reasons): return "no acceptable proposal: \(reasons)"
        case .pfsMismatch(let what): return "PFS mismatch: \(what)"
        case .noSAInfo(let ids): return "no sainfo matches \(ids)"
        case .noPolicy(let what): return "no policy found: \(what)"
        case .securityContextRefused(let what): return what
        case .malformedSecurityContext(let error): return "malformed security context attribute: \(error)"
        case .unofferedTransform(let what): return "the responder chose something we did not offer: \(what)"
        case .missingPayload(let type, let message): return "\(message) lacks its \(type) payload"
        case .hashMismatch(let which): return "\(which) mismatch"
        case .undecryptable(let cause): return "the message does not decrypt: \(cause)"
        case .invalidIdentification(let what): return "unacceptable identification: \(what)"
        case .invalidKeyInformation(let what): return "invalid PFS key exchange payload: \(what)"
        case .invalidNonce(let length): return "nonce of \(length) bytes is outside 8…256"
        case .malformed(let error): return "malformed message: \(error)"
        case .kernelRefused(let what): return "the kernel refused \(what)"
        case .internalFailure(let what): return "internal failure: \(what)"
        }
    }

    /// Wraps a crypto failure.
    static func crypto(_ error: IKECryptoError) -> Phase2Error {
        switch error {
        case .publicValueWrongLength, .publicValueOutOfRange: return .invalidKeyInformation("\(error)")
        default: return .internalFailure("\(error)")
        }
    }
}
