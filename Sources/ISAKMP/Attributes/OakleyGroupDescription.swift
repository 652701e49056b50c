/// Values of the Group Description attribute, in phase 1 and phase 2 (RFC 2409 §6, RFC 3526).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct OakleyGroupDescription: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: MODP-768 (RFC 2409 §6.1).
    public static let modp768 = OakleyGroupDescription(rawValue: 1)
    /// 2: MODP-1024 (RFC 2409 §6.2).
    public static let modp1024 = OakleyGroupDescription(rawValue: 2)
    /// 3: EC2N-155 (RFC 2409 §6.3).
    public static let ec2n155 = OakleyGroupDescription(rawValue: 3)
    /// 4: EC2N-185 (RFC 2409 §6.4).
    public static let ec2n185 = OakleyGroupDescription(rawValue: 4)
    /// 5: MODP-1536 (RFC 3526 §2).
    public static let modp1536 = OakleyGroupDescription(rawValue: 5)
    /// 14: MODP-2048 (RFC 3526 §3).
    public static let modp2048 = OakleyGroupDescription(rawValue: 14)
    /// 15: MODP-3072 (RFC 3526 §4).
    public static let modp3072 = OakleyGroupDescription(rawValue: 15)
    /// 16: MODP-4096 (RFC 3526 §5).
    public static let modp4096 = OakleyGroupDescription(rawValue: 16)
    /// 17: MODP-6144 (RFC 3526 §6).
    public static let modp6144 = OakleyGroupDescription(rawValue: 17)
    /// 18: MODP-8192 (RFC 3526 §7).
    public static let modp8192 = OakleyGroupDescription(rawValue: 18)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .modp768: return "MODP-768"
        case .modp1024: return "MODP-1024"
        case .ec2n155: return "EC2N-155"
        case .ec2n185: return "EC2N-185"
        case .modp1536: return "MODP-1536"
        case .modp2048: return "MODP-2048"
        case .modp3072: return "MODP-3072"
        case .modp4096: return "MODP-4096"
        case .modp6144: return "MODP-6144"
        case .modp8192: return "MODP-8192"
        default: return "\(rawValue)"
        }
    }
}
