/// One decoded message from the XFRM netlink socket (a reply, a dump entry or a multicast event).
public enum XFRMMessage: Equatable, Sendable {
    /// NEWSA, UPDSA (notification or GETSA/ALLOCSPI reply).
    case state(XFRMMessageType, XFRMStateInfo, XFRMAttributes)
    /// A DELSA notification: the SA's id, with the whole SA in `attributes.state`.
    case stateDeleted(XFRMStateID, XFRMAttributes)
    /// NEWPOLICY, UPDPOLICY (notification or GETPOLICY reply / dump entry).
    case policy(XFRMMessageType, XFRMPolicyInfo, XFRMAttributes)
    /// A DELPOLICY notification: the policy's id, with the whole policy in `attributes.policy`.
    case policyDeleted(XFRMPolicyID, XFRMAttributes)
    case acquire(XFRMAcquireInfo, XFRMAttributes)
    case expire(XFRMExpireInfo, XFRMAttributes)
    case policyExpire(XFRMPolicyExpireInfo, XFRMAttributes)
    /// FLUSHSA: every SA of `ipProtocol` (255 = `IPSEC_PROTO_ANY`) was flushed.
    case flushedStates(ipProtocol: UInt8)
    case flushedPolicies
    /// NLMSG_ERROR: 0 acknowledges a request, otherwise a negated errno.
    case error(code: Int32, requestType: UInt16)
    /// NLMSG_DONE: the end of a dump.
    case done
    /// A type Raccoon does not use (NEWAE, REPORT, MAPPING, MIGRATE, …).
    case other(XFRMMessageType)

    /// Decodes one netlink message's payload by its type.
    public init(_ message: NetlinkMessage) throws(XFRMWireError) {
        let type = XFRMMessageType(rawValue: message.type)
        let payload = message.payload[...]
        switch type {
        case .newSA, .updateSA:
            let (info, attributes) = try XFRMStateInfo.parse(payload, of: type)
            self = .state(type, info, attributes)
        case .deleteSA:
            let (id, attributes) = try XFRMStateID.parse(payload, of: type)
            self = .stateDeleted(id, attributes)
        case .newPolicy, .updatePolicy:
            let (info, attributes) = try XFRMPolicyInfo.parse(payload, of: type)
            self = .policy(type, info, attributes)
        case .deletePolicy:
            let (id, attributes) = try XFRMPolicyID.parse(payload, of: type)
            self = .policyDeleted(id, attributes)
        case .acquire:
            let (info, attributes) = try XFRMAcquireInfo.parse(payload, of: type)
            self = .acquire(info, attributes)
        case .expire:
            let (info, attributes) = try XFRMExpireInfo.parse(payload, of: type)
            self = .expire(info, attributes)
        case .policyExpire:
            let (info, attributes) = try XFRMPolicyExpireInfo.parse(payload, of: type)
            self = .policyExpire(info, attributes)
        case .flushSA:
            guard let ipProtocol = payload.first else { throw .structureTruncated("\(type)", needed: 1, available: 0) }
            self = .flushedStates(ipProtocol: ipProtocol)
        case .flushPolicy:
            self = .flushedPolicies
        default:
            switch message.type {
            case NetlinkMessage.error:
                let reply = try message.errorReply()
                self = .error(code: reply.error, requestType: reply.requestType)
            case NetlinkMessage.done:
                self = .done
            default:
                self = .other(type)
            }
        }
    }
}
