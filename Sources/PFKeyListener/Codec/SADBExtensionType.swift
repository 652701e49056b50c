/// `sadb_ext_type`: the extension numbers of RFC 2367 §2.3 and Linux's `SADB_X_EXT_*`.
public struct SADBExtensionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    /// Wraps a wire code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let sa = SADBExtensionType(rawValue: 1)
    public static let lifetimeCurrent = SADBExtensionType(rawValue: 2)
    public static let lifetimeHard = SADBExtensionType(rawValue: 3)
    public static let lifetimeSoft = SADBExtensionType(rawValue: 4)
    public static let addressSource = SADBExtensionType(rawValue: 5)
    public static let addressDestination = SADBExtensionType(rawValue: 6)
    public static let addressProxy = SADBExtensionType(rawValue: 7)
    public static let keyAuth = SADBExtensionType(rawValue: 8)
    public static let keyEncrypt = SADBExtensionType(rawValue: 9)
    public static let identitySource = SADBExtensionType(rawValue: 10)
    public static let identityDestination = SADBExtensionType(rawValue: 11)
    public static let sensitivity = SADBExtensionType(rawValue: 12)
    public static let proposal = SADBExtensionType(rawValue: 13)
    public static let supportedAuth = SADBExtensionType(rawValue: 14)
    public static let supportedEncrypt = SADBExtensionType(rawValue: 15)
    public static let spiRange = SADBExtensionType(rawValue: 16)
    public static let kmPrivate = SADBExtensionType(rawValue: 17)
    public static let policy = SADBExtensionType(rawValue: 18)
    public static let sa2 = SADBExtensionType(rawValue: 19)
    public static let natTraversalType = SADBExtensionType(rawValue: 20)
    public static let natTraversalSourcePort = SADBExtensionType(rawValue: 21)
    public static let natTraversalDestinationPort = SADBExtensionType(rawValue: 22)
    public static let natTraversalOriginalAddress = SADBExtensionType(rawValue: 23)
    public static let securityContext = SADBExtensionType(rawValue: 24)
    public static let kmAddress = SADBExtensionType(rawValue: 25)
    public static let filter = SADBExtensionType(rawValue: 26)

    private static let names = [
        "RESERVED", "SA", "LIFETIME_CURRENT", "LIFETIME_HARD", "LIFETIME_SOFT", "ADDRESS_SRC", "ADDRESS_DST",
        "ADDRESS_PROXY", "KEY_AUTH", "KEY_ENCRYPT", "IDENTITY_SRC", "IDENTITY_DST", "SENSITIVITY", "PROPOSAL",
        "SUPPORTED_AUTH", "SUPPORTED_ENCRYPT", "SPIRANGE", "X_KMPRIVATE", "X_POLICY", "X_SA2", "X_NAT_T_TYPE",
        "X_NAT_T_SPORT", "X_NAT_T_DPORT", "X_NAT_T_OA", "X_SEC_CTX", "X_KMADDRESS", "X_FILTER",
    ]

    public var description: String {
        Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "extension \(rawValue)"
    }
}
