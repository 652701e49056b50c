/// What the event loop drives: the sans-I/O IKE engine (`IKEEngine`), or a scripted engine in tests.
public protocol DaemonEngine: AnyObject {
    /// Handles one event; the effects are executed in order by the `Driver`.
    func handle(_ event: EngineEvent, at now: MonotonicInstant) -> [EngineEffect]
    /// The tables, for SIGUSR1 and the admin socket. Never key material.
    func status() -> EngineStatus
}

extension IKEEngine: DaemonEngine {
    /// The counts the engine exposes today; per-SA listings need an engine accessor (see docs/daemon.md).
    public func status() -> EngineStatus {
        EngineStatus(
            isakmpSAs: [], ipsecSAs: [], pendingPhase1: negotiatingPhase1Count, pendingPhase2: negotiatingPhase2Count,
            note: "established: \(establishedPhase1Count) ISAKMP SA(s), \(establishedPhase2Count) IPsec SA pair(s)")
    }
}
