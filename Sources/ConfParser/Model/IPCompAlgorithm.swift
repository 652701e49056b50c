/// An IPComp transform (`compression_algorithm` in a `sainfo`).
///
/// Raw values are the IPsec DOI IPCOMP transform IDs of RFC 2407 §4.4.5. racoon requires one in every sainfo,
/// even though it is only used when the kernel policy asks for `ipcomp`.
public enum IPCompAlgorithm: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// IPCOMP_OUI (1).
    case oui = 1
    /// IPCOMP_DEFLATE (2), RFC 2394.
    case deflate = 2
    /// IPCOMP_LZS (3), RFC 2395.
    case lzs = 3

    /// racoon.conf's words (cftoken.l); the first of a value's words is the one printed back.
    static let keywords: KeywordTable<IPCompAlgorithm> = ["oui": .oui, "deflate": .deflate, "lzs": .lzs]

    /// The racoon.conf name.
    public var description: String { Self.keywords.word(for: self) ?? "?" }

    /// True if Raccoon can negotiate this transform (deflate only).
    public var isImplemented: Bool { self == .deflate }
}
