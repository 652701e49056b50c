/// The policy after `-P` (libipsec's `ipsec_set_policy` grammar).
public struct PolicySpec: Sendable, Equatable {
    /// `in`, `out` or `fwd`.
    public var direction: PolicyDirection
    /// `sadb_x_policy_priority` as libipsec computes it (0x80000000 = `prio def` when none is given).
    public var priority: UInt32
    /// `discard`, `none`, `ipsec`, `entrust` or `bypass`.
    public var action: PolicyAction
    /// The requests after `ipsec`, in order.
    public var requests: [IPsecRequest]

    /// PRIORITY_LOW.
    public static let priorityLow: UInt32 = 0xC000_0000
    /// PRIORITY_DEFAULT.
    public static let priorityDefault: UInt32 = 0x8000_0000
    /// PRIORITY_HIGH.
    public static let priorityHigh: UInt32 = 0x4000_0000

    /// Creates a policy.
    public init(
        direction: PolicyDirection, priority: UInt32 = PolicySpec.priorityDefault, action: PolicyAction,
        requests: [IPsecRequest] = []
    ) {
        self.direction = direction
        self.priority = priority
        self.action = action
        self.requests = requests
    }
}

/// `sadb_x_policy_dir`.
public enum PolicyDirection: UInt8, Sendable, Equatable {
    /// IPSEC_DIR_INBOUND.
    case inbound = 1
    /// IPSEC_DIR_OUTBOUND.
    case outbound = 2
    /// IPSEC_DIR_FWD (Linux).
    case forward = 3

    /// The words of ipsec_set_policy(3).
    static let words: KeywordTable<PolicyDirection> = ["in": .inbound, "out": .outbound, "fwd": .forward]

    /// The word setkey uses.
    public var name: String { Self.words.word(for: self) ?? "?" }
}

/// `sadb_x_policy_type`.
public enum PolicyAction: UInt16, Sendable, Equatable {
    /// IPSEC_POLICY_DISCARD.
    case discard = 0
    /// IPSEC_POLICY_NONE.
    case none = 1
    /// IPSEC_POLICY_IPSEC.
    case ipsec = 2
    /// IPSEC_POLICY_ENTRUST.
    case entrust = 3
    /// IPSEC_POLICY_BYPASS.
    case bypass = 4
}

/// One `protocol/mode/src-dst/level` rule of an `ipsec` policy (`struct sadb_x_ipsecrequest`).
public struct IPsecRequest: Sendable, Equatable {
    /// `esp`, `ah` or `ipcomp`, as IP protocol numbers (`sadb_x_ipsecrequest_proto`).
    public enum ProtocolNumber: UInt16, Sendable, Equatable {
        /// IPPROTO_ESP.
        case esp = 50
        /// IPPROTO_AH.
        case ah = 51
        /// IPPROTO_COMP.
        case ipcomp = 108
    }

    /// `sadb_x_ipsecrequest_level`.
    public enum Level: UInt8, Sendable, Equatable {
        /// IPSEC_LEVEL_DEFAULT.
        case `default` = 0
        /// IPSEC_LEVEL_USE.
        case use = 1
        /// IPSEC_LEVEL_REQUIRE.
        case require = 2
        /// IPSEC_LEVEL_UNIQUE.
        case unique = 3
    }

    /// Protocol.
    public var proto: ProtocolNumber
    /// `transport` or `tunnel`.
    public var mode: IPsecMode
    /// Tunnel end points (`A-B`); optional in transport mode.
    public var tunnel: (source: Endpoint, destination: Endpoint)?
    /// Level.
    public var level: Level
    /// Request id (`unique:N`); 0 when none.
    public var reqid: UInt32

    /// Creates a request.
    public init(
        proto: ProtocolNumber, mode: IPsecMode, tunnel: (source: Endpoint, destination: Endpoint)? = nil,
        level: Level, reqid: UInt32 = 0
    ) {
        self.proto = proto
        self.mode = mode
        self.tunnel = tunnel
        self.level = level
        self.reqid = reqid
    }

    public static func == (lhs: IPsecRequest, rhs: IPsecRequest) -> Bool {
        lhs.proto == rhs.proto && lhs.mode == rhs.mode && lhs.level == rhs.level && lhs.reqid == rhs.reqid
            && lhs.tunnel?.source == rhs.tunnel?.source && lhs.tunnel?.destination == rhs.tunnel?.destination
    }
}
