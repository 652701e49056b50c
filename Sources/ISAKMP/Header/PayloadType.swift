/// An ISAKMP Next Payload type (RFC 2408 §3.1, plus RFC 3947 and the NAT-T drafts, and Cisco fragments).
///
/// A struct rather than an enum so that any octet a peer sends is representable; unknown types are data.
public struct PayloadType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The payload type octet.
    public var rawValue: UInt8

    /// A payload type from its octet.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0: no next payload; ends a chain.
    public static let none = PayloadType(rawValue: 0)
    /// 1: Security Association (RFC 2408 §3.4).
    public static let securityAssociation = PayloadType(rawValue: 1)
    /// 2: Proposal (RFC 2408 §3.5); only inside an SA payload.
    public static let proposal = PayloadType(rawValue: 2)
    /// 3: Transform (RFC 2408 §3.6); only inside a Proposal payload.
    public static let transform = PayloadType(rawValue: 3)
    /// 4: Key Exchange (RFC 2408 §3.7).
    public static let keyExchange = PayloadType(rawValue: 4)
    /// 5: Identification (RFC 2408 §3.8).
    public static let identification = PayloadType(rawValue: 5)
    /// 6: Certificate (RFC 2408 §3.9).
    public static let certificate = PayloadType(rawValue: 6)
    /// 7: Certificate Request (RFC 2408 §3.10).
    public static let certificateRequest = PayloadType(rawValue: 7)
    /// 8: Hash (RFC 2408 §3.11).
    public static let hash = PayloadType(rawValue: 8)
    /// 9: Signature (RFC 2408 §3.12).
    public static let signature = PayloadType(rawValue: 9)
    /// 10: Nonce (RFC 2408 §3.13).
    public static let nonce = PayloadType(rawValue: 10)
    /// 11: Notification (RFC 2408 §3.14).
    public static let notification = PayloadType(rawValue: 11)
    /// 12: Delete (RFC 2408 §3.15).
    public static let delete = PayloadType(rawValue: 12)
    /// 13: Vendor ID (RFC 2408 §3.16).
    public static let vendorID = PayloadType(rawValue: 13)
    /// 14: Attribute (ModeCfg/XAuth, draft-dukes-ike-mode-cfg); kept as unknown data by this module.
    public static let attribute = PayloadType(rawValue: 14)
    /// 20: NAT-D (RFC 3947 §3.2).
    public static let natDiscovery = PayloadType(rawValue: 20)
    /// 21: NAT-OA (RFC 3947 §5.2).
    public static let natOriginalAddress = PayloadType(rawValue: 21)
    /// 130: NAT-D as numbered by draft-ietf-ipsec-nat-t-ike-02 to -08.
    public static let natDiscoveryDraft = PayloadType(rawValue: 130)
    /// 131: NAT-OA as numbered by draft-ietf-ipsec-nat-t-ike-02 to -08.
    public static let natOriginalAddressDraft = PayloadType(rawValue: 131)
    /// 132: IKE fragment (Cisco/Microsoft style, inventory §6.9).
    public static let fragment = PayloadType(rawValue: 132)

    /// The RFC name, or the number for types this module does not name.
    public var description: String {
        switch self {
        case .none: return "NONE"
        case .securityAssociation: return "SA"
        case .proposal: return "P"
        case .transform: return "T"
        case .keyExchange: return "KE"
        case .identification: return "ID"
        case .certificate: return "CERT"
        case .certificateRequest: return "CR"
        case .hash: return "HASH"
        case .signature: return "SIG"
        case .nonce: return "NONCE"
        case .notification: return "N"
        case .delete: return "D"
        case .vendorID: return "VID"
        case .attribute: return "ATTR"
        case .natDiscovery: return "NAT-D"
        case .natOriginalAddress: return "NAT-OA"
        case .natDiscoveryDraft: return "NAT-D(draft)"
        case .natOriginalAddressDraft: return "NAT-OA(draft)"
        case .fragment: return "FRAG"
        default: return "payload(\(rawValue))"
        }
    }
}
