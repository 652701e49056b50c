/// The SA type of a command (`sadb_msg_satype`, RFC 2367 §2.3.1).
public enum SAType: UInt8, Sendable, Equatable, CaseIterable {
    /// No protocol given: all SA types (SADB_SATYPE_UNSPEC).
    case unspecified = 0
    /// AH (SADB_SATYPE_AH).
    case ah = 2
    /// ESP (SADB_SATYPE_ESP).
    case esp = 3
    /// IPComp (SADB_X_SATYPE_IPCOMP).
    case ipcomp = 9
}
