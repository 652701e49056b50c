/// An IPv4 or IPv6 address: network-order bytes, nothing else. The one address type of the engine, the kernel
/// interfaces (PF_KEY, XFRM), the admin protocol and the benchmarks; pure Swift, so the engine may use it.
///
/// `description` is the text glibc's `inet_ntop` writes (what racoon looks psk.txt up by, via getnameinfo).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address, four bytes in network order.
    case v4(UInt8, UInt8, UInt8, UInt8)
    /// An IPv6 address, sixteen bytes in network order.
    case v6([UInt8])

    /// The address family.
    public enum Family: Hashable, Sendable {
        /// IPv4 (4 bytes).
        case ipv4
        /// IPv6 (16 bytes).
        case ipv6

        /// The number of bits in an address of this family (the longest valid prefix).
        public var bitCount: Int { self == .ipv4 ? 32 : 128 }
        /// The number of bytes in an address of this family.
        public var byteCount: Int { self == .ipv4 ? 4 : 16 }
    }

    /// The address from its network-order bytes: 4 bytes give IPv4, 16 bytes IPv6, anything else `nil`.
    public init?(bytes: some Collection<UInt8>) {
        let array = Array(bytes)
        switch array.count {
        case 4: self = .v4(array[0], array[1], array[2], array[3])
        case 16: self = .v6(array)
        default: return nil
        }
    }

    /// The address of `family` from a field of exactly `family.byteCount` bytes (a fixed-size kernel field).
    public init(_ family: Family, field bytes: [UInt8]) {
        precondition(bytes.count == family.byteCount, "an address field of \(bytes.count) bytes")
        self = family == .ipv4 ? .v4(bytes[0], bytes[1], bytes[2], bytes[3]) : .v6(bytes)
    }

    /// Parses numeric text as glibc's `inet_pton` does: a strict dotted quad (no leading zeros), or RFC 4291
    /// IPv6 text with `::` compression and an optional dotted-quad tail. No zone: that belongs to the callers
    /// that accept one (racoon.conf, setkey).
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let bytes = IPv6Text.parse(Substring(text)) else { return nil }
            self = .v6(bytes)
        } else {
            guard let octets = IPv4Text.parse(Substring(text)) else { return nil }
            self = .v4(octets[0], octets[1], octets[2], octets[3])
        }
    }

    /// The unspecified address of a family (`0.0.0.0` or `::`).
    public static func any(_ family: Family) -> IPAddress {
        family == .ipv4 ? .v4(0, 0, 0, 0) : .v6(Array(repeating: 0, count: 16))
    }

    /// The network-order bytes (4 or 16).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a, let b, let c, let d): return [a, b, c, d]
        case .v6(let bytes): return bytes
        }
    }

    /// IPv4 or IPv6.
    public var family: Family { isIPv4 ? .ipv4 : .ipv6 }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// The length of the address in bits (32 or 128).
    public var bitWidth: Int { family.bitCount }

    /// True for IPv4 224.0.0.0/4 and IPv6 ff00::/8 (racoon ignores ACQUIREs for multicast addresses).
    public var isMulticast: Bool {
        switch self {
        case .v4(let first, _, _, _): return first & 0xf0 == 0xe0
        case .v6(let bytes): return bytes.first == 0xff
        }
    }

    /// True when the first `prefixLength` bits equal those of `network` (of the same family).
    public func isWithin(_ network: IPAddress, prefixLength: Int) -> Bool {
        guard family == network.family else { return false }
        let (mine, theirs) = (bytes, network.bytes)
        var bits = min(max(prefixLength, 0), family.bitCount)
        var index = 0
        while bits >= 8 {
            if mine[index] != theirs[index] { return false }
            bits -= 8
            index += 1
        }
        if bits == 0 { return true }
        let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
        return mine[index] & mask == theirs[index] & mask
    }

    /// The numeric form `inet_ntop` writes, which is also the psk.txt lookup key for an address.
    public var description: String {
        switch self {
        case .v4(let a, let b, let c, let d): return "\(a).\(b).\(c).\(d)"
        case .v6(let bytes): return IPv6Text.format(bytes)
        }
    }
}
