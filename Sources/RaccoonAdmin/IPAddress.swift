/// An IPv4 or IPv6 address as the engine sees it: raw network-order bytes.
///
/// The transport driver converts socket addresses to this type; the engine converts it to ISAKMP identification
/// payloads, PF_KEY address extensions and psk.txt lookup strings.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address, four bytes in network order.
    case v4(UInt8, UInt8, UInt8, UInt8)
    /// An IPv6 address, sixteen bytes in network order.
    case v6([UInt8])

    /// The address from its network-order bytes: 4 bytes give IPv4, 16 bytes IPv6, anything else `nil`.
    public init?(bytes: some Collection<UInt8>) {
        let array = Array(bytes)
        switch array.count {
        case 4: self = .v4(array[0], array[1], array[2], array[3])
        case 16: self = .v6(array)
        default: return nil
        }
    }

    /// Parses dotted-quad IPv4 or RFC 4291 textual IPv6 (with `::` compression and an optional embedded IPv4 tail).
    public init?(_ text: String) {
        if text.contains(":") {
            guard let bytes = IPAddress.parseIPv6(text) else { return nil }
            self = .v6(bytes)
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var octets: [UInt8] = []
            for part in parts {
                guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else {
                    return nil
                }
                octets.append(value)
            }
            self = .v4(octets[0], octets[1], octets[2], octets[3])
        }
    }

    /// The network-order bytes (4 or 16).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a, let b, let c, let d): return [a, b, c, d]
        case .v6(let bytes): return bytes
        }
    }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// The length of the address in bits (32 or 128).
    public var bitWidth: Int { isIPv4 ? 32 : 128 }

    /// The numeric form `getnameinfo` prints, which is also the psk.txt lookup key for an address.
    public var description: String {
        switch self {
        case .v4(let a, let b, let c, let d):
            return "\(a).\(b).\(c).\(d)"
        case .v6(let bytes):
            return IPAddress.formatIPv6(bytes)
        }
    }

    // MARK: - IPv6 text

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        var head: [UInt16] = []
        var tail: [UInt16] = []
        let halves = IPAddress.split(text, on: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if allowIPv4Tail, index == fields.count - 1, field.contains(".") {
                    guard case .v4(let a, let b, let c, let d)? = IPAddress(String(field)) else { return nil }
                    result.append(UInt16(a) << 8 | UInt16(b))
                    result.append(UInt16(c) << 8 | UInt16(d))
                    continue
                }
                guard (1...4).contains(field.count), let value = UInt16(field, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        if halves.count == 2 {
            guard let h = groups(halves[0], allowIPv4Tail: false), let t = groups(halves[1], allowIPv4Tail: true),
                h.count + t.count <= 7
            else { return nil }
            head = h
            tail = t
            head += Array(repeating: 0, count: 8 - h.count - t.count)
        } else {
            guard let all = groups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            head = all
        }
        return (head + tail).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    /// Splits `text` at every occurrence of `separator` (Foundation-free `components(separatedBy:)`).
    private static func split(_ text: String, on separator: String) -> [String] {
        let characters = Array(text)
        let pattern = Array(separator)
        var parts: [String] = []
        var current: [Character] = []
        var index = 0
        while index < characters.count {
            if index + pattern.count <= characters.count, Array(characters[index..<index + pattern.count]) == pattern {
                parts.append(String(current))
                current = []
                index += pattern.count
            } else {
                current.append(characters[index])
                index += 1
            }
        }
        parts.append(String(current))
        return parts
    }

    private static func formatIPv6(_ bytes: [UInt8]) -> String {
        guard bytes.count == 16 else { return "invalid" }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        // RFC 5952 §4.2.3: compress the longest run of two or more zero groups, the first one on a tie.
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8, groups[end] == 0 { end += 1 }
                if end - index > bestLength, end - index >= 2 {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            range.map { String(groups[$0], radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
