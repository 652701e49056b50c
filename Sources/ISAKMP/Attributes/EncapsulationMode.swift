/// Values of the IPsec Encapsulation Mode attribute (RFC 2407 §4.5, RFC 3947 §5.1, NAT-T drafts).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct EncapsulationMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt16

    /// A value from its wire form.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1: Tunnel (RFC 2407 §4.5).
    public static let tunnel = EncapsulationMode(rawValue: 1)
    /// 2: Transport (RFC 2407 §4.5).
    public static let transport = EncapsulationMode(rawValue: 2)
    /// 3: UDP-Encapsulated-Tunnel (RFC 3947 §5.1).
    public static let udpEncapsulatedTunnel = EncapsulationMode(rawValue: 3)
    /// 4: UDP-Encapsulated-Transport (RFC 3947 §5.1).
    public static let udpEncapsulatedTransport = EncapsulationMode(rawValue: 4)
    /// 61443: UDP-Encapsulated-Tunnel (draft) (draft-ietf-ipsec-nat-t-ike).
    public static let udpEncapsulatedTunnelDraft = EncapsulationMode(rawValue: 61443)
    /// 61444: UDP-Encapsulated-Transport (draft) (draft-ietf-ipsec-nat-t-ike).
    public static let udpEncapsulatedTransportDraft = EncapsulationMode(rawValue: 61444)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .tunnel: return "Tunnel"
        case .transport: return "Transport"
        case .udpEncapsulatedTunnel: return "UDP-Encapsulated-Tunnel"
        case .udpEncapsulatedTransport: return "UDP-Encapsulated-Transport"
        case .udpEncapsulatedTunnelDraft: return "UDP-Encapsulated-Tunnel (draft)"
        case .udpEncapsulatedTransportDraft: return "UDP-Encapsulated-Transport (draft)"
        default: return "\(rawValue)"
        }
    }
}
