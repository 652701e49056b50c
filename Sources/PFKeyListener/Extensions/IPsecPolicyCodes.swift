// Codes from <linux/ipsec.h> used by X_POLICY, its ipsecrequests and X_SA2.

/// `IPSEC_MODE_*`: the mode of an SA or a policy template.
public struct IPsecMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire code.
    public let rawValue: UInt8
    /// Wraps a wire code.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `IPSEC_MODE_ANY` (not valid for an SA).
    public static let any = IPsecMode(rawValue: 0)
    /// `IPSEC_MODE_TRANSPORT`.
    public static let transport = IPsecMode(rawValue: 1)
    /// `IPSEC_MODE_TUNNEL`.
    public static let tunnel = IPsecMode(rawValue: 2)
    /// `IPSEC_MODE_BEET`.
    public static let beet = IPsecMode(rawValue: 3)

    /// A readable name for logs.
    public var description: String {
        switch rawValue {
        case 0: "any"
        case 1: "transport"
        case 2: "tunnel"
        case 3: "beet"
        default: "mode \(rawValue)"
        }
    }
}

/// `IPSEC_DIR_*`: the direction of a policy.
public struct IPsecPolicyDirection: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire code.
    public let rawValue: UInt8
    /// Wraps a wire code.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `IPSEC_DIR_ANY`.
    public static let any = IPsecPolicyDirection(rawValue: 0)
    /// `IPSEC_DIR_INBOUND`.
    public static let inbound = IPsecPolicyDirection(rawValue: 1)
    /// `IPSEC_DIR_OUTBOUND`.
    public static let outbound = IPsecPolicyDirection(rawValue: 2)
    /// `IPSEC_DIR_FWD` (Linux).
    public static let forward = IPsecPolicyDirection(rawValue: 3)

    /// A readable name for logs.
    public var description: String {
        switch rawValue {
        case 0: "any"
        case 1: "in"
        case 2: "out"
        case 3: "fwd"
        default: "dir \(rawValue)"
        }
    }
}

/// `IPSEC_POLICY_*`: what a policy does with matching traffic.
public struct IPsecPolicyType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire code.
    public let rawValue: UInt16
    /// Wraps a wire code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// `IPSEC_POLICY_DISCARD`.
    public static let discard = IPsecPolicyType(rawValue: 0)
    /// `IPSEC_POLICY_NONE`.
    public static let none = IPsecPolicyType(rawValue: 1)
    /// `IPSEC_POLICY_IPSEC`.
    public static let ipsec = IPsecPolicyType(rawValue: 2)
    /// `IPSEC_POLICY_ENTRUST`.
    public static let entrust = IPsecPolicyType(rawValue: 3)
    /// `IPSEC_POLICY_BYPASS`.
    public static let bypass = IPsecPolicyType(rawValue: 4)

    /// A readable name for logs.
    public var description: String {
        switch rawValue {
        case 0: "discard"
        case 1: "none"
        case 2: "ipsec"
        case 3: "entrust"
        case 4: "bypass"
        default: "policy type \(rawValue)"
        }
    }
}

/// `IPSEC_LEVEL_*`: how an ipsecrequest is applied.
public struct IPsecLevel: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire code.
    public let rawValue: UInt8
    /// Wraps a wire code.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `IPSEC_LEVEL_DEFAULT`.
    public static let `default` = IPsecLevel(rawValue: 0)
    /// `IPSEC_LEVEL_USE`.
    public static let use = IPsecLevel(rawValue: 1)
    /// `IPSEC_LEVEL_REQUIRE`.
    public static let require = IPsecLevel(rawValue: 2)
    /// `IPSEC_LEVEL_UNIQUE` (the request's reqid is bound to this policy).
    public static let unique = IPsecLevel(rawValue: 3)

    /// A readable name for logs.
    public var description: String {
        switch rawValue {
        case 0: "default"
        case 1: "use"
        case 2: "require"
        case 3: "unique"
        default: "level \(rawValue)"
        }
    }
}
