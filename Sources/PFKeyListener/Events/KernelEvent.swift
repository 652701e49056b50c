/// A kernel message sorted into what the engine reacts to (inventory §4.2).
public enum KernelEvent: Equatable, Sendable {
    /// The kernel wants SAs for a flow.
    case acquire(SADBAcquire)
    /// An SA reached its soft or hard lifetime.
    case expire(SAExpiry)
    /// An SA was deleted by another process (for example `setkey delete`): racoon tells the peer.
    case foreignDelete(SAIdentity, pid: UInt32)
    /// SAs were flushed by another process (for example `setkey -F`): racoon sends DELETEs for its SAs.
    case foreignFlush(SADBSAType, pid: UInt32)
    /// An SPD change or dump entry: feed it to the `SPDMirror`.
    case policyChange(SADBMessage)
    /// A reply to one of our own requests (GETSPI, UPDATE, ADD, DELETE…), matched by `sequence`.
    case reply(SADBMessage)
    /// Anything else (other sockets' ADD/UPDATE broadcasts, REGISTER replies of others, MIGRATE…).
    case other(SADBMessage)

    /// Sorts a message. `ownPID` is our `sadb_msg_pid`: our own requests' echoes are replies, not events.
    public static func classify(_ message: SADBMessage, ownPID: UInt32) throws(KernelEventError) -> KernelEvent {
        let ours = message.pid == ownPID && ownPID != 0
        switch message.type {
        case .acquire:
            // An ACQUIRE with errno set is our own give-up echoed, never a request from the kernel.
            if ours || message.errno != 0 { return .reply(message) }
            return .acquire(try SADBAcquire(message))
        case .expire:
            return .expire(try SAExpiry(message))
        case .delete:
            if ours { return .reply(message) }
            return .foreignDelete(try SAIdentity(message), pid: message.pid)
        case .flush:
            if ours { return .reply(message) }
            return .foreignFlush(message.saType, pid: message.pid)
        case .spdAdd, .spdUpdate, .spdDelete, .spdDelete2, .spdExpire, .spdFlush, .spdDump:
            return .policyChange(message)
        default:
            return ours ? .reply(message) : .other(message)
        }
    }
}

/// A decoded SADB_EXPIRE.
public struct SAExpiry: Hashable, Sendable {
    /// The SA.
    public var sa: SAIdentity
    /// Hard (the SA is gone) or soft (time to rekey).
    public var isHard: Bool
    /// LIFETIME_CURRENT, if present.
    public var current: SADBLifetime?

    /// Decodes an EXPIRE: hard when it carries LIFETIME_HARD, soft when it carries LIFETIME_SOFT (RFC 2367 §3.1.7).
    public init(_ message: SADBMessage) throws(KernelEventError) {
        sa = try SAIdentity(message)
        if message.hardLifetime != nil {
            isHard = true
        } else if message.softLifetime != nil {
            isHard = false
        } else {
            throw .missingExtension(.expire, .lifetimeHard)
        }
        current = message.currentLifetime
    }
}

/// Why a kernel message could not be turned into an event. Log it and carry on.
public enum KernelEventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A required extension is missing.
    case missingExtension(SADBMessageType, SADBExtensionType)
    /// A message of another type was given.
    case unexpectedType(SADBMessageType)

    /// A readable name for logs.
    public var description: String {
        switch self {
        case .missingExtension(let type, let ext): "\(type) without its \(ext) extension"
        case .unexpectedType(let type): "unexpected \(type)"
        }
    }
}
