/// A phase-1 (Oakley) transform attribute class (RFC 2409 Appendix A). B = basic (TV), V = variable (TLV).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct OakleyAttributeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: Encryption Algorithm (RFC 2409 Appendix A, B).
    public static let encryptionAlgorithm = OakleyAttributeType(rawValue: 1)
    /// 2: Hash Algorithm (RFC 2409 Appendix A, B).
    public static let hashAlgorithm = OakleyAttributeType(rawValue: 2)
    /// 3: Authentication Method (RFC 2409 Appendix A, B).
    public static let authenticationMethod = OakleyAttributeType(rawValue: 3)
    /// 4: Group Description (RFC 2409 Appendix A, B).
    public static let groupDescription = OakleyAttributeType(rawValue: 4)
    /// 5: Group Type (RFC 2409 Appendix A, B).
    public static let groupType = OakleyAttributeType(rawValue: 5)
    /// 6: Group Prime/Irreducible Polynomial (RFC 2409 Appendix A, V).
    public static let groupPrime = OakleyAttributeType(rawValue: 6)
    /// 7: Group Generator One (RFC 2409 Appendix A, V).
    public static let groupGeneratorOne = OakleyAttributeType(rawValue: 7)
    /// 8: Group Generator Two (RFC 2409 Appendix A, V).
    public static let groupGeneratorTwo = OakleyAttributeType(rawValue: 8)
    /// 9: Group Curve A (RFC 2409 Appendix A, V).
    public static let groupCurveA = OakleyAttributeType(rawValue: 9)
    /// 10: Group Curve B (RFC 2409 Appendix A, V).
    public static let groupCurveB = OakleyAttributeType(rawValue: 10)
    /// 11: Life Type (RFC 2409 Appendix A, B).
    public static let lifeType = OakleyAttributeType(rawValue: 11)
    /// 12: Life Duration (RFC 2409 Appendix A, V).
    public static let lifeDuration = OakleyAttributeType(rawValue: 12)
    /// 13: PRF (RFC 2409 Appendix A, B).
    public static let prf = OakleyAttributeType(rawValue: 13)
    /// 14: Key Length (RFC 2409 Appendix A, B).
    public static let keyLength = OakleyAttributeType(rawValue: 14)
    /// 15: Field Size (RFC 2409 Appendix A, B).
    public static let fieldSize = OakleyAttributeType(rawValue: 15)
    /// 16: Group Order (RFC 2409 Appendix A, V).
    public static let groupOrder = OakleyAttributeType(rawValue: 16)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .encryptionAlgorithm: return "Encryption Algorithm"
        case .hashAlgorithm: return "Hash Algorithm"
        case .authenticationMethod: return "Authentication Method"
        case .groupDescription: return "Group Description"
        case .groupType: return "Group Type"
        case .groupPrime: return "Group Prime/Irreducible Polynomial"
        case .groupGeneratorOne: return "Group Generator One"
        case .groupGeneratorTwo: return "Group Generator Two"
        case .groupCurveA: return "Group Curve A"
        case .groupCurveB: return "Group Curve B"
        case .lifeType: return "Life Type"
        case .lifeDuration: return "Life Duration"
        case .prf: return "PRF"
        case .keyLength: return "Key Length"
        case .fieldSize: return "Field Size"
        case .groupOrder: return "Group Order"
        default: return "\(rawValue)"
        }
    }
}
