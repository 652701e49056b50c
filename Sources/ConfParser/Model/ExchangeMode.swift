/// An IKE phase-1 exchange (`exchange_mode`). Raw values are the ISAKMP exchange types of RFC 2408 §3.1.
public enum ExchangeMode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Base mode (1).
    case base = 1
    /// Main mode, "Identity Protection" (2).
    case main = 2
    /// Aggressive mode (4).
    case aggressive = 4

    static let names: [String: ExchangeMode] = ["base": .base, "main": .main, "aggressive": .aggressive]

    /// The racoon.conf name.
    public var description: String {
        switch self {
        case .base: "base"
        case .main: "main"
        case .aggressive: "aggressive"
        }
    }

    /// True if Raccoon implements this exchange: Main and Aggressive Mode, not KAME's Base Mode.
    public var isImplemented: Bool { self != .base }
}
