public import PFKeyListener

/// An input to `IKEEngine.handle(_:at:)`.
public enum EngineEvent: Sendable {
    /// A UDP datagram arrived on one of our IKE sockets.
    case datagram(Datagram)
    /// The kernel sent a PF_KEY message (a reply to one of ours, an ACQUIRE, an EXPIRE, an SPD change, …).
    case kernel(SADBMessage)
    /// A timer the engine armed is due.
    case timerFired(TimerID)
    /// The administrator asked for a configuration reload (SIGHUP) and the new configuration is valid.
    case reloadRequested(EngineConfiguration)
    /// The daemon is stopping (SIGTERM/SIGINT): delete what we installed and tell the peers.
    case shutdownRequested
}

/// An output of `IKEEngine.handle(_:at:)`, executed in order by the driver.
public enum EngineEffect: Equatable, Sendable {
    /// Send a UDP datagram.
    case send(Datagram)
    /// Send a PF_KEY message (GETSPI, UPDATE, ADD, DELETE, or ACQUIRE with an errno).
    case kernel(SADBMessage)
    /// Arm (or re-arm) a timer to fire at an instant.
    case armTimer(TimerID, at: MonotonicInstant)
    /// Cancel a timer.
    case disarmTimer(TimerID)
    /// Keys were derived (an ISAKMP SA's after the DH exchange, an ESP SA's when it is installed). Only for the debugging key log
    /// (`raccoon -K dir`): a driver without one ignores it.
    case keysDerived(KeyLogRecord)
}
