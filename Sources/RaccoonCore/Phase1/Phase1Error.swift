internal import IKECrypto
public import ISAKMP

/// Why a phase-1 negotiation failed. Each case names its cause for the log and maps to the RFC 2408 §3.14.1 Notify
/// that tells the peer.
public enum Phase1Error: Error, Equatable, CustomStringConvertible {
    /// No offered transform is acceptable; the reasons name each refused transform.
    case noProposalChosen(String)
    /// The SA payload's structure is not a phase-1 proposal (more than one proposal, wrong protocol, …).
    case badProposalSyntax(String)
    /// The proposal is not for PROTO_ISAKMP (RFC 2408 §5.5 step 1: INVALID-PROTOCOL-ID).
    case invalidProtocol(String)
    /// The responder answered with a transform we did not offer.
    case unofferedTransform(String)
    /// A required payload is missing from a message.
    case missingPayload(PayloadType, message: String)
    /// The KE payload is unusable (wrong length, out of range, wrong group).
    case invalidKeyInformation(String)
    /// The nonce is outside 8…256 bytes (RFC 2409 §5).
    case invalidNonce(length: Int)
    /// psk.txt has no key for the identifier.
    case noPreSharedKey(identifier: String)
    /// HASH_I or HASH_R did not verify.
    case hashMismatch(which: String, peer: String)
    /// The first encrypted message does not decrypt to valid payloads: the keys (the PSK) differ.
    case undecryptable(message: String, peer: String, cause: String)
    /// The identification payload is unacceptable.
    case invalidIdentification(String)
    /// The message could not be parsed.
    case malformed(ISAKMPParseError)
    /// A local failure (for example OpenSSL); not the peer's fault, so no notify is sent.
    case internalFailure(String)

    /// The Notify to send, or `nil` when nothing should be sent.
    public var notifyType: NotifyMessageType? {
        switch self {
        case .noProposalChosen, .unofferedTransform: return .noProposalChosen
        case .badProposalSyntax: return .badProposalSyntax
        case .invalidProtocol: return .invalidProtocolID
        case .missingPayload: return .payloadMalformed
        case .invalidKeyInformation: return .invalidKeyInformation
        case .invalidNonce: return .payloadMalformed
        case .noPreSharedKey: return .authenticationFailed
        case .hashMismatch: return .invalidHashInformation
        case .undecryptable: return .authenticationFailed
        case .invalidIdentification: return .invalidIDInformation
        case .malformed(let error): return error.notifyType
        case .internalFailure: return nil
        }
    }

    /// The cause, as it appears in the log line.
    public var description: String {
        switch self {
        case .noProposalChosen(let reasons): return "no acceptable proposal: \(reasons)"
        case .badProposalSyntax(let what): return "bad proposal syntax: \(what)"
        case .invalidProtocol(let what): return "invalid protocol: \(what)"
        case .unofferedTransform(let what): return "the responder chose a transform we did not offer: \(what)"
        case .missingPayload(let type, let message): return "\(message) lacks its \(type) payload"
        case .invalidKeyInformation(let what): return "invalid key exchange payload: \(what)"
        case .invalidNonce(let length): return "nonce of \(length) bytes is outside 8…256"
        case .noPreSharedKey(let identifier): return "no pre-shared key for \(identifier) in psk.txt"
        case .hashMismatch(let which, let peer): return "\(which) mismatch: check the pre-shared key for \(peer)"
        case .undecryptable(let message, let peer, let cause):
            return "\(message) does not decrypt (\(cause)): check the pre-shared key for \(peer)"
        case .invalidIdentification(let what): return "unacceptable identification: \(what)"
        case .malformed(let error): return "malformed message: \(error)"
        case .internalFailure(let what): return "internal failure: \(what)"
        }
    }

    /// Wraps a crypto failure: a bad peer public value is the peer's fault, anything else is ours.
    static func crypto(_ error: IKECryptoError) -> Phase1Error {
        switch error {
        case .publicValueWrongLength, .publicValueOutOfRange: return .invalidKeyInformation("\(error)")
        default: return .internalFailure("\(error)")
        }
    }
}
