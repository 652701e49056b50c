/// Values of the Oakley Hash Algorithm attribute (RFC 2409 Appendix A, RFC 4868).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct OakleyHashAlgorithm: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: MD5 (RFC 2409 Appendix A).
    public static let md5 = OakleyHashAlgorithm(rawValue: 1)
    /// 2: SHA (RFC 2409 Appendix A).
    public static let sha1 = OakleyHashAlgorithm(rawValue: 2)
    /// 3: Tiger (RFC 2409 Appendix A).
    public static let tiger = OakleyHashAlgorithm(rawValue: 3)
    /// 4: SHA2-256 (RFC 4868).
    public static let sha2_256 = OakleyHashAlgorithm(rawValue: 4)
    /// 5: SHA2-384 (RFC 4868).
    public static let sha2_384 = OakleyHashAlgorithm(rawValue: 5)
    /// 6: SHA2-512 (RFC 4868).
    public static let sha2_512 = OakleyHashAlgorithm(rawValue: 6)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .md5: return "MD5"
        case .sha1: return "SHA"
        case .tiger: return "Tiger"
        case .sha2_256: return "SHA2-256"
        case .sha2_384: return "SHA2-384"
        case .sha2_512: return "SHA2-512"
        default: return "\(rawValue)"
        }
    }
}
