/// An IKE phase-1 authentication method (OAKLEY attribute class 3).
///
/// Not `RawRepresentable`: racoon reuses 65001 both for GSS-API/Kerberos and for XAuth-initiator-PSK, so the
/// wire value is a property instead.
public enum AuthenticationMethod: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Pre-shared key (1), RFC 2409 §5.4. The only method Raccoon implements.
    case preSharedKey
    /// DSS signatures (2). Lexed by racoon, never implemented.
    case dssSignature
    /// RSA signatures (3), with X.509 certificates or plain RSA keys.
    case rsaSignature
    /// RSA encryption (4). Lexed by racoon, never implemented.
    case rsaEncryption
    /// Revised RSA encryption (5). Lexed by racoon, never implemented.
    case rsaRevisedEncryption
    /// GSS-API with Kerberos (racoon's private 65001).
    case gssapiKerberos
    /// Hybrid RSA, server side (draft-ietf-ipsra-isakmp-hybrid-auth, 64222).
    case hybridRSAServer
    /// Hybrid RSA, client side (64221).
    case hybridRSAClient
    /// XAuth with PSK, server side (65002).
    case xauthPSKServer
    /// XAuth with PSK, client side (65001).
    case xauthPSKClient
    /// XAuth with RSA signatures, server side (65006).
    case xauthRSAServer
    /// XAuth with RSA signatures, client side (65005).
    case xauthRSAClient

    /// racoon.conf's words (cftoken.l).
    static let keywords: KeywordTable<AuthenticationMethod> = [
        "pre_shared_key": .preSharedKey, "dsssig": .dssSignature, "rsasig": .rsaSignature,
        "rsaenc": .rsaEncryption, "rsarev": .rsaRevisedEncryption, "gssapi_krb": .gssapiKerberos,
        "hybrid_rsa_server": .hybridRSAServer, "hybrid_rsa_client": .hybridRSAClient,
        "xauth_psk_server": .xauthPSKServer, "xauth_psk_client": .xauthPSKClient,
        "xauth_rsa_server": .xauthRSAServer, "xauth_rsa_client": .xauthRSAClient,
    ]

    /// The value of the Authentication Method attribute on the wire.
    public var wireValue: UInt16 {
        switch self {
        case .preSharedKey: 1
        case .dssSignature: 2
        case .rsaSignature: 3
        case .rsaEncryption: 4
        case .rsaRevisedEncryption: 5
        case .gssapiKerberos: 65001
        case .hybridRSAClient: 64221
        case .hybridRSAServer: 64222
        case .xauthPSKClient: 65001
        case .xauthPSKServer: 65002
        case .xauthRSAClient: 65005
        case .xauthRSAServer: 65006
        }
    }

    /// The racoon.conf name.
    public var description: String {
        Self.keywords.word(for: self) ?? "?"
    }

    /// True if Raccoon implements this method (pre-shared keys only).
    public var isImplemented: Bool { self == .preSharedKey }
}
