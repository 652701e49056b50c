public import PFKeyListener

/// `nlmsg_type` of an XFRM message (`<linux/xfrm.h>`, `XFRM_MSG_*`). Unknown codes stay data.
public struct XFRMMessageType: NamedWireCode {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let newSA = Self(rawValue: 0x10)
    public static let deleteSA = Self(rawValue: 0x11)
    public static let getSA = Self(rawValue: 0x12)
    public static let newPolicy = Self(rawValue: 0x13)
    public static let deletePolicy = Self(rawValue: 0x14)
    public static let getPolicy = Self(rawValue: 0x15)
    public static let allocateSPI = Self(rawValue: 0x16)
    public static let acquire = Self(rawValue: 0x17)
    public static let expire = Self(rawValue: 0x18)
    public static let updatePolicy = Self(rawValue: 0x19)
    public static let updateSA = Self(rawValue: 0x1a)
    public static let policyExpire = Self(rawValue: 0x1b)
    public static let flushSA = Self(rawValue: 0x1c)
    public static let flushPolicy = Self(rawValue: 0x1d)

    public static let names: [UInt16: String] = [
        0x10: "XFRM_MSG_NEWSA", 0x11: "XFRM_MSG_DELSA", 0x12: "XFRM_MSG_GETSA", 0x13: "XFRM_MSG_NEWPOLICY",
        0x14: "XFRM_MSG_DELPOLICY", 0x15: "XFRM_MSG_GETPOLICY", 0x16: "XFRM_MSG_ALLOCSPI", 0x17: "XFRM_MSG_ACQUIRE",
        0x18: "XFRM_MSG_EXPIRE", 0x19: "XFRM_MSG_UPDPOLICY", 0x1a: "XFRM_MSG_UPDSA", 0x1b: "XFRM_MSG_POLEXPIRE",
        0x1c: "XFRM_MSG_FLUSHSA", 0x1d: "XFRM_MSG_FLUSHPOLICY", 0x1e: "XFRM_MSG_NEWAE", 0x1f: "XFRM_MSG_GETAE",
        0x20: "XFRM_MSG_REPORT", 0x21: "XFRM_MSG_MIGRATE", 0x26: "XFRM_MSG_MAPPING",
        NetlinkMessage.error: "NLMSG_ERROR", NetlinkMessage.done: "NLMSG_DONE",
    ]

    public static let unknownCodeLabel = "netlink message type"
}

/// The XFRM multicast groups (`enum xfrm_nlgroups`) the daemon joins.
public enum XFRMMulticastGroup: UInt32, CaseIterable, Sendable {
    case acquire = 1
    case expire = 2
    case sa = 3
    case policy = 4
}
