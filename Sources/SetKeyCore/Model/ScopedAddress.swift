#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif
public import IPAddressing

/// A numeric address as setkey accepts it (`10.0.0.1`, `fe80::1%eth0`): IPAddressing's address and, for IPv6,
/// the scope as an interface index (0: none), which PF_KEY carries in `sin6_scope_id`.
public struct ScopedAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address.
    public let host: IPAddress
    /// The IPv6 scope (interface index) for link-local addresses; 0 otherwise.
    public let scopeID: UInt32

    /// The address family.
    public var family: IPAddress.Family { host.family }
    /// The address in network byte order (4 or 16 bytes).
    public var bytes: [UInt8] { host.bytes }

    /// `host` with `scopeID` (kept for IPv6 only).
    public init(_ host: IPAddress, scopeID: UInt32 = 0) {
        self.host = host
        self.scopeID = host.isIPv4 ? 0 : scopeID
    }

    /// Parses numeric text; `nil` if it is not an IPv4 or IPv6 address. An IPv6 scope may follow `%`, as an
    /// interface name (looked up with `if_nametoindex`) or a number.
    public init?(parsing text: String) {
        var host = Substring(text)
        var scope: UInt32 = 0
        if let percent = text.firstIndex(of: "%") {
            host = text[..<percent]
            let zone = String(text[text.index(after: percent)...])
            guard !zone.isEmpty, host.contains(":") else { return nil }
            if let number = UInt32(zone) {
                scope = number
            } else {
                let index = if_nametoindex(zone)
                guard index != 0 else { return nil }
                scope = index
            }
        }
        guard let address = IPAddress(host) else { return nil }
        self.init(address, scopeID: scope)
    }

    /// The numeric form getnameinfo(NI_NUMERICHOST) prints (scope as `%name`, or `%index` when no name is known).
    public var description: String {
        guard scopeID != 0 else { return host.description }
        var name = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        if name.withUnsafeMutableBufferPointer({ if_indextoname(scopeID, $0.baseAddress) }) != nil {
            return "\(host)%" + String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return "\(host)%\(scopeID)"
    }
}
