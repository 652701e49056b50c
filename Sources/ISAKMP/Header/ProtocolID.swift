/// A protocol identifier in Proposal, Notification and Delete payloads (RFC 2407 §4.4.1).
///
/// A struct with named constants, so that a value this module does not name is still representable.
public struct ProtocolID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: UInt8

    /// A value from its wire form.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 1: PROTO_ISAKMP (RFC 2407 §4.4.1).
    public static let isakmp = ProtocolID(rawValue: 1)
    /// 2: PROTO_IPSEC_AH (RFC 2407 §4.4.1).
    public static let ah = ProtocolID(rawValue: 2)
    /// 3: PROTO_IPSEC_ESP (RFC 2407 §4.4.1).
    public static let esp = ProtocolID(rawValue: 3)
    /// 4: PROTO_IPCOMP (RFC 2407 §4.4.1).
    public static let ipcomp = ProtocolID(rawValue: 4)

    /// The RFC name, or the number for unnamed values.
    public var description: String {
        switch self {
        case .isakmp: return "PROTO_ISAKMP"
        case .ah: return "PROTO_IPSEC_AH"
        case .esp: return "PROTO_IPSEC_ESP"
        case .ipcomp: return "PROTO_IPCOMP"
        default: return "\(rawValue)"
        }
    }
}
