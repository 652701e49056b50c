internal import RaccoonCore
internal import PosixBasement
internal import XFRMNetlink
internal import Glibc

/// The per-socket IPsec policy that exempts IKE's own datagrams from the SPD (racoon's `setsockopt_bypass`).
///
/// Without it a host-to-host `spdadd A B any -P out ipsec …` policy would capture the IKE packets that are
/// needed to create the very SAs it requires. The bytes are a Linux `struct sadb_x_policy` (16 bytes, packed,
/// host byte order) handed to `setsockopt(IP_IPSEC_POLICY / IPV6_IPSEC_POLICY)`; the kernel's PF_KEY key manager
/// (`af_key`) compiles it into a socket policy. Without af_key, UDPSocket gives XFRM's form of the same policy
/// to IP_XFRM_POLICY (`XFRMPolicyInfo.socketBypass`).
enum IPsecBypassPolicy {
    /// `<linux/in.h>` IP_IPSEC_POLICY.
    static let ipOption: Int32 = 16
    /// `<linux/in6.h>` IPV6_IPSEC_POLICY.
    static let ipv6Option: Int32 = 34
    /// `<linux/in.h>` IP_XFRM_POLICY: the same policy as XFRM's `struct xfrm_userpolicy_info`.
    static let ipXFRMOption: Int32 = 17
    /// `<linux/in6.h>` IPV6_XFRM_POLICY.
    static let ipv6XFRMOption: Int32 = 35
    /// `<linux/pfkeyv2.h>` SADB_X_EXT_POLICY.
    static let extensionType: UInt16 = 18
    /// `<linux/ipsec.h>` IPSEC_POLICY_BYPASS.
    static let bypass: UInt16 = 4

    /// The two directions a socket policy exists for (`<linux/ipsec.h>` IPSEC_DIR_INBOUND 1, OUTBOUND 2).
    enum Direction: UInt8, CaseIterable, CustomStringConvertible {
        case inbound = 1
        case outbound = 2

        var description: String { self == .inbound ? "in" : "out" }
    }

    /// Puts the bypass policy, both directions, on the socket `fd` of `family` (AF_INET or AF_INET6): PF_KEY's
    /// struct sadb_x_policy (IP_IPSEC_POLICY, compiled by af_key), else XFRM's struct xfrm_userpolicy_info
    /// (IP_XFRM_POLICY, compiled by xfrm_user) on a kernel without af_key. Needs CAP_NET_ADMIN.
    static func install(on fd: Int32, family: Int32) throws(SystemCallError) {
        let level = family == AF_INET ? Int32(IPPROTO_IP) : Int32(IPPROTO_IPV6)
        let option = family == AF_INET ? ipOption : ipv6Option
        let name = family == AF_INET ? "IP_IPSEC_POLICY" : "IPV6_IPSEC_POLICY"
        for direction in Direction.allCases {
            do {
                try Posix.setOption(fd, level: level, option, bytes: bytes(direction), name: "\(name) \(direction)")
            } catch where error.errno == EINVAL || error.errno == EOPNOTSUPP {
                try Posix.setOption(
                    fd, level: level, family == AF_INET ? ipXFRMOption : ipv6XFRMOption,
                    bytes: XFRMPolicyInfo.socketBypass(inbound: direction == .inbound, ipv6: family != AF_INET),
                    name: "\(family == AF_INET ? "IP_XFRM_POLICY" : "IPV6_XFRM_POLICY") \(direction)")
            }
        }
    }

    /// The encoded `sadb_x_policy` for `direction`.
    static func bytes(_ direction: Direction) -> [UInt8] {
        var bytes: [UInt8] = []
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
        }
        append(UInt16(2))  // sadb_x_policy_len, in 8-byte units (RFC 2367 §2.2)
        append(extensionType)  // sadb_x_policy_exttype
        append(bypass)  // sadb_x_policy_type
        append(direction.rawValue)  // sadb_x_policy_dir
        append(UInt8(0))  // sadb_x_policy_reserved
        append(UInt32(0))  // sadb_x_policy_id
        append(UInt32(0))  // sadb_x_policy_priority
        return bytes
    }
}
