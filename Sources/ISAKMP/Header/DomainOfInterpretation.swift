/// An ISAKMP Domain of Interpretation (RFC 2408 §2.1, §3.4).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct DomainOfInterpretation: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt32

    /// A value from its wire form.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// 0: ISAKMP (RFC 2408 §3.4, generic phase-1 DOI).
    public static let isakmp = DomainOfInterpretation(rawValue: 0)
    /// 1: IPSEC (RFC 2407 §6).
    public static let ipsec = DomainOfInterpretation(rawValue: 1)

    /// Whether a Notification or Delete payload may carry this DOI: 0 for ISAKMP itself, 1 for the IPsec DOI
    /// (RFC 2408 §3.14, §3.15). Any other is discarded (§5.14, §5.15 step 1: DOI-NOT-SUPPORTED).
    public var isSupportedForInformational: Bool { self == .isakmp || self == .ipsec }

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .isakmp: return "ISAKMP"
        case .ipsec: return "IPSEC"
        default: return "\(rawValue)"
        }
    }
}
