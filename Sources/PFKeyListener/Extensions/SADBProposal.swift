/// `struct sadb_prop` followed by `struct sadb_comb` records (RFC 2367 §2.3.7): the algorithm combinations an
/// ACQUIRE offers. Linux lists every usable enc × auth pair (about 56 combinations, 4 KB).
public struct SADBProposal: Hashable, Sendable {
    /// `sadb_prop_replay`.
    public var replayWindow: UInt8
    /// The combinations, in the kernel's order of preference.
    public var combinations: [SADBCombination]

    /// A proposal extension.
    public init(replayWindow: UInt8, combinations: [SADBCombination]) {
        self.replayWindow = replayWindow
        self.combinations = combinations
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        replayWindow = try reader.readUInt8()
        try reader.skip(3)
        combinations = try SADBCombination.readList(&reader)
    }

    func write(into writer: inout SADBWriter) {
        writer.write(replayWindow)
        writer.writeZeros(3)
        SADBCombination.writeList(combinations, into: &writer)
    }
}

/// `struct sadb_comb` (72 bytes): one algorithm combination with its key sizes and lifetimes.
public struct SADBCombination: Hashable, Sendable, SADBRecord {
    static let size = 72

    /// `sadb_comb_auth`.
    public var authAlgorithm: SADBAuthenticationAlgorithm
    /// `sadb_comb_encrypt`.
    public var encryptionAlgorithm: SADBEncryptionAlgorithm
    /// `sadb_comb_flags`.
    public var flags: UInt16
    /// `sadb_comb_auth_minbits`.
    public var authMinimumBits: UInt16
    /// `sadb_comb_auth_maxbits`.
    public var authMaximumBits: UInt16
    /// `sadb_comb_encrypt_minbits`.
    public var encryptionMinimumBits: UInt16
    /// `sadb_comb_encrypt_maxbits`.
    public var encryptionMaximumBits: UInt16
    /// `sadb_comb_soft_allocations`.
    public var softAllocations: UInt32
    /// `sadb_comb_hard_allocations`.
    public var hardAllocations: UInt32
    /// `sadb_comb_soft_bytes`.
    public var softBytes: UInt64
    /// `sadb_comb_hard_bytes`.
    public var hardBytes: UInt64
    /// `sadb_comb_soft_addtime`.
    public var softAddTime: UInt64
    /// `sadb_comb_hard_addtime`.
    public var hardAddTime: UInt64
    /// `sadb_comb_soft_usetime`.
    public var softUseTime: UInt64
    /// `sadb_comb_hard_usetime`.
    public var hardUseTime: UInt64

    /// A combination.
    public init(
        authAlgorithm: SADBAuthenticationAlgorithm, encryptionAlgorithm: SADBEncryptionAlgorithm, flags: UInt16 = 0,
        authKeyBits: ClosedRange<UInt16>, encryptionKeyBits: ClosedRange<UInt16>,
        softAllocations: UInt32 = 0, hardAllocations: UInt32 = 0, softBytes: UInt64 = 0, hardBytes: UInt64 = 0,
        softAddTime: UInt64 = 0, hardAddTime: UInt64 = 0, softUseTime: UInt64 = 0, hardUseTime: UInt64 = 0
    ) {
        self.authAlgorithm = authAlgorithm
        self.encryptionAlgorithm = encryptionAlgorithm
        self.flags = flags
        authMinimumBits = authKeyBits.lowerBound
        authMaximumBits = authKeyBits.upperBound
        encryptionMinimumBits = encryptionKeyBits.lowerBound
        encryptionMaximumBits = encryptionKeyBits.upperBound
        self.softAllocations = softAllocations
        self.hardAllocations = hardAllocations
        self.softBytes = softBytes
        self.hardBytes = hardBytes
        self.softAddTime = softAddTime
        self.hardAddTime = hardAddTime
        self.softUseTime = softUseTime
        self.hardUseTime = hardUseTime
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        authAlgorithm = SADBAuthenticationAlgorithm(rawValue: try reader.readUInt8())
        encryptionAlgorithm = SADBEncryptionAlgorithm(rawValue: try reader.readUInt8())
        flags = try reader.readUInt16()
        authMinimumBits = try reader.readUInt16()
        authMaximumBits = try reader.readUInt16()
        encryptionMinimumBits = try reader.readUInt16()
        encryptionMaximumBits = try reader.readUInt16()
        try reader.skip(4)
        softAllocations = try reader.readUInt32()
        hardAllocations = try reader.readUInt32()
        softBytes = try reader.readUInt64()
        hardBytes = try reader.readUInt64()
        softAddTime = try reader.readUInt64()
        hardAddTime = try reader.readUInt64()
        softUseTime = try reader.readUInt64()
        hardUseTime = try reader.readUInt64()
    }

    func write(into writer: inout SADBWriter) {
        writer.write(authAlgorithm.rawValue)
        writer.write(encryptionAlgorithm.rawValue)
        writer.write(flags)
        writer.write(authMinimumBits)
        writer.write(authMaximumBits)
        writer.write(encryptionMinimumBits)
        writer.write(encryptionMaximumBits)
        writer.write(UInt32(0))
        writer.write(softAllocations)
        writer.write(hardAllocations)
        writer.write(softBytes)
        writer.write(hardBytes)
        writer.write(softAddTime)
        writer.write(hardAddTime)
        writer.write(softUseTime)
        writer.write(hardUseTime)
    }
}
