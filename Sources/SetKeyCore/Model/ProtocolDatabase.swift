#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Upper-layer protocol names, as setkey gets them from `/etc/protocols` (getprotobyname/getprotobynumber).
public struct ProtocolDatabase: Sendable {
    private let byName: @Sendable (String) -> UInt8?
    private let byNumber: @Sendable (UInt8) -> String?

    /// A database backed by closures (tests use fixed tables).
    public init(byName: @escaping @Sendable (String) -> UInt8?, byNumber: @escaping @Sendable (UInt8) -> String?) {
        self.byName = byName
        self.byNumber = byNumber
    }

    /// The system's database (`/etc/protocols` through libc), with setkey's extra names `icmp6` and `ip4`,
    /// and a built-in table of the IANA names for hosts without `/etc/protocols`.
    public static let system = ProtocolDatabase(
        byName: { name in
            if let number = systemNumber(named: name) { return number }
            return builtIn.first { $0.name == name }?.number
        },
        byNumber: { number in systemName(of: number) })

    /// The number for a name; `nil` if unknown.
    public func number(named name: String) -> UInt8? {
        switch name {
        case "icmp6": return 58
        case "ip4": return 4
        default: return byName(name)
        }
    }

    /// The name `setkey -DP` prints for a protocol number (`getprotobynumber`), `nil` if unknown.
    public func name(of number: UInt8) -> String? { byNumber(number) }

    static let builtIn: [(name: String, number: UInt8)] = [
        ("ip", 0), ("icmp", 1), ("igmp", 2), ("ipencap", 4), ("tcp", 6), ("egp", 8), ("udp", 17), ("ipv6", 41),
        ("ipv6-route", 43), ("ipv6-frag", 44), ("rsvp", 46), ("gre", 47), ("esp", 50), ("ah", 51),
        ("ipv6-icmp", 58), ("ipv6-nonxt", 59), ("ipv6-opts", 60), ("ospf", 89), ("pim", 103), ("ipcomp", 108),
        ("vrrp", 112), ("l2tp", 115), ("sctp", 132), ("mobility-header", 135), ("udplite", 136),
    ]

    private static func systemNumber(named name: String) -> UInt8? {
        protocolEntry({ getprotobyname_r(name, $0, $1, $2, $3) }) { entry in
            (0...255).contains(entry.p_proto) ? UInt8(entry.p_proto) : nil
        }
    }

    private static func systemName(of number: UInt8) -> String? {
        protocolEntry({ getprotobynumber_r(Int32(number), $0, $1, $2, $3) }) { entry in
            entry.p_name.map { String(cString: $0) }
        }
    }

    /// Runs `lookup` (getprotobyname_r(3) or getprotobynumber_r) with an entry and a scratch buffer, and reads the
    /// entry it found while the buffer its strings point into is alive.
    private static func protocolEntry<T>(
        _ lookup: (
            UnsafeMutablePointer<protoent>, UnsafeMutablePointer<CChar>?, Int,
            UnsafeMutablePointer<UnsafeMutablePointer<protoent>?>
        ) -> Int32,
        read: (protoent) -> T?
    ) -> T? {
        var entry = protoent()
        var result: UnsafeMutablePointer<protoent>?
        var buffer = [CChar](repeating: 0, count: 1024)
        return buffer.withUnsafeMutableBufferPointer { buf in
            guard lookup(&entry, buf.baseAddress, buf.count, &result) == 0, result != nil else { return nil }
            return read(entry)
        }
    }
}
