internal import RaccoonCore
internal import Glibc

/// Conversions between the engine's `Endpoint` and C socket addresses. Internal: no `sockaddr` leaves the
/// daemon's basement.
enum SocketAddress {
    /// Calls `body` with a `sockaddr` for `endpoint` and its length.
    static func withSockAddr<Result>(
        _ endpoint: Endpoint, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemCallError) -> Result
    ) throws(SystemCallError) -> Result {
        var storage = sockaddr_storage()
        let length = fill(&storage, endpoint)
        return try withUnsafePointer(to: &storage) { pointer throws(SystemCallError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemCallError) in
                try body(address, length)
            }
        }
    }

    /// Writes `endpoint` into `storage`; returns the address length.
    static func fill(_ storage: inout sockaddr_storage, _ endpoint: Endpoint) -> socklen_t {
        let bytes = endpoint.address.bytes
        return withUnsafeMutableBytes(of: &storage) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            if endpoint.address.isIPv4 {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = endpoint.port.bigEndian
                withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: bytes) }
                withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
                return socklen_t(MemoryLayout<sockaddr_in>.size)
            }
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = endpoint.port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: bytes) }
            withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
    }

    /// The endpoint in `storage`, or nil for another family or a short length.
    static func endpoint(_ storage: sockaddr_storage, length: socklen_t) -> Endpoint? {
        withUnsafeBytes(of: storage) { raw -> Endpoint? in
            switch Int32(storage.ss_family) {
            case AF_INET:
                guard Int(length) >= MemoryLayout<sockaddr_in>.size else { return nil }
                let address = raw.loadUnaligned(as: sockaddr_in.self)
                let ip = withUnsafeBytes(of: address.sin_addr) { IPAddress(bytes: $0) }
                return ip.map { Endpoint(address: $0, port: UInt16(bigEndian: address.sin_port)) }
            case AF_INET6:
                guard Int(length) >= MemoryLayout<sockaddr_in6>.size else { return nil }
                let address = raw.loadUnaligned(as: sockaddr_in6.self)
                let bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
                // An IPv4-mapped peer (::ffff:a.b.c.d) is the IPv4 peer it stands for.
                if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
                    return IPAddress(bytes: bytes[12..<16]).map {
                        Endpoint(address: $0, port: UInt16(bigEndian: address.sin6_port))
                    }
                }
                return IPAddress(bytes: bytes).map { Endpoint(address: $0, port: UInt16(bigEndian: address.sin6_port)) }
            default:
                return nil
            }
        }
    }
}
