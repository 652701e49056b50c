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
