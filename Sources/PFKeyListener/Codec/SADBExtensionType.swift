/// `sadb_ext_type`: the extension numbers of RFC 2367 §2.3 and Linux's `SADB_X_EXT_*`.
public struct SADBExtensionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire code.
    public let rawValue: UInt16
    /// Wraps a wire code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `SADB_EXT_SA` (1).
    public static let sa = SADBExtensionType(rawValue: 1)
    /// `SADB_EXT_LIFETIME_CURRENT` (2).
    public static let lifetimeCurrent = SADBExtensionType(rawValue: 2)
    /// `SADB_EXT_LIFETIME_HARD` (3).
    public static let lifetimeHard = SADBExtensionType(rawValue: 3)
    /// `SADB_EXT_LIFETIME_SOFT` (4).
    public static let lifetimeSoft = SADBExtensionType(rawValue: 4)
    /// `SADB_EXT_ADDRESS_SRC` (5).
    public static let addressSource = SADBExtensionType(rawValue: 5)
    /// `SADB_EXT_ADDRESS_DST` (6).
    public static let addressDestination = SADBExtensionType(rawValue: 6)
    /// `SADB_EXT_ADDRESS_PROXY` (7).
    public static let addressProxy = SADBExtensionType(rawValue: 7)
    /// `SADB_EXT_KEY_AUTH` (8).
    public static let keyAuth = SADBExtensionType(rawValue: 8)
    /// `SADB_EXT_KEY_ENCRYPT` (9).
    public static let keyEncrypt = SADBExtensionType(rawValue: 9)
    /// `SADB_EXT_IDENTITY_SRC` (10).
    public static let identitySource = SADBExtensionType(rawValue: 10)
    /// `SADB_EXT_IDENTITY_DST` (11).
    public static let identityDestination = SADBExtensionType(rawValue: 11)
    /// `SADB_EXT_SENSITIVITY` (12).
    public static let sensitivity = SADBExtensionType(rawValue: 12)
    /// `SADB_EXT_PROPOSAL` (13).
    public static let proposal = SADBExtensionType(rawValue: 13)
    /// `SADB_EXT_SUPPORTED_AUTH` (14).
    public static let supportedAuth = SADBExtensionType(rawValue: 14)
    /// `SADB_EXT_SUPPORTED_ENCRYPT` (15).
    public static let supportedEncrypt = SADBExtensionType(rawValue: 15)
    /// `SADB_EXT_SPIRANGE` (16).
    public static let spiRange = SADBExtensionType(rawValue: 16)
    /// `SADB_X_EXT_KMPRIVATE` (17).
    public static let kmPrivate = SADBExtensionType(rawValue: 17)
    /// `SADB_X_EXT_POLICY` (18).
    public static let policy = SADBExtensionType(rawValue: 18)
    /// `SADB_X_EXT_SA2` (19).
    public static let sa2 = SADBExtensionType(rawValue: 19)
    /// `SADB_X_EXT_NAT_T_TYPE` (20).
    public static let natTraversalType = SADBExtensionType(rawValue: 20)
    /// `SADB_X_EXT_NAT_T_SPORT` (21).
    public static let natTraversalSourcePort = SADBExtensionType(rawValue: 21)
    /// `SADB_X_EXT_NAT_T_DPORT` (22).
    public static let natTraversalDestinationPort = SADBExtensionType(rawValue: 22)
    /// `SADB_X_EXT_NAT_T_OA` (23).
    public static let natTraversalOriginalAddress = SADBExtensionType(rawValue: 23)
    /// `SADB_X_EXT_SEC_CTX` (24).
    public static let securityContext = SADBExtensionType(rawValue: 24)
    /// `SADB_X_EXT_KMADDRESS` (25).
    public static let kmAddress = SADBExtensionType(rawValue: 25)
    /// `SADB_X_EXT_FILTER` (26).
    public static let filter = SADBExtensionType(rawValue: 26)

    private static let names = [
        "RESERVED", "SA", "LIFETIME_CURRENT", "LIFETIME_HARD", "LIFETIME_SOFT", "ADDRESS_SRC", "ADDRESS_DST",
        "ADDRESS_PROXY", "KEY_AUTH", "KEY_ENCRYPT", "IDENTITY_SRC", "IDENTITY_DST", "SENSITIVITY", "PROPOSAL",
        "SUPPORTED_AUTH", "SUPPORTED_ENCRYPT", "SPIRANGE", "X_KMPRIVATE", "X_POLICY", "X_SA2", "X_NAT_T_TYPE",
        "X_NAT_T_SPORT", "X_NAT_T_DPORT", "X_NAT_T_OA", "X_SEC_CTX", "X_KMADDRESS", "X_FILTER",
    ]

    /// A readable name for logs.
    public var description: String {
        Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "extension \(rawValue)"
    }
}
