#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// A numeric IPv4 or IPv6 address as setkey accepts it (`10.0.0.1`, `fe80::1%eth0`).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable, Hashable {
        /// IPv4 (`AF_INET`).
        case inet
        /// IPv6 (`AF_INET6`).
        case inet6

        /// The full prefix length of an address of this family.
        public var bitCount: UInt8 { self == .inet ? 32 : 128 }
    }

    /// The family.
    public let family: Family
    /// The address in network byte order (4 or 16 bytes).
    public let bytes: [UInt8]
    /// The IPv6 scope (interface index) for link-local addresses; 0 otherwise.
    public let scopeID: UInt32

    /// Creates an address from its network-order bytes; `nil` unless there are 4 or 16 of them.
    public init?(bytes: [UInt8], scopeID: UInt32 = 0) {
        switch bytes.count {
        case 4: family = .inet
        case 16: family = .inet6
        default: return nil
        }
        self.bytes = bytes
        self.scopeID = family == .inet6 ? scopeID : 0
    }

    /// Parses numeric text; `nil` if it is not an IPv4 or IPv6 address. An IPv6 scope may follow `%`, as an
    /// interface name or a number.
    public init?(parsing text: String) {
        var host = Substring(text)
        var scope: UInt32 = 0
        if let percent = text.firstIndex(of: "%") {
            host = text[..<percent]
            let zone = String(text[text.index(after: percent)...])
            guard !zone.isEmpty else { return nil }
            if let number = UInt32(zone) {
                scope = number
            } else {
                let index = if_nametoindex(zone)
                guard index != 0 else { return nil }
                scope = index
            }
        }
        let hostString = String(host)
        if !hostString.contains(":") {
            guard scope == 0 else { return nil }
            var v4 = in_addr()
            guard inet_pton(AF_INET, hostString, &v4) == 1 else { return nil }
            let value = v4.s_addr  // network order in memory
            self.init(bytes: withUnsafeBytes(of: value) { Array($0) })
        } else {
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, hostString, &v6) == 1 else { return nil }
            self.init(bytes: withUnsafeBytes(of: v6) { Array($0) }, scopeID: scope)
        }
    }

    /// The numeric form getnameinfo(NI_NUMERICHOST) prints (scope as `%index` when no name is known).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = self.family == .inet ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in
            buffer.withUnsafeMutableBufferPointer { out in
                inet_ntop(family, raw.baseAddress, out.baseAddress, socklen_t(out.count)) != nil
            }
        }
        guard ok else { return "?" }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard scopeID != 0 else { return text }
        var name = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        if name.withUnsafeMutableBufferPointer({ if_indextoname(scopeID, $0.baseAddress) }) != nil {
            return text + "%" + String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return text + "%\(scopeID)"
    }
}
