/// Bounds the number of phase-1 negotiations that are not yet established, overall and per peer address.
///
/// Every responder phase 1 costs a DH computation and memory before the peer has proved anything; a flood of
/// first messages must not exhaust the daemon (the CVE-2008-3652 class of problem). The counts are exact because
/// every removal of a phase-1 handle, whatever its cause, goes through `release`.
public struct HalfOpenLimiter: Sendable, Equatable {
    /// The maximum number of half-open phase-1 negotiations overall.
    public let overallLimit: Int
    /// The maximum number of half-open phase-1 negotiations with one peer address.
    public let perPeerLimit: Int
    private(set) var count = 0
    private(set) var perPeer: [IPAddress: Int] = [:]

    /// A limiter with the given bounds (each at least 1).
    public init(overallLimit: Int, perPeerLimit: Int) {
        self.overallLimit = max(1, overallLimit)
        self.perPeerLimit = max(1, perPeerLimit)
    }

    /// Reserves a slot for a new half-open negotiation with `peer`; returns why it was refused, or `nil`.
    mutating func reserve(for peer: IPAddress) -> HalfOpenRefusal? {
        if count >= overallLimit {
            return HalfOpenRefusal(kind: .halfOpenTableFull, text: "\(count) half-open phase-1 negotiations already (limit \(overallLimit))")
        }
        let current = perPeer[peer, default: 0]
        if current >= perPeerLimit {
            return HalfOpenRefusal(
                kind: .halfOpenPerPeer,
                text: "\(current) half-open phase-1 negotiations with \(peer) already (limit \(perPeerLimit))")
        }
        count += 1
        perPeer[peer] = current + 1
        return nil
    }

    /// Releases a slot reserved for `peer`, when its negotiation is established or removed.
    mutating func release(for peer: IPAddress) {
        guard let current = perPeer[peer], current > 0 else {
            preconditionFailure("half-open release without a reservation for \(peer)")
        }
        count -= 1
        perPeer[peer] = current == 1 ? nil : current - 1
    }

    /// The number of half-open negotiations in total.
    public var halfOpenCount: Int { count }

    /// The number of half-open negotiations with `peer`.
    public func halfOpenCount(for peer: IPAddress) -> Int { perPeer[peer, default: 0] }
}

/// Why ``HalfOpenLimiter`` refused a new negotiation.
struct HalfOpenRefusal: Equatable, CustomStringConvertible {
    /// The bound reached: ``UnsolicitedDrop/halfOpenTableFull`` or ``UnsolicitedDrop/halfOpenPerPeer`` (the key of
    /// the log's rate limit: per kind, not per address, so spoofed sources cannot multiply the lines).
    var kind: UnsolicitedDrop
    /// The log text.
    var text: String

    var description: String { text }
}
