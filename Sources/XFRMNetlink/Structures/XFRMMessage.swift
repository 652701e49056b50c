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
        func fixed(_ size: Int) throws(XFRMWireError) -> (WireReader, ArraySlice<UInt8>) {
            guard payload.count >= size else {
                throw .structureTruncated("\(type)", needed: size, available: payload.count)
            }
            let attributesStart = payload.startIndex + min(align4(size), payload.count)
            return (WireReader(payload, structure: "\(type)"), payload[attributesStart...])
        }
        switch type {
        case .newSA, .updateSA:
            var (reader, rest) = try fixed(XFRMStateInfo.size)
            let info = try XFRMStateInfo(parsing: &reader)
            self = .state(type, info, try XFRMAttributes(parsing: rest, family: info.family))
        case .deleteSA:
            var (reader, rest) = try fixed(XFRMStateID.size)
            let id = try XFRMStateID(parsing: &reader)
            self = .stateDeleted(id, try XFRMAttributes(parsing: rest, family: id.family))
        case .newPolicy, .updatePolicy:
            var (reader, rest) = try fixed(XFRMPolicyInfo.size)
            let info = try XFRMPolicyInfo(parsing: &reader)
            self = .policy(type, info, try XFRMAttributes(parsing: rest, family: info.selector.family))
        case .deletePolicy:
            var (reader, rest) = try fixed(XFRMPolicyID.size)
            let id = try XFRMPolicyID(parsing: &reader)
            self = .policyDeleted(id, try XFRMAttributes(parsing: rest, family: id.selector.family))
        case .acquire:
            var (reader, rest) = try fixed(XFRMAcquireInfo.size)
            let info = try XFRMAcquireInfo(parsing: &reader)
            self = .acquire(info, try XFRMAttributes(parsing: rest, family: info.policy.selector.family))
        case .expire:
            var (reader, rest) = try fixed(XFRMExpireInfo.size)
            let info = try XFRMExpireInfo(parsing: &reader)
            self = .expire(info, try XFRMAttributes(parsing: rest, family: info.state.family))
        case .policyExpire:
            var (reader, rest) = try fixed(XFRMPolicyExpireInfo.size)
            let info = try XFRMPolicyExpireInfo(parsing: &reader)
            self = .policyExpire(info, try XFRMAttributes(parsing: rest, family: info.policy.selector.family))
        case .flushSA:
            var (reader, _) = try fixed(1)
            self = .flushedStates(ipProtocol: try reader.readUInt8())
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
