public import RaccoonCore

/// What the event loop drives: the sans-I/O IKE engine (`IKEEngine`), or a scripted engine in tests.
public protocol DaemonEngine: AnyObject {
    /// Handles one event; the effects are executed in order by the `Driver`.
    func handle(_ event: EngineEvent, at now: MonotonicInstant) -> [EngineEffect]
    /// The tables, for SIGUSR1 and the admin socket. Never key material.
    func status() -> EngineStatus
    /// An administrator's request (`flush-sa`, `establish-sa`, `delete-sa`, `vpn-connect`, `vpn-disconnect`): the
    /// reply, and effects executed in order.
    func perform(_ command: EngineAdminCommand, at now: MonotonicInstant) -> EngineAdminResult
}

extension IKEEngine: DaemonEngine {
    /// Every ISAKMP SA and IPsec SA the engine holds (`adminStatus()`).
    public func status() -> EngineStatus { adminStatus() }
}
