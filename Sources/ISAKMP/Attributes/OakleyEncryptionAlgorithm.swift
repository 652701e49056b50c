/// Values of the Oakley Encryption Algorithm attribute (RFC 2409 Appendix A, RFC 3602 §5, RFC 4312).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct OakleyEncryptionAlgorithm: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: DES-CBC (RFC 2409 Appendix A).
    public static let desCBC = OakleyEncryptionAlgorithm(rawValue: 1)
    /// 2: IDEA-CBC (RFC 2409 Appendix A).
    public static let ideaCBC = OakleyEncryptionAlgorithm(rawValue: 2)
    /// 3: Blowfish-CBC (RFC 2409 Appendix A).
    public static let blowfishCBC = OakleyEncryptionAlgorithm(rawValue: 3)
    /// 4: RC5-R16-B64-CBC (RFC 2409 Appendix A).
    public static let rc5CBC = OakleyEncryptionAlgorithm(rawValue: 4)
    /// 5: 3DES-CBC (RFC 2409 Appendix A).
    public static let tripleDESCBC = OakleyEncryptionAlgorithm(rawValue: 5)
    /// 6: CAST-CBC (RFC 2409 Appendix A).
    public static let castCBC = OakleyEncryptionAlgorithm(rawValue: 6)
    /// 7: AES-CBC (RFC 3602 §5).
    public static let aesCBC = OakleyEncryptionAlgorithm(rawValue: 7)
    /// 8: Camellia-CBC (RFC 4312).
    public static let camelliaCBC = OakleyEncryptionAlgorithm(rawValue: 8)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .desCBC: return "DES-CBC"
        case .ideaCBC: return "IDEA-CBC"
        case .blowfishCBC: return "Blowfish-CBC"
        case .rc5CBC: return "RC5-R16-B64-CBC"
        case .tripleDESCBC: return "3DES-CBC"
        case .castCBC: return "CAST-CBC"
        case .aesCBC: return "AES-CBC"
        case .camelliaCBC: return "Camellia-CBC"
        default: return "\(rawValue)"
        }
    }
}
