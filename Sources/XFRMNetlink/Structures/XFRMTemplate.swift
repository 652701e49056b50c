public import PFKeyListener

/// `struct xfrm_user_tmpl` (64 bytes): one element of a policy's XFRMA_TMPL array (PF_KEY's ipsecrequest).
public struct XFRMTemplate: Hashable, Sendable {
    static let size = 64

    /// `id.daddr`: the tunnel's remote end (unset in transport mode).
    public var destination: IPAddress?
    public var spi: UInt32
    public var ipProtocol: UInt8
    public var family: UInt16
    /// The tunnel's local end.
    public var source: IPAddress?
    public var reqid: UInt32
    public var mode: UInt8
    public var share: UInt8
    /// 1 for PF_KEY's level `use`.
    public var optional: UInt8
    public var authenticationAlgorithms: UInt32
    public var encryptionAlgorithms: UInt32
    public var compressionAlgorithms: UInt32

    public init(
        ipProtocol: UInt8, family: UInt16, source: IPAddress?, destination: IPAddress?, reqid: UInt32,
        mode: UInt8, optional: Bool
    ) {
        self.destination = destination
        spi = 0
        self.ipProtocol = ipProtocol
        self.family = family
        self.source = source
        self.reqid = reqid
        self.mode = mode
        share = 0
        self.optional = optional ? 1 : 0
        // af_key: "No way to set this via kame pfkey": every algorithm is allowed.
        authenticationAlgorithms = .max
        encryptionAlgorithms = .max
        compressionAlgorithms = .max
    }

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        var addresses = reader
        try reader.skip(XFRMAddress.size)
        spi = try reader.readUInt32BigEndian()
        ipProtocol = try reader.readUInt8()
        try reader.skip(3)
        family = try reader.readUInt16()
        try reader.skip(2)
        var sourceReader = reader
        try reader.skip(XFRMAddress.size)
        reqid = try reader.readUInt32()
        mode = try reader.readUInt8()
        share = try reader.readUInt8()
        optional = try reader.readUInt8()
        try reader.skip(1)
        authenticationAlgorithms = try reader.readUInt32()
        encryptionAlgorithms = try reader.readUInt32()
        compressionAlgorithms = try reader.readUInt32()
        // Transport-mode templates carry zero addresses, read as none.
        destination = try XFRMAddress.read(&addresses, family: family)
        source = try XFRMAddress.read(&sourceReader, family: family)
    }

    func write(into writer: inout WireWriter) {
        XFRMAddress.write(destination, into: &writer)
        writer.writeBigEndian(spi)
        writer.write(ipProtocol)
        writer.writeZeros(3)
        writer.write(family)
        writer.writeZeros(2)
        XFRMAddress.write(source, into: &writer)
        writer.write(reqid)
        writer.write(mode)
        writer.write(share)
        writer.write(optional)
        writer.writeZeros(1)
        writer.write(authenticationAlgorithms)
        writer.write(encryptionAlgorithms)
        writer.write(compressionAlgorithms)
    }

    /// Decodes an XFRMA_TMPL payload: a whole number of templates.
    static func parseList(_ payload: [UInt8]) throws(XFRMWireError) -> [XFRMTemplate] {
        guard payload.count % size == 0 else {
            throw .attributeTooShort(.templates, length: payload.count, needed: (payload.count / size + 1) * size)
        }
        var reader = WireReader(payload[...], structure: "xfrm_user_tmpl")
        var templates: [XFRMTemplate] = []
        while reader.remaining > 0 { templates.append(try XFRMTemplate(parsing: &reader)) }
        return templates
    }
}
