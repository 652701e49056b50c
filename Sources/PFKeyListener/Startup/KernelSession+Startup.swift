// Startup conversations (inventory §1.4, §4.1): REGISTER for each SA type, then the SPD dump.

extension KernelSession {
    /// The SA types racoon registers for.
    public static let registeredSATypes: [SADBSAType] = [.esp, .ah, .ipcomp]

    /// Sends SADB_REGISTER for each type (synchronously, as racoon does) and collects the supported algorithms.
    /// The first REGISTER after boot can take seconds: the kernel probes and loads every algorithm module.
    public func register(
        _ saTypes: [SADBSAType] = KernelSession.registeredSATypes, timeout: Duration = .seconds(60)
    ) throws(PFKeyError) -> SupportedAlgorithms {
        var supported = SupportedAlgorithms()
        for saType in saTypes {
            let reply = try request(requests.register(saType, sequence: nextSequence()), timeout: timeout)
            supported.record(registerReply: reply.message)
        }
        return supported
    }

    /// Dumps the SPD (SADB_X_SPDDUMP) into a fresh mirror. Call it at startup, on SIGHUP, and after an overrun.
    public func loadSecurityPolicies(timeout: Duration = .seconds(30)) throws(PFKeyError) -> SPDMirror.Load {
        let replies = try dump(requests.spdDump(sequence: nextSequence()), timeout: timeout)
        var mirror = SPDMirror()
        var changes: [SPDMirror.Change] = []
        var warnings: [SADBParseWarning] = []
        for reply in replies {
            warnings += reply.warnings
            changes.append(mirror.apply(reply.message))
        }
        return SPDMirror.Load(mirror: mirror, changes: changes, warnings: warnings)
    }
}
