internal import PosixBasement
public import RaccoonCore
internal import Glibc

/// A NETLINK_ROUTE socket subscribed to the IPv4 and IPv6 interface-address groups (racoon's `kernel_sync`
/// rtnetlink socket): it becomes readable when an address is added or removed, so the daemon can open or close
/// its IKE sockets without a restart. Not used with a `listen` section or `strict_address`.
public final class AddressChangeSocket {
    /// `RTMGRP_IPV4_IFADDR` and `RTMGRP_IPV6_IFADDR`, `<linux/rtnetlink.h>`.
    static let groups: UInt32 = 0x10 | 0x100

    /// The descriptor, for the loop's read source.
    public let fileDescriptor: Int32
    private var isOpen = true

    /// Opens and binds the socket (non-blocking, close-on-exec).
    public init() throws(SystemCallError) {
        let fd = Int32(try Posix.call("socket(AF_NETLINK, NETLINK_ROUTE)") {
            Int(socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0))
        })
        // struct sockaddr_nl (netlink(7); Glibc does not export it): nl_family, nl_pad (u16 each), nl_pid and
        // nl_groups (u32 each), host byte order. nl_pid 0 lets the kernel assign one.
        var address = [UInt8](repeating: 0, count: 12)
        address.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: sa_family_t(AF_NETLINK), toByteOffset: 0, as: sa_family_t.self)
            raw.storeBytes(of: Self.groups, toByteOffset: 8, as: UInt32.self)
        }
        let bound = address.withUnsafeBytes { raw in
            bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if bound != 0 {
            let code = errno
            Posix.close(fd)
            throw SystemCallError(call: "bind(NETLINK_ROUTE)", errno: code)
        }
        fileDescriptor = fd
    }

    /// Reads every waiting notification; true if any reports an address change. A lost notification (ENOBUFS:
    /// the kernel dropped some) counts as a change, since the daemon then lists every address again.
    public func drainChanges() throws(SystemCallError) -> Bool {
        var changed = false
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                switch errno {
                case EAGAIN, EWOULDBLOCK: return changed
                case EINTR: continue
                case ENOBUFS: changed = true
                default: throw SystemCallError(call: "recv(NETLINK_ROUTE)", errno: errno)
                }
                continue
            }
            if count == 0 { return changed }
            if AddressNotification.reportsChange(Array(buffer[0..<count])) { changed = true }
        }
    }

    /// Closes the descriptor (once).
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Posix.close(fileDescriptor)
    }

    deinit { close() }
}
