/// A kind of datagram the engine drops or refuses before it can tie it to a negotiation or an authenticated peer.
///
/// Anyone who can reach UDP port 500 can cause these log lines, with any source address, so they are rate limited by
/// kind (``LogRateLimiter``), never by address: forged sources must not multiply them (the CVE-2008-3652 class: a
/// flood must not flood the log either).
enum UnsolicitedDrop: Int, Hashable, Comparable, Sendable, CaseIterable {
    /// The datagram does not parse as ISAKMP (RFC 2408 §3).
    case malformed
    /// An exchange type Raccoon does not run, or a phase-1 message with a nonzero message ID (RFC 2408 §3.1).
    case unexpectedHeader
    /// Cookies that name no negotiation: phase 1, informational or Quick Mode.
    case unknownCookies
    /// A first message that is encrypted or carries no SA payload.
    case unusableFirstMessage
    /// An unprotected informational message for unknown cookies.
    case unprotectedNotify
    /// A first message refused before any state was kept: no remote block, a bad offer, no proposal chosen.
    case refusedFirstMessage
    /// A first message refused or admitted by eviction at the overall half-open bound.
    case halfOpenTableFull
    /// A first message refused at the per-peer half-open bound.
    case halfOpenPerPeer

    static func < (lhs: UnsolicitedDrop, rhs: UnsolicitedDrop) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What the summary line calls the suppressed lines.
    var summaryText: String {
        switch self {
        case .malformed: return "malformed datagrams"
        case .unexpectedHeader: return "messages with an unsupported exchange type or message ID"
        case .unknownCookies: return "messages for unknown cookies"
        case .unusableFirstMessage: return "first messages without a usable SA payload"
        case .unprotectedNotify: return "unprotected informational messages for unknown cookies"
        case .refusedFirstMessage: return "refused first messages"
        case .halfOpenTableFull: return "first messages at the full half-open table"
        case .halfOpenPerPeer: return "phase-1 requests dropped at the per-peer half-open limit"
        }
    }
}
