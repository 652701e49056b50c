/// A MODP Diffie-Hellman group, numbered as in the Oakley Group Description attribute (RFC 2409 Appendix A,
/// IANA "IKE Group Description").
///
/// All groups use a safe prime and generator 2: groups 1 and 2 from RFC 2409 §6.1–§6.2, groups 5 and 14–18 from
/// RFC 3526. Groups below 2048 bits (1, 2 and 5) are legacy (``isLegacy``): NIST SP 800-57 sets 2048 bits as the
/// minimum for 112-bit security. Group 2 (MODP-1024) remains racoon's and strongSwan's usual default and is
/// needed for interoperability.
///
/// ## Private-exponent length
///
/// The private value x is **not** full-length. It is ``privateExponentBits`` random bits with the top bit set
/// (so every exponentiation costs the same): 256 bits for groups 1, 2, 5 and 14, then 320, 384, 448 and 512 bits
/// for groups 15–18. That is at least twice the group's security strength (``securityStrength``), which
/// NIST SP 800-56A Rev. 3 §5.6.1.1.1 allows for safe-prime groups, and within the ranges RFC 3526 §8 suggests
/// (for example 220–320 bits for the 2048-bit group). Because the cost of g^x mod p grows linearly with the
/// exponent, this makes key generation and derivation about four times cheaper than with a full 1023-bit
/// exponent on MODP-1024, and it is the dominant cost of a negotiation.
public enum DHGroup: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Group 1, 768-bit MODP (RFC 2409 §6.1). Legacy: far below any current security level.
    case modp768 = 1
    /// Group 2, 1024-bit MODP (RFC 2409 §6.2). Legacy, but the common default of racoon and strongSwan.
    case modp1024 = 2
    /// Group 5, 1536-bit MODP (RFC 3526 §2). Legacy.
    case modp1536 = 5
    /// Group 14, 2048-bit MODP (RFC 3526 §3).
    case modp2048 = 14
    /// Group 15, 3072-bit MODP (RFC 3526 §4).
    case modp3072 = 15
    /// Group 16, 4096-bit MODP (RFC 3526 §5).
    case modp4096 = 16
    /// Group 17, 6144-bit MODP (RFC 3526 §6).
    case modp6144 = 17
    /// Group 18, 8192-bit MODP (RFC 3526 §7).
    case modp8192 = 18

    /// The size of the prime in bits.
    public var primeBits: Int {
        switch self {
        case .modp768: 768
        case .modp1024: 1024
        case .modp1536: 1536
        case .modp2048: 2048
        case .modp3072: 3072
        case .modp4096: 4096
        case .modp6144: 6144
        case .modp8192: 8192
        }
    }

    /// The length in bytes of public values and of the shared secret g^xy, which IKE always left-pads to this
    /// length (RFC 2409 §5 and §3.3 of RFC 2631).
    public var byteCount: Int { primeBits / 8 }

    /// The approximate security strength in bits (NIST SP 800-57 Part 1 Table 2, interpolated for the sizes it
    /// does not list; RFC 3526 §8 gives similar estimates).
    public var securityStrength: Int {
        switch self {
        case .modp768: 62
        case .modp1024: 80
        case .modp1536: 96
        case .modp2048: 112
        case .modp3072: 128
        case .modp4096: 152
        case .modp6144: 176
        case .modp8192: 200
        }
    }

    /// The length of the private exponent in bits (see the type's documentation for the reasoning).
    public var privateExponentBits: Int {
        switch self {
        case .modp768, .modp1024, .modp1536, .modp2048: 256
        case .modp3072: 320
        case .modp4096: 384
        case .modp6144: 448
        case .modp8192: 512
        }
    }

    /// Whether the group is kept only for interoperability (below 2048 bits).
    public var isLegacy: Bool { primeBits < 2048 }

    /// `modp1024`, `modp2048`, … as racoon.conf spells them.
    public var description: String { "modp\(primeBits)" }
}
