internal import Glibc

/// An IPv4 or IPv6 address as it appears inside a PF_KEY sockaddr (network byte order).
public struct SADBIPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address family.
    public enum Family: Hashable, Sendable {
        case ipv4
        case ipv6

        /// The number of bits in an address of this family (the largest prefix length).
        public var bitCount: Int { self == .ipv4 ? 32 : 128 }
    }

    /// The 4 or 16 address bytes, network order.
    public let bytes: [UInt8]

    /// Wraps 4 (IPv4) or 16 (IPv6) bytes; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses a textual address (`10.0.0.1`, `fe80::1`); nil if it is neither.
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// IPv4 or IPv6.
    public var family: Family { bytes.count == 4 ? .ipv4 : .ipv6 }

    /// The unspecified address of a family (`0.0.0.0` or `::`).
    public static func any(_ family: Family) -> SADBIPAddress {
        SADBIPAddress(uncheckedBytes: Array(repeating: 0, count: family == .ipv4 ? 4 : 16))
    }

    init(uncheckedBytes: [UInt8]) { bytes = uncheckedBytes }

    /// True for IPv4 224.0.0.0/4 and IPv6 ff00::/8 (racoon ignores ACQUIREs for multicast addresses).
    public var isMulticast: Bool {
        family == .ipv4 ? bytes[0] & 0xf0 == 0xe0 : bytes[0] == 0xff
    }

    /// True when the first `prefixLength` bits equal those of `network`.
    public func isWithin(_ network: SADBIPAddress, prefixLength: Int) -> Bool {
        guard family == network.family else { return false }
        var bits = min(max(prefixLength, 0), family.bitCount)
        var index = 0
        while bits >= 8 {
            if bytes[index] != network.bytes[index] { return false }
            bits -= 8
            index += 1
        }
        if bits == 0 { return true }
        let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
        return bytes[index] & mask == network.bytes[index] & mask
    }

    /// Dotted quad or RFC 5952 text.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = self.family == .ipv4 ? AF_INET : AF_INET6
        let text: String? = bytes.withUnsafeBytes { raw in
            guard inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return text ?? bytes.map { String($0) }.joined(separator: ".")
    }
}
