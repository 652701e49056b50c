/// An IPComp algorithm (`-C`), with its SADB number.
public enum CompressionAlgorithm: UInt8, Sendable, Hashable, CaseIterable {
    /// `oui` (SADB_X_CALG_OUI).
    case oui = 1
    /// `deflate` (SADB_X_CALG_DEFLATE).
    case deflate = 2
    /// `lzs` (SADB_X_CALG_LZS).
    case lzs = 3

    /// The words setkey(8) accepts after `-C`.
    static let words: KeywordTable<CompressionAlgorithm> = ["oui": .oui, "deflate": .deflate, "lzs": .lzs]

    /// The name setkey accepts and prints.
    public var name: String { Self.words.word(for: self) ?? "?" }

    /// Looks up a name.
    public static func named(_ name: String) -> CompressionAlgorithm? { words[name] }

    /// The name `setkey -D` prints for a number, `nil` if unknown.
    public static func dumpName(of id: UInt8) -> String? {
        id == 0 ? "none" : CompressionAlgorithm(rawValue: id)?.name
    }
}
