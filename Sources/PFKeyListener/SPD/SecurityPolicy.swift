/// One entry of the userland SPD mirror: what racoon's `struct secpolicy` kept.
public struct SecurityPolicy: Hashable, Sendable, CustomStringConvertible {
    /// `sadb_x_policy_id`.
    public var id: UInt32
    /// Direction.
    public var direction: IPsecPolicyDirection
    /// IPsec, bypass, discard…
    public var policyType: IPsecPolicyType
    /// `sadb_x_policy_priority` (lower wins).
    public var priority: UInt32
    /// The traffic it applies to.
    public var selector: TrafficSelector
    /// The ipsecrequests (templates), in order.
    public var requests: [SADBIPsecRequest]
    /// The policy's security context (an SPD label such as `system_u:object_r:ipsec_spd_t:s0`).
    public var securityContext: SADBSecurityContext?

    /// A policy.
    public init(
        id: UInt32, direction: IPsecPolicyDirection, policyType: IPsecPolicyType = .ipsec, priority: UInt32 = 0,
        selector: TrafficSelector, requests: [SADBIPsecRequest], securityContext: SADBSecurityContext? = nil
    ) {
        self.id = id
        self.direction = direction
        self.policyType = policyType
        self.priority = priority
        self.selector = selector
        self.requests = requests
        self.securityContext = securityContext
    }

    /// Linux numbers socket policies with `id % 8` = 3 + direction; racoon skips them (inventory §4.2).
    public static func isPerSocket(id: UInt32) -> Bool { id % 8 >= 3 }

    /// `id:N out 10.0.0.1/32 10.0.0.2/32 proto any ipsec esp/transport//require`.
    public var description: String {
        let templates = requests.map { request in
            let proto = request.saType?.description.lowercased() ?? "proto \(request.ipProtocol)"
            let tunnel = request.tunnelSource.map { "\($0)-\(request.tunnelDestination.map { "\($0)" } ?? "")" } ?? ""
            let level = request.level == .unique ? "unique:\(request.reqid)" : request.level.description
            return "\(proto)/\(request.mode)/\(tunnel)/\(level)"
        }
        let label = securityContext.map { " ctx \($0)" } ?? ""
        return "id:\(id) \(direction) \(selector) \(policyType) \(templates.joined(separator: " "))\(label)"
    }
}
