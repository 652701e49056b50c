/// Raccoon's userland copy of the kernel's SPD, keyed by policy id (racoon's `addnewsp`/`getspbyspid`).
///
/// Filled by `KernelSession.loadSecurityPolicies()` and kept current by feeding it every SPD broadcast
/// (SPDADD, SPDUPDATE, SPDDELETE, SPDDELETE2, SPDFLUSH, SPDEXPIRE) through `apply(_:)`.
public struct SPDMirror: Hashable, Sendable {
    /// What applying one message did.
    public enum Change: Hashable, Sendable {
        /// A new policy.
        case added(SecurityPolicy)
        /// A policy replaced one with the same id.
        case replaced(SecurityPolicy)
        /// A policy was removed (it may not have been in the mirror).
        case removed(id: UInt32)
        /// Every policy was removed.
        case flushed
        /// A per-socket policy (`id % 8 >= 3`), not mirrored.
        case skippedPerSocket(id: UInt32)
        /// Not an SPD message, or a failed reply.
        case ignored
        /// An SPD message lacking what the mirror needs.
        case rejected(SPDMirrorError)
    }

    /// The result of a full SPD dump.
    public struct Load: Hashable, Sendable {
        /// The fresh mirror.
        public var mirror: SPDMirror
        /// One change per dumped message (log the rejected and skipped ones).
        public var changes: [Change]
        /// Decoder warnings from the dump.
        public var warnings: [SADBParseWarning]
    }

    /// The mirrored policies by id.
    public private(set) var policies: [UInt32: SecurityPolicy] = [:]

    /// An empty mirror.
    public init() {}

    /// Applies one kernel message. Messages with `sadb_msg_errno` set and non-SPD messages are ignored.
    @discardableResult
    public mutating func apply(_ message: SADBMessage) -> Change {
        guard message.errno == 0 else { return .ignored }
        switch message.type {
        case .spdAdd, .spdUpdate, .spdDump:
            let policy: SecurityPolicy
            do {
                guard let parsed = try Self.policy(from: message) else {
                    return .skippedPerSocket(id: message.policy?.id ?? 0)
                }
                policy = parsed
            } catch {
                return .rejected(error)
            }
            let previous = policies.updateValue(policy, forKey: policy.id)
            return previous == nil ? .added(policy) : .replaced(policy)
        case .spdDelete, .spdDelete2, .spdExpire:
            guard let id = message.policy?.id else { return .rejected(.missingPolicy(message.type)) }
            policies[id] = nil
            return .removed(id: id)
        case .spdFlush:
            policies.removeAll()
            return .flushed
        default:
            return .ignored
        }
    }

    /// The policy with id `id` (racoon's `getspbyspid`).
    public func policy(id: UInt32) -> SecurityPolicy? { policies[id] }

    /// The outbound policy an ACQUIRE refers to; throws "no policy found: id:N" when the mirror lacks it.
    public func outboundPolicy(for acquire: SADBAcquire) throws(SPDMirrorError) -> SecurityPolicy {
        guard let policy = policies[acquire.policyID] else { throw .noPolicyFound(id: acquire.policyID) }
        return policy
    }

    /// The inbound policy for the reverse of `outbound`'s selector (racoon's exact `getsp` with the reversed
    /// spidx, inventory §4.3 step 7).
    ///
    /// Contexts: an unlabeled flow matches only unlabeled policies; a labeled flow matches only labeled policies
    /// with the same alg and doi for which `contextMatches(flow, policy)` is true. That predicate is the SELinux
    /// `association:polmatch` check, supplied by the caller. Among several matches the lowest priority value wins.
    public func inboundPolicy(
        reversing outbound: SecurityPolicy, flowContext: SADBSecurityContext?,
        contextMatches: (_ flow: SADBSecurityContext, _ policy: SADBSecurityContext) -> Bool
    ) -> SecurityPolicy? {
        let wanted = outbound.selector.reversed
        return policies.values
            .filter { candidate in
                guard candidate.direction == .inbound, candidate.selector == wanted else { return false }
                switch (flowContext, candidate.securityContext) {
                case (nil, nil): return true
                case (let flow?, let policy?):
                    return flow.algorithm == policy.algorithm && flow.doi == policy.doi && contextMatches(flow, policy)
                default: return false
                }
            }
            .min { ($0.priority, $0.id) < ($1.priority, $1.id) }
    }

    /// A context predicate that compares labels exactly, ignoring trailing NULs (for tests and SELinux-less hosts).
    public static func sameLabel(_ flow: SADBSecurityContext, _ policy: SADBSecurityContext) -> Bool {
        flow.hasSameLabel(as: policy)
    }

    /// Decodes the policy of an SPD message; nil for a per-socket policy.
    static func policy(from message: SADBMessage) throws(SPDMirrorError) -> SecurityPolicy? {
        guard let policy = message.policy else { throw .missingPolicy(message.type) }
        if SecurityPolicy.isPerSocket(id: policy.id) { return nil }
        guard let source = message.sourceAddress, let destination = message.destinationAddress else {
            throw .missingSelector(id: policy.id)
        }
        guard let selector = TrafficSelector(source: source, destination: destination) else {
            throw .missingSelector(id: policy.id)
        }
        return SecurityPolicy(
            id: policy.id, direction: policy.direction, policyType: policy.policyType, priority: policy.priority,
            selector: selector, requests: policy.requests, securityContext: message.securityContext)
    }
}

/// Why the mirror could not use a message or answer a lookup.
public enum SPDMirrorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An SPD message without X_POLICY.
    case missingPolicy(SADBMessageType)
    /// An SPD message without usable ADDRESS_SRC/ADDRESS_DST.
    case missingSelector(id: UInt32)
    /// No mirrored policy with this id (for example an ACQUIRE that arrived before the dump finished).
    case noPolicyFound(id: UInt32)

    /// A readable name for logs.
    public var description: String {
        switch self {
        case .missingPolicy(let type): "\(type) without an X_POLICY extension"
        case .missingSelector(let id): "policy id:\(id) without a source and destination selector"
        case .noPolicyFound(let id): "no policy found: id:\(id)"
        }
    }
}
