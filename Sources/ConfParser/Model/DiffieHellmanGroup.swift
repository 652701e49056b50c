/// A MODP Diffie-Hellman group (OAKLEY "Group Description", class 4; also the IPsec DOI GROUP_DESC for PFS).
///
/// Raw values are the group numbers of RFC 2409 §6 and RFC 3526. racoon has no ECP groups.
public enum DiffieHellmanGroup: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// 768-bit MODP (1). Broken.
    case modp768 = 1
    /// 1024-bit MODP (2), RFC 2409 §6.2. Legacy, but what most racoon configurations use.
    case modp1024 = 2
    /// 1536-bit MODP (5), RFC 3526 §2.
    case modp1536 = 5
    /// 2048-bit MODP (14), RFC 3526 §3.
    case modp2048 = 14
    /// 3072-bit MODP (15), RFC 3526 §4.
    case modp3072 = 15
    /// 4096-bit MODP (16), RFC 3526 §5.
    case modp4096 = 16
    /// 6144-bit MODP (17), RFC 3526 §6.
    case modp6144 = 17
    /// 8192-bit MODP (18), RFC 3526 §7.
    case modp8192 = 18

    /// Parses a racoon.conf group: a name (`modp1024`) or a number (`2`).
    init?(configName name: String) {
        if let number = UInt16(name), let group = DiffieHellmanGroup(rawValue: number) {
            self = group
            return
        }
        guard let group = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = group
    }

    /// The racoon.conf name.
    public var description: String {
        switch self {
        case .modp768: "modp768"
        case .modp1024: "modp1024"
        case .modp1536: "modp1536"
        case .modp2048: "modp2048"
        case .modp3072: "modp3072"
        case .modp4096: "modp4096"
        case .modp6144: "modp6144"
        case .modp8192: "modp8192"
        }
    }

    /// True if Raccoon implements this group. IKECrypto's `DHGroup` has every MODP group racoon knows, so this
    /// is always true; it stays as the one place to narrow the list.
    public var isImplemented: Bool { true }
}
