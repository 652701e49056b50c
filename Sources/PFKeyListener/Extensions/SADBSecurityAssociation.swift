/// `struct sadb_sa` (RFC 2367 §2.3.1): SPI, replay window, state, algorithms and flags.
public struct SADBSecurityAssociation: Hashable, Sendable {
    /// `sadb_sa_spi`, converted from network order.
    public var spi: UInt32
    /// `sadb_sa_replay`: the replay window in packets (racoon uses 4; 0 for IPComp).
    public var replayWindow: UInt8
    /// `sadb_sa_state`.
    public var state: SADBSAState
    /// `sadb_sa_auth`.
    public var authAlgorithm: SADBAuthenticationAlgorithm
    /// `sadb_sa_encrypt` (for IPComp: the compression algorithm).
    public var encryptionAlgorithm: SADBEncryptionAlgorithm
    /// `sadb_sa_flags` (`SADB_SAFLAGS_*`).
    public var flags: UInt32

    /// An SA extension.
    public init(
        spi: UInt32, replayWindow: UInt8 = 0, state: SADBSAState = .mature,
        authAlgorithm: SADBAuthenticationAlgorithm = .none, encryptionAlgorithm: SADBEncryptionAlgorithm = .none,
        flags: UInt32 = 0
    ) {
        self.spi = spi
        self.replayWindow = replayWindow
        self.state = state
        self.authAlgorithm = authAlgorithm
        self.encryptionAlgorithm = encryptionAlgorithm
        self.flags = flags
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        spi = try reader.readUInt32BigEndian()
        replayWindow = try reader.readUInt8()
        state = SADBSAState(rawValue: try reader.readUInt8())
        authAlgorithm = SADBAuthenticationAlgorithm(rawValue: try reader.readUInt8())
        encryptionAlgorithm = SADBEncryptionAlgorithm(rawValue: try reader.readUInt8())
        flags = try reader.readUInt32()
    }

    func write(into writer: inout SADBWriter) {
        writer.writeBigEndian(spi)
        writer.write(replayWindow)
        writer.write(state.rawValue)
        writer.write(authAlgorithm.rawValue)
        writer.write(encryptionAlgorithm.rawValue)
        writer.write(flags)
    }
}

/// `sadb_sa_state` (`SADB_SASTATE_*`).
public struct SADBSAState: NamedWireCode {
    /// The wire code.
    public let rawValue: UInt8
    /// Wraps a wire code.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Reserved by GETSPI, not yet keyed.
    public static let larval = SADBSAState(rawValue: 0)
    /// Usable.
    public static let mature = SADBSAState(rawValue: 1)
    /// Past its soft lifetime.
    public static let dying = SADBSAState(rawValue: 2)
    /// Past its hard lifetime.
    public static let dead = SADBSAState(rawValue: 3)

    /// The known codes' names, for logs.
    public static let names: [RawValue: String] = [0: "larval", 1: "mature", 2: "dying", 3: "dead"]
    public static let unknownCodeLabel = "state"
}
