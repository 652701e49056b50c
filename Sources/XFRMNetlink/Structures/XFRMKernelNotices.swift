public import PFKeyListener

/// `struct xfrm_user_acquire` (280 bytes): the kernel asks for SAs for a flow (multicast XFRMNLGRP_ACQUIRE).
public struct XFRMAcquireInfo: Hashable, Sendable {
    static let size = 280

    /// `id.daddr` and `id.proto` of the SA wanted.
    public var destination: IPAddress?
    public var ipProtocol: UInt8
    public var source: IPAddress?
    public var selector: XFRMSelector
    /// The outbound policy that matched.
    public var policy: XFRMPolicyInfo
    /// The sequence number to put in ALLOCSPI / NEWSA (it names the larval state).
    public var sequence: UInt32

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        var idReader = reader
        try reader.skip(XFRMStateID.size)
        var sourceReader = reader
        try reader.skip(XFRMAddress.size)
        selector = try XFRMSelector(parsing: &reader)
        policy = try XFRMPolicyInfo(parsing: &reader)
        try reader.skip(12)  // aalgos, ealgos, calgos
        sequence = try reader.readUInt32()
        // The SA family is the template's; the selector's family is the nearest thing the structure holds.
        let family = policy.selector.family != 0 ? policy.selector.family : selector.family
        destination = try XFRMAddress.read(&idReader, family: family)
        try idReader.skip(4)
        ipProtocol = try idReader.readUInt8()
        source = try XFRMAddress.read(&sourceReader, family: family)
    }
}

/// `struct xfrm_user_expire` (232 bytes): an SA reached its soft (`hard` = 0) or hard lifetime.
public struct XFRMExpireInfo: Hashable, Sendable {
    static let size = 232

    public var state: XFRMStateInfo
    public var isHard: Bool

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        state = try XFRMStateInfo(parsing: &reader)
        isHard = try readHardFlag(&reader)
    }
}

/// `struct xfrm_user_polexpire` (176 bytes): a policy reached its soft or hard lifetime.
public struct XFRMPolicyExpireInfo: Hashable, Sendable {
    static let size = 176

    public var policy: XFRMPolicyInfo
    public var isHard: Bool

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        policy = try XFRMPolicyInfo(parsing: &reader)
        isHard = try readHardFlag(&reader)
    }
}

/// `__u8 hard` closing `xfrm_user_expire` and `xfrm_user_polexpire`: nonzero for the hard lifetime, then the
/// structure's padding to 8 bytes.
private func readHardFlag(_ reader: inout WireReader) throws(XFRMWireError) -> Bool {
    let hard = try reader.readUInt8() != 0
    try reader.skip(7)
    return hard
}
