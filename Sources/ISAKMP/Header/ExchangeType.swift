/// An ISAKMP exchange type (RFC 2408 §3.1, RFC 2409 §5.5 and §6.1, draft-dukes-ike-mode-cfg).
///
/// Values in the DOI-specific and private ranges that this module does not name are kept as ``unknown(_:)``;
/// NONE (0) and the reserved range 7–31 are rejected by ``ISAKMPHeader`` parsing with INVALID-EXCHANGE-TYPE.
public enum ExchangeType: Hashable, Sendable, CustomStringConvertible {
    /// 1: Base (RFC 2408 §4.4).
    case base
    /// 2: Identity Protection, i.e. Main Mode (RFC 2408 §4.5, RFC 2409 §5).
    case identityProtection
    /// 3: Authentication Only (RFC 2408 §4.6).
    case authenticationOnly
    /// 4: Aggressive (RFC 2408 §4.7, RFC 2409 §5).
    case aggressive
    /// 5: Informational (RFC 2408 §4.8).
    case informational
    /// 6: Transaction, used by ModeCfg/XAuth (draft-dukes-ike-mode-cfg).
    case transaction
    /// 32: Quick Mode (RFC 2409 §5.5).
    case quickMode
    /// 33: New Group Mode (RFC 2409 §6.1).
    case newGroupMode
    /// Any other value.
    case unknown(UInt8)

    /// The exchange type for a wire value.
    public init(rawValue: UInt8) {
        switch rawValue {
        case 1: self = .base
        case 2: self = .identityProtection
        case 3: self = .authenticationOnly
        case 4: self = .aggressive
        case 5: self = .informational
        case 6: self = .transaction
        case 32: self = .quickMode
        case 33: self = .newGroupMode
        default: self = .unknown(rawValue)
        }
    }

    /// The wire value.
    public var rawValue: UInt8 {
        switch self {
        case .base: return 1
        case .identityProtection: return 2
        case .authenticationOnly: return 3
        case .aggressive: return 4
        case .informational: return 5
        case .transaction: return 6
        case .quickMode: return 32
        case .newGroupMode: return 33
        case .unknown(let value): return value
        }
    }

    /// The exchange's common name.
    public var description: String {
        switch self {
        case .base: return "Base"
        case .identityProtection: return "Main Mode"
        case .authenticationOnly: return "Authentication Only"
        case .aggressive: return "Aggressive Mode"
        case .informational: return "Informational"
        case .transaction: return "Transaction"
        case .quickMode: return "Quick Mode"
        case .newGroupMode: return "New Group Mode"
        case .unknown(let value): return "exchange(\(value))"
        }
    }
}
