/// `sadb_msg_satype`: the IPsec protocol a message is about (RFC 2367 §2.3.1, `SADB_X_SATYPE_IPCOMP`).
public struct SADBSAType: NamedWireCode {
    /// The wire code.
    public let rawValue: UInt8
    /// Wraps a wire code (any value; unknown ones print as numbers).
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `SADB_SATYPE_UNSPEC`: all types (FLUSH, DUMP, REGISTER without a type).
    public static let unspecified = SADBSAType(rawValue: 0)
    /// `SADB_SATYPE_AH`.
    public static let ah = SADBSAType(rawValue: 2)
    /// `SADB_SATYPE_ESP`.
    public static let esp = SADBSAType(rawValue: 3)
    /// `SADB_X_SATYPE_IPCOMP`.
    public static let ipcomp = SADBSAType(rawValue: 9)

    /// The IP protocol number of the SA type as used in ipsecrequests (`IPPROTO_AH` 51, `IPPROTO_ESP` 50,
    /// `IPPROTO_COMP` 108), or nil for types without one.
    public var ipProtocol: UInt16? {
        switch rawValue {
        case 2: 51
        case 3: 50
        case 9: 108
        default: nil
        }
    }

    /// The SA type for an ipsecrequest protocol number, or nil.
    public init?(ipProtocol: UInt16) {
        switch ipProtocol {
        case 51: self = .ah
        case 50: self = .esp
        case 108: self = .ipcomp
        default: return nil
        }
    }

    /// The known codes' names, for logs.
    public static let names: [RawValue: String] = [0: "UNSPEC", 2: "AH", 3: "ESP", 9: "IPCOMP"]
    public static let unknownCodeLabel = "satype"
}
