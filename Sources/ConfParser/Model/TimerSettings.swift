/// The `timer { … }` block: retransmission and waiting limits. Defaults are racoon's code values.
public struct TimerSettings: Hashable, Sendable {
    /// `counter`: how many times a message is resent before giving up (5).
    public var retryCount = 5
    /// `interval`: seconds between resends (10).
    public var retryIntervalSeconds: UInt32 = 10
    /// `persend`: copies sent per transmission (1).
    public var packetsPerSend = 1
    /// `phase1`: seconds phase 2 waits for phase 1 to complete (30; the man page wrongly says 15).
    public var phase1WaitSeconds: UInt32 = 30
    /// `phase2`: seconds allowed for phase 2 to complete (30; the man page wrongly says 10).
    public var phase2WaitSeconds: UInt32 = 30
    /// `natt_keepalive`: seconds between NAT-T keepalives (20; NAT-T is not implemented).
    public var natKeepaliveSeconds: UInt32 = 20

    /// racoon's defaults.
    public init() {}
}
