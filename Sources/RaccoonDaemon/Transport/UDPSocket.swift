internal import PosixBasement
public import RaccoonCore
internal import Glibc

/// One non-blocking UDP socket bound to one local address, as racoon opens one per address.
///
/// Binding each address separately is what makes replies leave from the address the peer contacted: the kernel
/// picks a bound socket's own address as the source, so no `IP_PKTINFO` control messages (and no C shim for the
/// `CMSG_*` macros) are needed. Each socket carries an inbound and an outbound IPsec bypass policy.
public final class UDPSocket {
    /// The bound endpoint (with the real port when 0 was asked for).
    public let local: Endpoint
    /// The descriptor, for the loop's read source. Valid until `close()`.
    public let fileDescriptor: Int32
    private var isOpen = true
    private let buffer: UnsafeMutableRawBufferPointer

    /// The largest datagram read (the UDP maximum).
    static let maximumDatagramSize = 65535

    /// The receive buffer asked for: a burst of first messages (a flood, or every peer after a gateway reboot)
    /// must not overflow the socket between two reads of the loop, or a real peer's message is lost with them and
    /// waits for a retransmission (10 s). The kernel's default (`net.core.rmem_default`, about 200 KiB) holds a few
    /// hundred small datagrams.
    static let receiveBufferBytes = 4 << 20

    /// Opens and binds a socket on `endpoint`. With `bypassPolicy`, installs the per-socket IPsec bypass
    /// policies (through af_key or xfrm_user); a failure there closes the socket and throws.
    public init(binding endpoint: Endpoint, bypassPolicy: Bool = true) throws(SocketOpenError) {
        let family = endpoint.address.isIPv4 ? AF_INET : AF_INET6
        let fd: Int32
        do {
            fd = Int32(
                try Posix.call("socket") {
                    Int(socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_UDP)))
                })
        } catch {
            throw SocketOpenError(endpoint: endpoint, stage: .create, failure: error)
        }
        var stage = SocketOpenError.Stage.bind
        do {
            try Posix.setNonBlocking(fd)
            // As root, SO_RCVBUFFORCE passes `net.core.rmem_max`; otherwise SO_RCVBUF gets what that allows. A
            // refusal of either only leaves the default.
            if (try? Posix.setOption(
                fd, level: SOL_SOCKET, SO_RCVBUFFORCE, Int32(Self.receiveBufferBytes), name: "SO_RCVBUFFORCE")) == nil
            {
                _ = try? Posix.setOption(fd, level: SOL_SOCKET, SO_RCVBUF, Int32(Self.receiveBufferBytes), name: "SO_RCVBUF")
            }
            if family == AF_INET6 {
                // An IPv6 socket must not also take IPv4 traffic: each IPv4 address has its own socket.
                try Posix.setOption(fd, level: Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1, name: "IPV6_V6ONLY")
            }
            _ = try SocketAddress.withSockAddr(endpoint) { address, length throws(SystemCallError) in
                try Posix.call("bind") { Int(bind(fd, address, length)) }
            }
            if bypassPolicy {
                stage = .bypassPolicy
                try IPsecBypassPolicy.install(on: fd, family: family)
            }
            stage = .bind
            local = try Self.boundEndpoint(fd) ?? endpoint
        } catch {
            Posix.close(fd)
            throw SocketOpenError(endpoint: endpoint, stage: stage, failure: error)
        }
        fileDescriptor = fd
        buffer = .allocate(byteCount: Self.maximumDatagramSize, alignment: 8)
    }

    deinit {
        close()
        buffer.deallocate()
    }

    /// Closes the socket (cancel its read source first). Idempotent.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Posix.close(fileDescriptor)
    }

    /// Whether the socket is still open.
    public var isClosed: Bool { !isOpen }

    /// Reads one datagram, or nil when none is waiting. A datagram longer than 65535 bytes cannot exist on UDP;
    /// a sender address of an unknown family is skipped (the next datagram is read instead).
    public func receive() throws(SystemCallError) -> Datagram? {
        guard isOpen else { throw SystemCallError(call: "recvfrom", errno: EBADF) }
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemCallError) -> Int? in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemCallError) in
                    try Posix.retrying("recvfrom") {
                        recvfrom(fileDescriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT), address, &length)
                    }
                }
            }
            guard let count else { return nil }
            guard let remote = SocketAddress.endpoint(storage, length: length) else { continue }
            let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[0..<min(count, buffer.count)]))
            return Datagram(local: local, remote: remote, bytes: bytes)
        }
    }

    /// Sends `datagram` to its remote endpoint. False when the socket buffer is full (the datagram is dropped, as
    /// UDP would; the engine's retransmission covers it).
    @discardableResult
    public func send(_ datagram: Datagram) throws(SystemCallError) -> Bool {
        guard isOpen else { throw SystemCallError(call: "sendto", errno: EBADF) }
        let sent = try SocketAddress.withSockAddr(datagram.remote) { address, length throws(SystemCallError) -> Int? in
            // Array.withUnsafeBytes only rethrows untyped errors, so the result travels out as a Result.
            let result = datagram.bytes.withUnsafeBytes { bytes in
                Result { () throws(SystemCallError) -> Int? in
                    try Posix.retrying("sendto") {
                        sendto(fileDescriptor, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT), address, length)
                    }
                }
            }
            return try result.get()
        }
        return sent != nil
    }

    private static func boundEndpoint(_ fd: Int32) throws(SystemCallError) -> Endpoint? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemCallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemCallError) in
                try Posix.call("getsockname") { Int(getsockname(fd, address, &length)) }
            }
        }
        return SocketAddress.endpoint(storage, length: length)
    }
}

/// Why an IKE socket could not be opened.
public struct SocketOpenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The step that failed.
    public enum Stage: Hashable, Sendable {
        /// `socket()`.
        case create
        /// Options or `bind()`.
        case bind
        /// The per-socket IPsec bypass policy.
        case bypassPolicy
    }

    /// The endpoint being opened.
    public var endpoint: Endpoint
    /// The failed step.
    public var stage: Stage
    /// The system call and errno.
    public var failure: SystemCallError

    /// A failure at `stage`.
    public init(endpoint: Endpoint, stage: Stage, failure: SystemCallError) {
        self.endpoint = endpoint
        self.stage = stage
        self.failure = failure
    }

    /// One line for stderr and the log.
    public var description: String {
        switch stage {
        case .create:
            return "cannot create a UDP socket for \(endpoint): \(failure)"
        case .bind:
            if failure.errno == EADDRINUSE {
                return "cannot bind \(endpoint): \(failure): another IKE daemon (racoon, raccoon, charon, pluto) "
                    + "may be running"
            }
            return "cannot bind \(endpoint): \(failure)"
        case .bypassPolicy:
            return "cannot set the IPsec bypass policy on \(endpoint): \(failure): the kernel needs socket policies "
                + "from PF_KEY (CONFIG_NET_KEY, module af_key) or XFRM netlink (CONFIG_XFRM_USER, module xfrm_user)"
        }
    }
}
