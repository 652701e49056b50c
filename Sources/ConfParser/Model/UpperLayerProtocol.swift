/// The upper-layer protocol of a sainfo identity (`any`, `tcp`, `udp`, `icmp`, … or a number).
public struct UpperLayerProtocol: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The IP protocol number; 255 means "any" (racoon's IPSEC_ULPROTO_ANY).
    public let rawValue: UInt8

    /// Creates a protocol from its number.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Any protocol.
    public static let any = UpperLayerProtocol(rawValue: 255)
    /// ICMP (1).
    public static let icmp = UpperLayerProtocol(rawValue: 1)
    /// TCP (6).
    public static let tcp = UpperLayerProtocol(rawValue: 6)
    /// UDP (17).
    public static let udp = UpperLayerProtocol(rawValue: 17)
    /// GRE (47).
    public static let gre = UpperLayerProtocol(rawValue: 47)
    /// ESP (50).
    public static let esp = UpperLayerProtocol(rawValue: 50)
    /// AH (51).
    public static let ah = UpperLayerProtocol(rawValue: 51)
    /// ICMPv6 (58).
    public static let icmp6 = UpperLayerProtocol(rawValue: 58)
    /// IPComp (108).
    public static let ipcomp = UpperLayerProtocol(rawValue: 108)

    /// racoon.conf's words (cftoken.l); any other protocol is written as its number.
    static let keywords: KeywordTable<UpperLayerProtocol> = [
        "any": .any, "icmp": .icmp, "tcp": .tcp, "udp": .udp, "gre": .gre, "esp": .esp, "ah": .ah,
        "icmp6": .icmp6, "ipcomp": .ipcomp,
    ]

    /// The racoon.conf name, or the number.
    public var description: String {
        Self.keywords.word(for: self) ?? String(rawValue)
    }
}
