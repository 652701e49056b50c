/// An IKE phase-1 hash algorithm (OAKLEY attribute class 2); it also selects the PRF (HMAC with this hash).
///
/// Raw values are the wire IDs of RFC 2409 Appendix A and RFC 4868 §2.
public enum HashAlgorithm: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// MD5 (1).
    case md5 = 1
    /// SHA-1 (2).
    case sha1 = 2
    /// Tiger (3). Lexed by racoon, never implemented.
    case tiger = 3
    /// SHA2-256 (4).
    case sha256 = 4
    /// SHA2-384 (5).
    case sha384 = 5
    /// SHA2-512 (6).
    case sha512 = 6

    /// racoon.conf's words (cftoken.l); the first of a value's words is the one printed back.
    static let keywords: KeywordTable<HashAlgorithm> = [
        "md5": .md5, "sha1": .sha1, "tiger": .tiger, "sha256": .sha256, "sha384": .sha384, "sha512": .sha512,
    ]

    /// The racoon.conf name.
    public var description: String { Self.keywords.word(for: self) ?? "?" }

    /// True if Raccoon can use this hash (everything but Tiger).
    public var isImplemented: Bool { self != .tiger }
}
