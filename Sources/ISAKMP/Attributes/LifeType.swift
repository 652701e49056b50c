/// Values of the Oakley Life Type attribute (RFC 2409 Appendix A) and the IPsec SA Life Type attribute (RFC 2407
/// §4.5), which share their numbering.
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct LifeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: seconds (RFC 2409 Appendix A, RFC 2407 §4.5).
    public static let seconds = LifeType(rawValue: 1)
    /// 2: kilobytes (RFC 2409 Appendix A, RFC 2407 §4.5).
    public static let kilobytes = LifeType(rawValue: 2)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .seconds: return "seconds"
        case .kilobytes: return "kilobytes"
        default: return "\(rawValue)"
        }
    }
}
