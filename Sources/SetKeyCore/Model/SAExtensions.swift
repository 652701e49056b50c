/// The `extensions` of an SA command: `-m -r -u -f -lh -ls -bh -bs -ctx`.
public struct SAExtensions: Sendable, Equatable {
    /// SADB_X_EXT_OLD (`esp-old`, `ah-old`).
    public static let flagOld: UInt32 = 0x0001
    /// SADB_X_EXT_CYCSEQ: setkey sets it unless `-f nocyclic-seq`.
    public static let flagCyclicSequence: UInt32 = 0x0040
    /// SADB_X_EXT_RAWCPI (`-C alg -R`).
    public static let flagRawCPI: UInt32 = 0x0080
    /// SADB_X_EXT_PRAND (`-f random-pad`).
    public static let flagRandomPad: UInt32 = 0x0100
    /// SADB_X_EXT_PZERO (`-f zero-pad`).
    public static let flagZeroPad: UInt32 = 0x0200

    /// `-m` (default `any`).
    public var mode: IPsecMode = .any
    /// `-r`: replay window size (0 = no replay check).
    public var replay: UInt8 = 0
    /// `-u`: reqid.
    public var reqid: UInt32 = 0
    /// `sadb_sa_flags` as setkey builds them (`-f` options, `-old` protocols, `-R`).
    public var flags: UInt32 = SAExtensions.flagCyclicSequence
    /// `-lh`: hard lifetime in seconds (0 = none).
    public var hardLifetimeSeconds: UInt64 = 0
    /// `-ls`: soft lifetime in seconds.
    public var softLifetimeSeconds: UInt64 = 0
    /// `-bh`: hard lifetime in bytes.
    public var hardLifetimeBytes: UInt64 = 0
    /// `-bs`: soft lifetime in bytes.
    public var softLifetimeBytes: UInt64 = 0
    /// `-ctx doi alg "string"`.
    public var securityContext: SecurityContext?

    /// The defaults setkey's `parse_init()` starts every statement with.
    public init() {}
}
