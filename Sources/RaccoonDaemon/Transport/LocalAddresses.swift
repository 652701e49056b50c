internal import PosixBasement
public import RaccoonCore
internal import Glibc

/// The host's own addresses, read with `getifaddrs` (racoon's `myaddr_sync` without a `listen` section).
public enum LocalAddresses {
    /// Every address of every interface that is up, IPv4 and IPv6, without duplicates, in interface order.
    ///
    /// IPv6 link-local addresses (fe80::/10) are skipped: binding them needs an interface scope that the
    /// engine's `IPAddress` does not carry, and IKE peers are not reached over link-local addresses.
    public static func current() throws(SystemCallError) -> [IPAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        try Posix.call("getifaddrs") { Int(getifaddrs(&list)) }
        defer { freeifaddrs(list) }
        var result: [IPAddress] = []
        var cursor = list
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard entry.pointee.ifa_flags & UInt32(IFF_UP) != 0, let address = entry.pointee.ifa_addr else {
                continue
            }
            let ip: IPAddress?
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { IPAddress(bytes: $0) }
                }
            case AF_INET6:
                ip = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(bytes: $0) }
                }
            default:
                ip = nil
            }
            guard let ip, !isLinkLocal(ip), !result.contains(ip) else { continue }
            result.append(ip)
        }
        return result
    }

    /// The address the kernel would send from to reach `destination` (racoonctl's `getlocaladdr` for
    /// `vpn-connect`): a UDP socket is connected, which sends nothing, and asked its name.
    ///
    /// Linux's UDP connect(2) looks up the route through XFRM too (ip_route_connect → xfrm_lookup_route): an
    /// IPsec policy covering the peer would make the kernel check the daemon's own flow against it (under SELinux,
    /// an `association:polmatch` of racoon_t on the policy's context, denied by the reference policy) and send an
    /// ACQUIRE for a flow that never carries data. The socket gets IKE's bypass policy first, as the IKE sockets
    /// have. Without the privilege for it (CAP_NET_ADMIN) the connect still finds the address, and the result says
    /// why the policy was refused.
    public static func source(toward destination: IPAddress) throws(SystemCallError) -> SourceAddressProbe {
        let family = destination.isIPv4 ? AF_INET : AF_INET6
        let fd = Int32(
            try Posix.call("socket") { Int(socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)) })
        defer { Posix.close(fd) }
        var bypassRefused: SystemCallError?
        do {
            try IPsecBypassPolicy.install(on: fd, family: family)
        } catch {
            bypassRefused = error
        }
        _ = try SocketAddress.withSockAddr(Endpoint(address: destination, port: 500)) { address, length throws(SystemCallError) in
            try Posix.call("connect(\(destination))") { Int(connect(fd, address, length)) }
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemCallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemCallError) in
                try Posix.call("getsockname") { Int(getsockname(fd, address, &length)) }
            }
        }
        guard let local = SocketAddress.endpoint(storage, length: length) else {
            throw SystemCallError(call: "getsockname", errno: EAFNOSUPPORT)
        }
        return SourceAddressProbe(address: local.address, bypassRefused: bypassRefused)
    }

    /// Whether `address` is IPv6 link-local (fe80::/10).
    static func isLinkLocal(_ address: IPAddress) -> Bool {
        guard case .v6(let bytes) = address, bytes.count == 16 else { return false }
        return bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80
    }
}
