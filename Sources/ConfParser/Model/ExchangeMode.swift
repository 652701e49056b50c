/// An IKE phase-1 exchange (`exchange_mode`). Raw values are the ISAKMP exchange types of RFC 2408 §3.1.
public enum ExchangeMode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Base mode (1).
    case base = 1
    /// Main mode, "Identity Protection" (2).
    case main = 2
    /// Aggressive mode (4).
    case aggressive = 4

    /// racoon.conf's words (cftoken.l); the first of a value's words is the one printed back.
    static let keywords: KeywordTable<ExchangeMode> = ["base": .base, "main": .main, "aggressive": .aggressive]

    /// The racoon.conf name.
    public var description: String { Self.keywords.word(for: self) ?? "?" }

    /// True if Raccoon implements this exchange: Main and Aggressive Mode, not KAME's Base Mode.
    public var isImplemented: Bool { self != .base }
}
