#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address written in a configuration file.
///
/// `description` is the numeric form `inet_ntop` produces (compressed IPv6, no port), which is the exact
/// string racoon looks up in psk.txt for a peer address.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address family.
    public enum Family: Hashable, Sendable {
        /// IPv4 (4 bytes).
        case inet
        /// IPv6 (16 bytes).
        case inet6

        /// The number of bits in an address of this family (the longest valid prefix).
        public var bitCount: Int { self == .inet ? 32 : 128 }
    }

    /// The address family.
    public let family: Family
    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    /// The IPv6 zone (`%eth0`), if one was written.
    public let scope: String?

    /// Parses a numeric IPv4 address (`10.0.0.1`) or IPv6 address (`fe80::1%eth0`); nil if `text` is neither.
    public init?(_ text: some StringProtocol) {
        if let octets = Self.parseIPv4(text.utf8) {
            self.family = .inet
            self.bytes = octets
            self.scope = nil
            return
        }
        var address = String(text)
        var scope: String?
        if let percent = address.firstIndex(of: "%") {
            let zone = address[address.index(after: percent)...]
            guard !zone.isEmpty else { return nil }
            scope = String(zone)
            address = String(address[..<percent])
        }
        if address.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, address, &raw) == 1 else { return nil }
            self.family = .inet6
            self.bytes = withUnsafeBytes(of: &raw) { Array($0) }
            self.scope = scope
        } else {
            guard scope == nil else { return nil }
            var raw = in_addr()
            guard inet_pton(AF_INET, address, &raw) == 1 else { return nil }
            self.family = .inet
            self.bytes = withUnsafeBytes(of: &raw) { Array($0) }
            self.scope = nil
        }
    }

    /// Strict dotted-quad IPv4 (four decimal octets, no leading zeros), as glibc's `inet_pton(AF_INET)`.
    private static func parseIPv4(_ utf8: some Collection<UInt8>) -> [UInt8]? {
        guard utf8.count >= 7, utf8.count <= 15 else { return nil }
        var octets: [UInt8] = []
        octets.reserveCapacity(4)
        var value = 0
        var digits = 0
        var leadingZero = false
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if leadingZero { return nil }
                if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 255 else { return nil }
            case UInt8(ascii: "."):
                guard digits > 0, octets.count < 3 else { return nil }
                octets.append(UInt8(value))
                value = 0
                digits = 0
                leadingZero = false
            default:
                return nil
            }
        }
        guard digits > 0, octets.count == 3 else { return nil }
        octets.append(UInt8(value))
        return octets
    }

    /// The canonical numeric form, with `%scope` when one was written.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = self.family == .inet ? AF_INET : AF_INET6
        let text: String = bytes.withUnsafeBytes { raw in
            guard inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return scope.map { "\(text)%\($0)" } ?? text
    }
}
