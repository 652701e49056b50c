/// `struct xfrm_lifetime_cfg` (64 bytes): limits; `XFRM_INF` (all ones) means none.
public struct XFRMLifetimeConfiguration: Hashable, Sendable {
    static let size = 64
    /// `XFRM_INF`.
    public static let infinite = UInt64.max

    public var softByteLimit = infinite
    public var hardByteLimit = infinite
    public var softPacketLimit = infinite
    public var hardPacketLimit = infinite
    public var softAddExpiresSeconds: UInt64 = 0
    public var hardAddExpiresSeconds: UInt64 = 0
    public var softUseExpiresSeconds: UInt64 = 0
    public var hardUseExpiresSeconds: UInt64 = 0

    /// No limit at all.
    public init() {}

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        softByteLimit = try reader.readUInt64()
        hardByteLimit = try reader.readUInt64()
        softPacketLimit = try reader.readUInt64()
        hardPacketLimit = try reader.readUInt64()
        softAddExpiresSeconds = try reader.readUInt64()
        hardAddExpiresSeconds = try reader.readUInt64()
        softUseExpiresSeconds = try reader.readUInt64()
        hardUseExpiresSeconds = try reader.readUInt64()
    }

    func write(into writer: inout WireWriter) {
        for value in [
            softByteLimit, hardByteLimit, softPacketLimit, hardPacketLimit, softAddExpiresSeconds,
            hardAddExpiresSeconds, softUseExpiresSeconds, hardUseExpiresSeconds,
        ] {
            writer.write(value)
        }
    }
}

/// `struct xfrm_lifetime_cur` (32 bytes): what has been used.
public struct XFRMLifetimeCurrent: Hashable, Sendable {
    static let size = 32

    public var bytes: UInt64 = 0
    public var packets: UInt64 = 0
    public var addTime: UInt64 = 0
    public var useTime: UInt64 = 0

    public init() {}

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        bytes = try reader.readUInt64()
        packets = try reader.readUInt64()
        addTime = try reader.readUInt64()
        useTime = try reader.readUInt64()
    }

    func write(into writer: inout WireWriter) {
        for value in [bytes, packets, addTime, useTime] { writer.write(value) }
    }
}

extension XFRMLifetimeConfiguration {
    /// The soft or the hard half of the limits: what PF_KEY carries in one LIFETIME_SOFT or LIFETIME_HARD
    /// (RFC 2367 §2.3.2; af_key maps `sadb_lifetime` to these four fields and back).
    struct Half {
        let bytes: WritableKeyPath<XFRMLifetimeConfiguration, UInt64>
        let packets: WritableKeyPath<XFRMLifetimeConfiguration, UInt64>
        let addExpiresSeconds: WritableKeyPath<XFRMLifetimeConfiguration, UInt64>
        let useExpiresSeconds: WritableKeyPath<XFRMLifetimeConfiguration, UInt64>

        static var hard: Half {
            Half(
                bytes: \.hardByteLimit, packets: \.hardPacketLimit, addExpiresSeconds: \.hardAddExpiresSeconds,
                useExpiresSeconds: \.hardUseExpiresSeconds)
        }

        static var soft: Half {
            Half(
                bytes: \.softByteLimit, packets: \.softPacketLimit, addExpiresSeconds: \.softAddExpiresSeconds,
                useExpiresSeconds: \.softUseExpiresSeconds)
        }
    }
}
