/// An administrator's request (raccoonctl over the admin socket) that changes what the engine negotiates.
/// `IKEEngine.perform(_:at:)` carries it out and says what happened; the daemon turns that into the reply.
public enum EngineAdminCommand: Hashable, Sendable {
    /// `flush-sa KIND`: every SA of the kind Raccoon negotiated.
    case flush(AdminCommand.SAKind)
    /// `establish-sa isakmp SRC DST`: phase 1 with DST from SRC (`vpn-connect` comes here with the source address
    /// the kernel would use). `establish-sa esp …`: the Quick Mode for the outbound policy that covers the flow,
    /// started as an ACQUIRE would start it.
    case establish(AdminCommand.SASelector)
    /// `delete-sa isakmp SRC DST`: the ISAKMP SAs between the two addresses. `delete-sa esp …`: the IPsec SA pairs
    /// (and Quick Modes in progress) whose flow lies within the selector.
    case delete(AdminCommand.SASelector)
    /// `vpn-disconnect GATEWAY`: every IPsec SA pair and ISAKMP SA with the gateway.
    case disconnect(gateway: IPAddress)
}

/// What `IKEEngine.perform(_:at:)` did.
public struct EngineAdminResult: Sendable {
    /// The text for the administrator, or why nothing was done.
    public var reply: Result<String, AdminError>
    /// What the driver must execute, in order (DELETEs to peers, SADB_DELETEs, the first phase-1 message, timers).
    public var effects: [EngineEffect]

    /// A result.
    public init(reply: Result<String, AdminError>, effects: [EngineEffect]) {
        self.reply = reply
        self.effects = effects
    }
}
