/// IPv6 text: RFC 4291 §2.2 to parse, and glibc's `inet_ntop` form (RFC 5952) to write.
enum IPv6Text {
    /// The 16 bytes of `text` (`::` compression, an optional dotted-quad tail), or nil.
    static func parse(_ text: Substring) -> [UInt8]? {
        let halves = split(text)
        guard halves.count <= 2 else { return nil }
        var groups: [UInt16]
        if halves.count == 2 {
            guard let head = fields(halves[0], dottedTail: false), let tail = fields(halves[1], dottedTail: true),
                head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = fields(text, dottedTail: true), all.count == 8 else { return nil }
            groups = all
        }
        return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    /// The colon-separated groups of one side of `::`; a dotted quad may end the last side.
    private static func fields(_ part: Substring, dottedTail: Bool) -> [UInt16]? {
        if part.isEmpty { return [] }
        var result: [UInt16] = []
        let fields = part.split(separator: ":", omittingEmptySubsequences: false)
        for (index, field) in fields.enumerated() {
            if dottedTail, index == fields.count - 1, field.contains(".") {
                guard let octets = IPv4Text.parse(field) else { return nil }
                result.append(UInt16(octets[0]) << 8 | UInt16(octets[1]))
                result.append(UInt16(octets[2]) << 8 | UInt16(octets[3]))
                continue
            }
            guard (1...4).contains(field.utf8.count), let value = UInt16(field, radix: 16) else { return nil }
            result.append(value)
        }
        return result
    }

    /// `text` cut at each `::`.
    private static func split(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                parts.append(text[start..<index])
                start = text.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// glibc's `inet_ntop(AF_INET6)`: lowercase hex, the longest run of two or more zero groups (the first on a
    /// tie) as `::`, and the last 32 bits as a dotted quad for IPv4-compatible (`::a.b.c.d`) and IPv4-mapped
    /// (`::ffff:a.b.c.d`) addresses.
    static func format(_ bytes: [UInt8]) -> String {
        guard bytes.count == 16 else { return "invalid" }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.length, end - index >= 2 { best = (index, end - index) }
            index = end
        }
        let embedsIPv4 = best.start == 0 && (best.length == 6 || (best.length == 5 && groups[5] == 0xffff))
        let dotted = "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])"
        func hex(_ range: Range<Int>) -> String { range.map { String(groups[$0], radix: 16) }.joined(separator: ":") }
        if embedsIPv4 { return "::" + (best.length == 5 ? "ffff:" : "") + dotted }
        if best.start < 0 { return hex(0..<8) }
        return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
    }
}
