/// Values of the Oakley Authentication Method attribute (RFC 2409 Appendix A; XAuth values from draft-beaulieu-ike-
/// xauth, which racoon also uses for GSS-API as 65001, inventory §2.5).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct OakleyAuthenticationMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: pre-shared key (RFC 2409 Appendix A).
    public static let preSharedKey = OakleyAuthenticationMethod(rawValue: 1)
    /// 2: DSS signatures (RFC 2409 Appendix A).
    public static let dssSignatures = OakleyAuthenticationMethod(rawValue: 2)
    /// 3: RSA signatures (RFC 2409 Appendix A).
    public static let rsaSignatures = OakleyAuthenticationMethod(rawValue: 3)
    /// 4: Encryption with RSA (RFC 2409 Appendix A).
    public static let rsaEncryption = OakleyAuthenticationMethod(rawValue: 4)
    /// 5: Revised encryption with RSA (RFC 2409 Appendix A).
    public static let revisedRSAEncryption = OakleyAuthenticationMethod(rawValue: 5)
    /// 65001: XAUTHInitPreShared (draft-beaulieu-ike-xauth).
    public static let xauthInitPreShared = OakleyAuthenticationMethod(rawValue: 65001)
    /// 65002: XAUTHRespPreShared (draft-beaulieu-ike-xauth).
    public static let xauthRespPreShared = OakleyAuthenticationMethod(rawValue: 65002)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .preSharedKey: return "pre-shared key"
        case .dssSignatures: return "DSS signatures"
        case .rsaSignatures: return "RSA signatures"
        case .rsaEncryption: return "Encryption with RSA"
        case .revisedRSAEncryption: return "Revised encryption with RSA"
        case .xauthInitPreShared: return "XAUTHInitPreShared"
        case .xauthRespPreShared: return "XAUTHRespPreShared"
        default: return "\(rawValue)"
        }
    }
}
