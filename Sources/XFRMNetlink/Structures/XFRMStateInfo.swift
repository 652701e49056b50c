public import PFKeyListener

/// `struct xfrm_usersa_info` (224 bytes on 64-bit Linux): one SA as NEWSA, UPDSA, a GETSA reply, the body of
/// ALLOCSPI and EXPIRE, and the XFRMA_SA attribute of a DELSA notification.
public struct XFRMStateInfo: Hashable, Sendable {
    static let size = 224

    public var selector: XFRMSelector
    /// `id.daddr`.
    public var destination: IPAddress?
    /// `id.spi`, host order.
    public var spi: UInt32
    /// `id.proto`: IPPROTO_ESP 50, IPPROTO_AH 51, IPPROTO_COMP 108.
    public var ipProtocol: UInt8
    /// `saddr`.
    public var source: IPAddress?
    public var lifetime: XFRMLifetimeConfiguration
    public var current: XFRMLifetimeCurrent
    /// `stats`.
    public var statistics: XFRMStatistics
    /// `seq`: ties an SA to the ACQUIRE (and its larval state) with this sequence number.
    public var sequence: UInt32
    public var reqid: UInt32
    public var family: UInt16
    /// `XFRM_MODE_TRANSPORT` 0, `TUNNEL` 1, `BEET` 4.
    public var mode: UInt8
    public var replayWindow: UInt8
    /// `XFRM_STATE_*`.
    public var flags: UInt8

    public init(
        selector: XFRMSelector, destination: IPAddress?, spi: UInt32, ipProtocol: UInt8, source: IPAddress?,
        lifetime: XFRMLifetimeConfiguration = XFRMLifetimeConfiguration(), sequence: UInt32 = 0, reqid: UInt32 = 0,
        family: UInt16, mode: UInt8 = 0, replayWindow: UInt8 = 0, flags: UInt8 = 0
    ) {
        self.selector = selector
        self.destination = destination
        self.spi = spi
        self.ipProtocol = ipProtocol
        self.source = source
        self.lifetime = lifetime
        current = XFRMLifetimeCurrent()
        statistics = XFRMStatistics()
        self.sequence = sequence
        self.reqid = reqid
        self.family = family
        self.mode = mode
        self.replayWindow = replayWindow
        self.flags = flags
    }

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        selector = try XFRMSelector(parsing: &reader)
        var addresses = reader
        try reader.skip(XFRMAddress.size)
        spi = try reader.readUInt32BigEndian()
        ipProtocol = try reader.readUInt8()
        try reader.skip(3 + XFRMAddress.size)
        lifetime = try XFRMLifetimeConfiguration(parsing: &reader)
        current = try XFRMLifetimeCurrent(parsing: &reader)
        statistics = XFRMStatistics(
            replayWindow: try reader.readUInt32(), replay: try reader.readUInt32(),
            integrityFailed: try reader.readUInt32())
        sequence = try reader.readUInt32()
        reqid = try reader.readUInt32()
        family = try reader.readUInt16()
        mode = try reader.readUInt8()
        replayWindow = try reader.readUInt8()
        flags = try reader.readUInt8()
        try reader.skip(7)
        destination = try XFRMAddress.read(&addresses, family: family)
        try addresses.skip(8)
        source = try XFRMAddress.read(&addresses, family: family)
    }

    func write(into writer: inout WireWriter) {
        selector.write(into: &writer)
        XFRMAddress.write(destination, into: &writer)
        writer.writeBigEndian(spi)
        writer.write(ipProtocol)
        writer.writeZeros(3)
        XFRMAddress.write(source, into: &writer)
        lifetime.write(into: &writer)
        current.write(into: &writer)
        writer.write(statistics.replayWindow)
        writer.write(statistics.replay)
        writer.write(statistics.integrityFailed)
        writer.write(sequence)
        writer.write(reqid)
        writer.write(family)
        writer.write(mode)
        writer.write(replayWindow)
        writer.write(flags)
        writer.writeZeros(7)
    }
}

/// `struct xfrm_usersa_id` (24 bytes): names one SA for GETSA and DELSA (the source goes in XFRMA_SRCADDR).
public struct XFRMStateID: Hashable, Sendable {
    static let size = 24

    public var destination: IPAddress?
    public var spi: UInt32
    public var family: UInt16
    public var ipProtocol: UInt8

    public init(destination: IPAddress, spi: UInt32, ipProtocol: UInt8) {
        self.destination = destination
        self.spi = spi
        family = XFRMAddress.family(of: destination)
        self.ipProtocol = ipProtocol
    }

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        var address = reader
        try reader.skip(XFRMAddress.size)
        spi = try reader.readUInt32BigEndian()
        family = try reader.readUInt16()
        ipProtocol = try reader.readUInt8()
        try reader.skip(1)
        destination = try XFRMAddress.read(&address, family: family)
    }

    func write(into writer: inout WireWriter) {
        XFRMAddress.write(destination, into: &writer)
        writer.writeBigEndian(spi)
        writer.write(family)
        writer.write(ipProtocol)
        writer.writeZeros(1)
    }
}

/// `struct xfrm_stats` (12 bytes).
public struct XFRMStatistics: Hashable, Sendable {
    public var replayWindow: UInt32 = 0
    public var replay: UInt32 = 0
    public var integrityFailed: UInt32 = 0
}
