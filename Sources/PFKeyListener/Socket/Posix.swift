internal import Glibc

/// The only place the kernel-interface modules (PFKeyListener, XFRMNetlink) call into libc for I/O. Every call
/// retries `EINTR`; errno is read immediately after the call, before anything else can change it.
package enum Posix {
    /// A failed call and its errno.
    package struct Failure: Error {
        package let call: String
        package let errno: Int32
    }

    /// Runs `body` until it does not fail with EINTR. Returns the result, or nil for EAGAIN/EWOULDBLOCK.
    private static func retrying(_ call: String, _ body: () -> Int) throws(Failure) -> Int? {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw Failure(call: call, errno: code)
            }
        }
    }

    static func openPFKeySocket() throws(Failure) -> Int32 {
        let fd = try retrying("socket") {
            Int(Glibc.socket(PF_KEY, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 2 /* PF_KEY_V2 */))
        }
        guard let fd else { throw Failure(call: "socket", errno: EAGAIN) }
        return Int32(fd)
    }

    package static func setNonBlocking(_ fd: Int32) throws(Failure) {
        let flags = try retrying("fcntl(F_GETFL)") { Int(fcntl(fd, F_GETFL)) } ?? 0
        _ = try retrying("fcntl(F_SETFL)") { Int(fcntl(fd, F_SETFL, Int32(flags) | O_NONBLOCK)) }
    }

    /// Sets an integer socket option.
    package static func setSocketOption(_ fd: Int32, _ option: Int32, _ value: Int32) throws(Failure) {
        var value = value
        _ = try retrying("setsockopt") {
            Int(setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<Int32>.size)))
        }
    }

    package static func socketOption(_ fd: Int32, _ option: Int32) throws(Failure) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt") { Int(getsockopt(fd, SOL_SOCKET, option, &value, &length)) }
        return value
    }

    /// Sends one datagram; nil when the socket would block.
    package static func send(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) -> Int? {
        try retrying("send") { bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }
    }

    /// Receives one datagram into `buffer`; returns its full length (MSG_TRUNC) or nil when none is waiting.
    package static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int? {
        try retrying("recv") { recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC)) }
    }

    /// Waits for the descriptor to become readable; false on timeout.
    package static func waitReadable(_ fd: Int32, milliseconds: Int32) throws(Failure) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = try retrying("poll") { Int(poll(&entry, 1, milliseconds)) } ?? 0
        return ready > 0
    }

    package static func close(_ fd: Int32) {
        // close(2) must not be retried on EINTR on Linux: the descriptor is already released.
        _ = Glibc.close(fd)
    }

    package static func processID() -> UInt32 { UInt32(truncatingIfNeeded: getpid()) }

    /// Asks for `bytes` of receive (and, with `send`, send) buffer: SO_*BUFFORCE as root ignores
    /// net.core.rmem_max; without the privilege the capped option is used.
    package static func setBufferSizes(_ fd: Int32, bytes: Int32, send: Bool) throws(Failure) {
        var options = [(SO_RCVBUFFORCE, SO_RCVBUF)]
        if send { options.append((SO_SNDBUFFORCE, SO_SNDBUF)) }
        for (forced, plain) in options {
            do { try setSocketOption(fd, forced, bytes) } catch { try setSocketOption(fd, plain, bytes) }
        }
    }

    /// A poll(2) timeout: `timeout` in whole milliseconds, clamped to Int32.
    package static func milliseconds(_ timeout: Duration) -> Int32 {
        let (seconds, attoseconds) = timeout.components
        return Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    // MARK: - Netlink (XFRM)

    /// `socket(AF_NETLINK, SOCK_RAW, NETLINK_XFRM)`, non-blocking, bound to a port id the kernel chooses; returns
    /// the descriptor and that port id.
    package static func openXFRMNetlinkSocket() throws(Failure) -> (fd: Int32, portID: UInt32) {
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        guard let fd = try retrying("socket(AF_NETLINK)", { Int(Glibc.socket(AF_NETLINK, type, 6 /* NETLINK_XFRM */)) })
        else { throw Failure(call: "socket(AF_NETLINK)", errno: EAGAIN) }
        let descriptor = Int32(fd)
        // struct sockaddr_nl (netlink(7); Glibc does not export it): nl_family, nl_pad (u16 each), nl_pid and
        // nl_groups (u32 each), host byte order. nl_pid 0 lets the kernel assign one.
        var address = [UInt8](repeating: 0, count: 12)
        var length = socklen_t(address.count)
        let result: Result<Void, Failure> = address.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: sa_family_t(AF_NETLINK), toByteOffset: 0, as: sa_family_t.self)
            let socketAddress = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            do throws(Failure) {
                _ = try retrying("bind(AF_NETLINK)") { Int(bind(descriptor, socketAddress, socklen_t(raw.count))) }
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
    package static func joinNetlinkGroup(_ fd: Int32, _ group: UInt32) throws(Failure) {
        var value = group
        _ = try retrying("setsockopt(NETLINK_ADD_MEMBERSHIP)") {
            // SOL_NETLINK 270, NETLINK_ADD_MEMBERSHIP 1 (<linux/netlink.h>).
            Int(setsockopt(fd, 270, 1, &value, socklen_t(MemoryLayout<UInt32>.size)))
        }
    }

    /// Waits for any of `descriptors` to become readable; false on timeout.
    package static func waitReadable(_ descriptors: [Int32], milliseconds: Int32) throws(Failure) -> Bool {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = try retrying("poll") { Int(poll(&entries, nfds_t(entries.count), milliseconds)) } ?? 0
        return ready > 0
    }
}
