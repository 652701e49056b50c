internal import Glibc

/// The kernel's key-management sockets: PF_KEY v2 (RFC 2367) and NETLINK_XFRM.
extension Posix {
    /// `socket(PF_KEY, SOCK_RAW, PF_KEY_V2)`.
    package static func openPFKeySocket() throws(SystemCallError) -> Int32 {
        let fd = try retrying("socket") {
            Int(Glibc.socket(PF_KEY, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 2 /* PF_KEY_V2 */))
        }
        guard let fd else { throw SystemCallError(call: "socket", errno: EAGAIN) }
        return Int32(fd)
    }

    /// `socket(AF_NETLINK, SOCK_RAW, NETLINK_XFRM)`, non-blocking, bound to a port id the kernel chooses; returns
    /// the descriptor and that port id.
    package static func openXFRMNetlinkSocket() throws(SystemCallError) -> (fd: Int32, portID: UInt32) {
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        guard let fd = try retrying("socket(AF_NETLINK)", { Int(Glibc.socket(AF_NETLINK, type, 6 /* NETLINK_XFRM */)) })
        else { throw SystemCallError(call: "socket(AF_NETLINK)", errno: EAGAIN) }
        let descriptor = Int32(fd)
        // struct sockaddr_nl (netlink(7); Glibc does not export it): nl_family, nl_pad (u16 each), nl_pid and
        // nl_groups (u32 each), host byte order. nl_pid 0 lets the kernel assign one.
        var address = [UInt8](repeating: 0, count: 12)
        var length = socklen_t(address.count)
        let result: Result<Void, SystemCallError> = address.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: sa_family_t(AF_NETLINK), toByteOffset: 0, as: sa_family_t.self)
            let socketAddress = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            do throws(SystemCallError) {
                _ = try retrying("bind(AF_NETLINK)") { Int(Glibc.bind(descriptor, socketAddress, socklen_t(raw.count))) }
                _ = try retrying("getsockname(AF_NETLINK)") { Int(getsockname(descriptor, socketAddress, &length)) }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if case .failure(let failure) = result {
            close(descriptor)
            throw failure
        }
        let portID = address.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self) }
        return (descriptor, portID)
    }

    /// `setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)`.
    package static func joinNetlinkGroup(_ fd: Int32, _ group: UInt32) throws(SystemCallError) {
        var value = group
        _ = try retrying("setsockopt(NETLINK_ADD_MEMBERSHIP)") {
            // SOL_NETLINK 270, NETLINK_ADD_MEMBERSHIP 1 (<linux/netlink.h>).
            Int(setsockopt(fd, 270, 1, &value, socklen_t(MemoryLayout<UInt32>.size)))
        }
    }

}
