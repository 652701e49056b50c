internal import Glibc
internal import RaccoonCore

/// One IPv4 UDP socket bound to the wildcard address with `IP_PKTINFO`: a received datagram reports the address
/// it was sent to (which selects the virtual host), and a datagram is sent from the address the caller names.
///
/// The load generator's hosts all share it: their addresses are local through an AnyIP route
/// (`ip route add local NET dev lo`), so no per-address socket or `ip addr add` is needed.
final class PacketInfoSocket {
    /// A received datagram.
    struct Received {
        /// The address the datagram was sent to (one of ours).
        var local: IPAddress
        /// The sender.
        var remote: Endpoint
        /// The UDP payload.
        var bytes: [UInt8]
    }

    let fileDescriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var control = [UInt8](repeating: 0, count: 128)

    /// Binds `0.0.0.0:port`, non-blocking, with a large receive buffer (bursts of C replies).
    init(port: UInt16, receiveBufferBytes: Int32 = 8 << 20) throws(LoadGenError) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        var on: Int32 = 1
        var size = receiveBufferBytes
        guard setsockopt(fd, Int32(IPPROTO_IP), IP_PKTINFO, &on, socklen_t(MemoryLayout<Int32>.size)) == 0,
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0
        else {
            let error = errno
            close(fd)
            throw .system("setsockopt", error)
        }
        // A smaller buffer than asked for is not fatal (rmem_max); drops then show up as retransmissions.
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: 0)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = errno
            close(fd)
            throw .system("bind 0.0.0.0:\(port)", error)
        }
        fileDescriptor = fd
    }

    deinit { close(fileDescriptor) }

    /// The next datagram, or nil when none is waiting. Datagrams without an IPv4 packet-info header are skipped.
    func receive() throws(LoadGenError) -> Received? {
        while true {
            var source = sockaddr_in()
            let (result, error, controlLength) = Self.withMessageHeader(
                address: &source, data: &buffer, control: &control
            ) { header in
                let result = recvmsg(fileDescriptor, header, 0)
                return (result, result < 0 ? errno : 0, Int(header.pointee.msg_controllen))
            }
            if result < 0 {
                if error == EAGAIN || error == EWOULDBLOCK { return nil }
                if error == EINTR { continue }
                throw .system("recvmsg", error)
            }
            let length = result
            guard let local = packetInfoDestination(controlLength: controlLength) else { continue }
            let remoteAddress = IPAddress.v4(
                UInt8(truncatingIfNeeded: source.sin_addr.s_addr), UInt8(truncatingIfNeeded: source.sin_addr.s_addr >> 8),
                UInt8(truncatingIfNeeded: source.sin_addr.s_addr >> 16), UInt8(truncatingIfNeeded: source.sin_addr.s_addr >> 24))
            return Received(
                local: local, remote: Endpoint(address: remoteAddress, port: UInt16(bigEndian: source.sin_port)),
                bytes: Array(buffer[0..<min(length, buffer.count)]))
        }
    }

    /// Sends `bytes` from `local` (one of our addresses) to `remote`. A full send buffer drops the datagram, as
    /// the network may: the engine retransmits.
    func send(_ bytes: [UInt8], from local: IPAddress, to remote: Endpoint) throws(LoadGenError) {
        guard case .v4(let a, let b, let c, let d) = local, case .v4(let e, let f, let g, let h) = remote.address else {
            throw .unsupported("IPv6 datagram \(local) -> \(remote)")
        }
        var destination = sockaddr_in()
        destination.sin_family = sa_family_t(AF_INET)
        destination.sin_port = remote.port.bigEndian
        destination.sin_addr = in_addr(s_addr: UInt32(e) | UInt32(f) << 8 | UInt32(g) << 16 | UInt32(h) << 24)
        // One cmsghdr (16 bytes on LP64) followed by struct in_pktinfo (12 bytes), padded to 8: CMSG_SPACE(12).
        var message = [UInt8](repeating: 0, count: 32)
        message.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: 28, toByteOffset: 0, as: Int.self)  // cmsg_len = CMSG_LEN(12)
            raw.storeBytes(of: Int32(IPPROTO_IP), toByteOffset: 8, as: Int32.self)
            raw.storeBytes(of: Int32(IP_PKTINFO), toByteOffset: 12, as: Int32.self)
            // in_pktinfo { ipi_ifindex = 0; ipi_spec_dst = local; ipi_addr = 0 }
            raw.storeBytes(of: UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24, toByteOffset: 20, as: UInt32.self)
        }
        var payload = bytes
        let sent = Self.withMessageHeader(address: &destination, data: &payload, control: &message) { header in
            let result = sendmsg(fileDescriptor, header, 0)
            return result < 0 ? -Int(errno) : result
        }
        if sent < 0 {
            let error = Int32(-sent)
            if error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS { return }
            throw .system("sendmsg \(local) -> \(remote)", error)
        }
    }

    /// Runs `call` (recvmsg or sendmsg) with the `msghdr` of one datagram (recvmsg(2)): `address` the peer's
    /// `sockaddr_in`, one iovec over `data`, `control` the ancillary data (IP_PKTINFO).
    private static func withMessageHeader<Result>(
        address: inout sockaddr_in, data: inout [UInt8], control: inout [UInt8],
        _ call: (UnsafeMutablePointer<msghdr>) -> Result
    ) -> Result {
        data.withUnsafeMutableBytes { dataBytes in
            control.withUnsafeMutableBytes { controlBytes in
                withUnsafeMutablePointer(to: &address) { addressPointer in
                    var vector = iovec(iov_base: dataBytes.baseAddress, iov_len: dataBytes.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var header = msghdr()
                        header.msg_name = UnsafeMutableRawPointer(addressPointer)
                        header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        header.msg_control = controlBytes.baseAddress
                        header.msg_controllen = controlBytes.count
                        return call(&header)
                    }
                }
            }
        }
    }

    /// `ipi_addr` (the header's destination address) of the IP_PKTINFO control message.
    private func packetInfoDestination(controlLength: Int) -> IPAddress? {
        control.withUnsafeBytes { raw -> IPAddress? in
            var offset = 0
            while offset + 16 <= controlLength, offset + 16 <= raw.count {
                let length = raw.load(fromByteOffset: offset, as: Int.self)
                let level = raw.load(fromByteOffset: offset + 8, as: Int32.self)
                let type = raw.load(fromByteOffset: offset + 12, as: Int32.self)
                guard length >= 16, offset + length <= raw.count else { return nil }
                if level == Int32(IPPROTO_IP), type == Int32(IP_PKTINFO), length >= 28 {
                    // in_pktinfo: ipi_ifindex (4), ipi_spec_dst (4), ipi_addr (4)
                    let base = offset + 16 + 8
                    return .v4(raw[base], raw[base + 1], raw[base + 2], raw[base + 3])
                }
                offset += (length + 7) & ~7
            }
            return nil
        }
    }
}
