/// IPsec mode of an SA (`-m`) or a policy request (`sadb_x_sa2_mode`, `sadb_x_ipsecrequest_mode`).
public enum IPsecMode: UInt8, Sendable, Equatable {
    /// `any` (IPSEC_MODE_ANY, setkey's default for SAs).
    case any = 0
    /// `transport` (IPSEC_MODE_TRANSPORT).
    case transport = 1
    /// `tunnel` (IPSEC_MODE_TUNNEL).
    case tunnel = 2

    /// The words of setkey(8)'s `-m` and of ipsec_set_policy(3)'s requests (which do not take `any`).
    static let words: KeywordTable<IPsecMode> = ["any": .any, "transport": .transport, "tunnel": .tunnel]
}
