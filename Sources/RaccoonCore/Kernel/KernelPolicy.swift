/// One kernel SPD entry as the engine's mirror keeps it (from SADB_X_SPDDUMP and the SPD broadcasts).
public struct KernelPolicy: Hashable, Sendable {
    /// The direction of a policy.
    public enum Direction: UInt8, Hashable, Sendable {
        /// IPSEC_DIR_INBOUND.
        case inbound = 1
        /// IPSEC_DIR_OUTBOUND.
        case outbound = 2
        /// IPSEC_DIR_FWD (Linux).
        case forward = 3
    }

    /// One ipsecrequest of an IPsec policy: which protocol, in which mode, with which reqid.
    public struct Request: Hashable, Sendable {
        /// The protocol.
        public var securityProtocol: IPsecProtocol
        /// The mode.
        public var mode: EncapsulationMode
        /// The reqid (0 = none).
        public var reqid: UInt32
        /// Tunnel endpoints (source, destination) in tunnel mode.
        public var tunnelEndpoints: (source: IPAddress, destination: IPAddress)?

        /// A request template.
        public init(
            securityProtocol: IPsecProtocol, mode: EncapsulationMode, reqid: UInt32 = 0,
            tunnelEndpoints: (source: IPAddress, destination: IPAddress)? = nil
        ) {
            self.securityProtocol = securityProtocol
            self.mode = mode
            self.reqid = reqid
            self.tunnelEndpoints = tunnelEndpoints
        }

        public static func == (lhs: Request, rhs: Request) -> Bool {
            lhs.securityProtocol == rhs.securityProtocol && lhs.mode == rhs.mode && lhs.reqid == rhs.reqid
                && lhs.tunnelEndpoints?.source == rhs.tunnelEndpoints?.source
                && lhs.tunnelEndpoints?.destination == rhs.tunnelEndpoints?.destination
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(securityProtocol)
            hasher.combine(mode)
            hasher.combine(reqid)
            hasher.combine(tunnelEndpoints?.source)
            hasher.combine(tunnelEndpoints?.destination)
        }
    }

    /// The kernel's policy id (`sadb_x_policy_id`).
    public var id: UInt32
    /// The direction.
    public var direction: Direction
    /// The source selector (address, prefix, upper-layer protocol, port).
    public var source: TrafficSelector
    /// The destination selector.
    public var destination: TrafficSelector
    /// The ipsecrequests, in order; empty for a non-IPsec policy.
    public var requests: [Request]
    /// The policy's security context when it is labeled.
    public var securityContext: SecurityContext?

    /// A policy entry.
    public init(
        id: UInt32, direction: Direction, source: TrafficSelector, destination: TrafficSelector,
        requests: [Request], securityContext: SecurityContext? = nil
    ) {
        self.id = id
        self.direction = direction
        self.source = source
        self.destination = destination
        self.requests = requests
        self.securityContext = securityContext
    }
}
