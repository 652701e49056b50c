/// How often and how many times a request is resent: racoon's `timer { counter; interval; persend; }`.
///
/// racoon sends `persend` copies of each message, then resends it every `interval` up to `counter` times; with
/// the defaults (5, 10 s, 1) the peer sees six packets over about 60 s before "negotiation failed due to time up".
public struct RetransmissionPolicy: Hashable, Sendable {
    /// Resends after the first transmission (`counter`, default 5).
    public var retries: Int
    /// Time between resends (`interval`, default 10 s).
    public var interval: Duration
    /// Copies per transmission (`persend`, default 1).
    public var copiesPerSend: Int

    /// A policy with explicit values; `copiesPerSend` below 1 is treated as 1.
    public init(retries: Int, interval: Duration, copiesPerSend: Int) {
        self.retries = max(0, retries)
        self.interval = interval
        self.copiesPerSend = max(1, copiesPerSend)
    }

    /// racoon's defaults: 5 resends, 10 s apart, one copy each.
    public static let racoonDefault = RetransmissionPolicy(retries: 5, interval: .seconds(10), copiesPerSend: 1)
}

/// The last message a negotiation sent, kept so it can be resent on a timer or when the peer repeats itself.
struct PendingTransmission {
    /// The datagram to resend, addresses included.
    var datagram: Datagram
    /// Resends left before the negotiation gives up.
    var retriesLeft: Int
    /// Whether the timer drives resends (requests), or the copy only answers duplicates (final replies).
    var resendsOnTimer: Bool
}
