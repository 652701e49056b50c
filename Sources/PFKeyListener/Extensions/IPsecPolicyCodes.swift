// Codes from <linux/ipsec.h> used by X_POLICY, its ipsecrequests and X_SA2.

/// `IPSEC_MODE_*`: the mode of an SA or a policy template.
public struct IPsecMode: NamedWireCode {
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

    /// The known codes' names, for logs.
    public static let names: [RawValue: String] = [0: "any", 1: "transport", 2: "tunnel", 3: "beet"]
    public static let unknownCodeLabel = "mode"
}

/// `IPSEC_DIR_*`: the direction of a policy.
public struct IPsecPolicyDirection: NamedWireCode {
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

    /// The known codes' names, for logs.
    public static let names: [RawValue: String] = [0: "any", 1: "in", 2: "out", 3: "fwd"]
    public static let unknownCodeLabel = "dir"
}

/// `IPSEC_POLICY_*`: what a policy does with matching traffic.
public struct IPsecPolicyType: NamedWireCode {
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

    /// The known codes' names, for logs.
    public static let names: [RawValue: String] = [0: "discard", 1: "none", 2: "ipsec", 3: "entrust", 4: "bypass"]
    public static let unknownCodeLabel = "policy type"
}

/// `IPSEC_LEVEL_*`: how an ipsecrequest is applied.
public struct IPsecLevel: NamedWireCode {
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

    /// The known codes' names, for logs.
    public static let names: [RawValue: String] = [0: "default", 1: "use", 2: "require", 3: "unique"]
    public static let unknownCodeLabel = "level"
}
