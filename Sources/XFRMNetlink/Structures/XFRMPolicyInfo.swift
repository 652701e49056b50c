/// `struct xfrm_userpolicy_info` (168 bytes): one policy as NEWPOLICY, UPDPOLICY, a GETPOLICY reply, inside an
/// ACQUIRE and a POLEXPIRE, and as the XFRMA_POLICY attribute of a DELPOLICY notification.
public struct XFRMPolicyInfo: Hashable, Sendable {
    static let size = 168

    /// `XFRM_POLICY_IN` 0, `OUT` 1, `FWD` 2 (socket policies add `XFRM_POLICY_MAX`, 3).
    public enum Direction {
        public static let inbound: UInt8 = 0
        public static let outbound: UInt8 = 1
        public static let forward: UInt8 = 2
    }

    /// `XFRM_POLICY_ALLOW` 0, `XFRM_POLICY_BLOCK` 1.
    public enum Action {
        public static let allow: UInt8 = 0
        public static let block: UInt8 = 1
    }

    public var selector: XFRMSelector
    public var lifetime: XFRMLifetimeConfiguration
    public var current: XFRMLifetimeCurrent
    public var priority: UInt32
    /// The kernel's policy index (PF_KEY's policy id; `index % 8` encodes the direction).
    public var index: UInt32
    public var direction: UInt8
    public var action: UInt8
    /// `XFRM_POLICY_LOCALOK` 1, `XFRM_POLICY_ICMP` 2.
    public var flags: UInt8
    public var share: UInt8

    public init(
        selector: XFRMSelector, lifetime: XFRMLifetimeConfiguration = XFRMLifetimeConfiguration(),
        priority: UInt32, index: UInt32 = 0, direction: UInt8, action: UInt8, flags: UInt8 = 0
    ) {
        self.selector = selector
        self.lifetime = lifetime
        current = XFRMLifetimeCurrent()
        self.priority = priority
        self.index = index
        self.direction = direction
        self.action = action
        self.flags = flags
        share = 0
    }

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        selector = try XFRMSelector(parsing: &reader)
        lifetime = try XFRMLifetimeConfiguration(parsing: &reader)
        current = try XFRMLifetimeCurrent(parsing: &reader)
        priority = try reader.readUInt32()
        index = try reader.readUInt32()
        direction = try reader.readUInt8()
        action = try reader.readUInt8()
        flags = try reader.readUInt8()
        share = try reader.readUInt8()
        try reader.skip(4)
    }

    func write(into writer: inout WireWriter) {
        selector.write(into: &writer)
        lifetime.write(into: &writer)
        current.write(into: &writer)
        writer.write(priority)
        writer.write(index)
        writer.write(direction)
        writer.write(action)
        writer.write(flags)
        writer.write(share)
        writer.writeZeros(4)
    }
}

/// `struct xfrm_userpolicy_id` (64 bytes): names a policy for GETPOLICY and DELPOLICY, by index or (index 0)
/// by selector, direction and security context.
public struct XFRMPolicyID: Hashable, Sendable {
    static let size = 64

    public var selector: XFRMSelector
    public var index: UInt32
    public var direction: UInt8

    public init(selector: XFRMSelector, index: UInt32, direction: UInt8) {
        self.selector = selector
        self.index = index
        self.direction = direction
    }

    init(parsing reader: inout WireReader) throws(XFRMWireError) {
        try reader.require(Self.size)
        selector = try XFRMSelector(parsing: &reader)
        index = try reader.readUInt32()
        direction = try reader.readUInt8()
        try reader.skip(3)
    }

    func write(into writer: inout WireWriter) {
        selector.write(into: &writer)
        writer.write(index)
        writer.write(direction)
        writer.writeZeros(3)
    }
}

extension XFRMPolicyInfo {
    /// The bytes of a per-socket bypass policy for `setsockopt(IP_XFRM_POLICY / IPV6_XFRM_POLICY)`: allow, no
    /// templates, a selector with only the family set (xfrm_compile_policy requires it). `inbound` picks
    /// XFRM_POLICY_IN, else XFRM_POLICY_OUT.
    public static func socketBypass(inbound: Bool, ipv6: Bool) -> [UInt8] {
        let info = XFRMPolicyInfo(
            selector: .wildcard(family: ipv6 ? XFRMAddress.inet6 : XFRMAddress.inet), priority: 0,
            direction: inbound ? Direction.inbound : Direction.outbound, action: Action.allow)
        var writer = WireWriter(reservingCapacity: size)
        info.write(into: &writer)
        return writer.bytes
    }
}
