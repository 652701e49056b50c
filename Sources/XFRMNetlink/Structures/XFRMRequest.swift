public import PFKeyListener

/// The requests Raccoon sends over XFRM netlink, each a message type, flags and an encoded payload. Payloads
/// that carry keys must be zeroed after sending (`XFRMSocket` does).
public struct XFRMRequest: Equatable, Sendable {
    public var type: XFRMMessageType
    public var flags: UInt16
    public var payload: [UInt8]

    /// Every request asks for an acknowledgement, so that success is as visible as failure.
    static let requestFlags = NetlinkMessage.Flag.request | NetlinkMessage.Flag.acknowledge

    init(
        type: XFRMMessageType, flags: UInt16 = requestFlags, body: (inout WireWriter) -> Void,
        attributes: XFRMAttributes? = nil
    ) {
        self.type = type
        self.flags = flags
        var writer = WireWriter()
        body(&writer)
        writer.align(to: 4)
        for attribute in attributes?.encoded() ?? [] { attribute.write(into: &writer) }
        payload = writer.bytes
    }

    /// The netlink message for `sequence`.
    public func message(sequence: UInt32, portID: UInt32) -> NetlinkMessage {
        NetlinkMessage(type: type.rawValue, flags: flags, sequence: sequence, portID: portID, payload: payload)
    }

    /// XFRM_MSG_NEWSA (`update` false) or XFRM_MSG_UPDSA.
    public static func installState(_ info: XFRMStateInfo, attributes: XFRMAttributes, update: Bool) -> XFRMRequest {
        XFRMRequest(type: update ? .updateSA : .newSA, body: { info.write(into: &$0) }, attributes: attributes)
    }

    /// XFRM_MSG_ALLOCSPI: reserve an SPI in `minimum...maximum` for a larval SA (`struct xfrm_userspi_info`).
    public static func allocateSPI(_ info: XFRMStateInfo, minimum: UInt32, maximum: UInt32) -> XFRMRequest {
        // The reply is the larval SA (XFRM_MSG_NEWSA), not an acknowledgement.
        XFRMRequest(type: .allocateSPI, flags: NetlinkMessage.Flag.request) {
            info.write(into: &$0)
            $0.write(minimum)
            $0.write(maximum)
        }
    }

    /// XFRM_MSG_DELSA of one SA.
    public static func deleteState(_ id: XFRMStateID, source: IPAddress) -> XFRMRequest {
        var attributes = XFRMAttributes()
        attributes.sourceAddress = source
        return XFRMRequest(type: .deleteSA, body: { id.write(into: &$0) }, attributes: attributes)
    }

    /// XFRM_MSG_GETSA of one SA (the reply is the SA).
    public static func getState(_ id: XFRMStateID, source: IPAddress) -> XFRMRequest {
        var attributes = XFRMAttributes()
        attributes.sourceAddress = source
        return XFRMRequest(
            type: .getSA, flags: NetlinkMessage.Flag.request, body: { id.write(into: &$0) }, attributes: attributes)
    }

    /// XFRM_MSG_GETSA with NLM_F_DUMP: every SA, then NLMSG_DONE.
    public static let dumpStates = XFRMRequest(
        type: .getSA, flags: NetlinkMessage.Flag.request | NetlinkMessage.Flag.dump, body: { _ in })

    /// XFRM_MSG_FLUSHSA of `ipProtocol` (255 = every IPsec protocol).
    public static func flushStates(ipProtocol: UInt8) -> XFRMRequest {
        XFRMRequest(type: .flushSA) { $0.write(ipProtocol) }
    }

    /// XFRM_MSG_NEWPOLICY (`update` false) or XFRM_MSG_UPDPOLICY.
    public static func installPolicy(_ info: XFRMPolicyInfo, attributes: XFRMAttributes, update: Bool) -> XFRMRequest {
        XFRMRequest(type: update ? .updatePolicy : .newPolicy, body: { info.write(into: &$0) }, attributes: attributes)
    }

    /// XFRM_MSG_DELPOLICY by index, or (index 0) by selector, direction and context.
    public static func deletePolicy(_ id: XFRMPolicyID, securityContext: SADBSecurityContext?) -> XFRMRequest {
        var attributes = XFRMAttributes()
        attributes.securityContext = securityContext
        return XFRMRequest(type: .deletePolicy, body: { id.write(into: &$0) }, attributes: attributes)
    }

    /// XFRM_MSG_GETPOLICY by index (the reply is the policy).
    public static func getPolicy(_ id: XFRMPolicyID) -> XFRMRequest {
        XFRMRequest(type: .getPolicy, flags: NetlinkMessage.Flag.request, body: { id.write(into: &$0) })
    }

    /// XFRM_MSG_GETPOLICY with NLM_F_DUMP: every policy (not the per-socket ones), then NLMSG_DONE.
    public static let dumpPolicies = XFRMRequest(
        type: .getPolicy, flags: NetlinkMessage.Flag.request | NetlinkMessage.Flag.dump, body: { _ in })

    /// XFRM_MSG_FLUSHPOLICY of the main policy type.
    public static let flushPolicies = XFRMRequest(type: .flushPolicy, body: { _ in })
}
