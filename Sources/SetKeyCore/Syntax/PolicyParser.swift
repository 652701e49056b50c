/// Parses the text after `-P` the way libipsec's `ipsec_set_policy()` does:
///
///     direction [priority-spec] action [requests...]
///     priority-spec = (priority|prio) (offset | -offset | base | base +offset | base -offset)
///     request       = protocol/mode[/[src-dst][/[level]]]
struct PolicyParser {
    private struct Word {
        var text: Substring
        var location: SourceLocation
    }

    private var words: [Word] = []
    private var position = 0
    private let end: SourceLocation

    /// `text` starts at `start` (the first character after `-P`); `end` is where the statement's `;` is.
    init(text: String, start: SourceLocation, end: SourceLocation) {
        self.end = end
        var line = start.line
        var column = start.column
        var current: (start: String.Index, location: SourceLocation)?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                if let word = current {
                    words.append(Word(text: text[word.start..<index], location: word.location))
                    current = nil
                }
            } else if current == nil {
                current = (index, SourceLocation(file: start.file, line: line, column: column))
            }
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += c.utf8.count
            }
            index = text.index(after: index)
        }
        if let word = current {
            words.append(Word(text: text[word.start...], location: word.location))
        }
    }

    private var peek: Word? { position < words.count ? words[position] : nil }

    private mutating func take() -> Word? {
        guard position < words.count else { return nil }
        defer { position += 1 }
        return words[position]
    }

    private func error(_ message: String, at word: Word?) -> SetKeyParseError {
        SetKeyParseError(.invalidPolicy, at: word?.location ?? end, message)
    }

    /// The actions of ipsec_set_policy(3).
    private static let actions: KeywordTable<PolicyAction> = [
        "discard": .discard, "none": .none, "ipsec": .ipsec, "entrust": .entrust, "bypass": .bypass,
    ]

    /// Parses the whole policy.
    mutating func parse() throws(SetKeyParseError) -> PolicySpec {
        guard let dirWord = take() else {
            throw error("expected a policy direction (in, out or fwd) after -P", at: nil)
        }
        guard let direction = PolicyDirection.words[String(dirWord.text)] else {
            throw error("expected a policy direction (in, out or fwd), found '\(dirWord.text)'", at: dirWord)
        }
        guard peek != nil else {
            // libipsec: a bare direction (used by spddelete) has type discard and priority 0.
            return PolicySpec(direction: direction, priority: 0, action: .discard)
        }
        var priority = PolicySpec.priorityDefault
        if let word = peek, word.text == "priority" || word.text == "prio" {
            position += 1
            priority = try parsePriority(after: word)
        }
        guard let actionWord = take() else {
            throw error("expected discard, none, ipsec, entrust or bypass", at: nil)
        }
        guard let action = Self.actions[String(actionWord.text)] else {
            throw error(
                "expected discard, none, ipsec, entrust or bypass, found '\(actionWord.text)'", at: actionWord)
        }
        var requests: [IPsecRequest] = []
        while let word = take() {
            guard action == .ipsec else {
                throw error("only an ipsec policy takes requests, found '\(word.text)'", at: word)
            }
            requests.append(try parseRequest(word, direction: direction))
        }
        return PolicySpec(direction: direction, priority: priority, action: action, requests: requests)
    }

    // MARK: - Priority

    /// The named priorities of ipsec_set_policy(3).
    private static let priorityBases: KeywordTable<UInt32> = [
        "low": PolicySpec.priorityLow, "def": PolicySpec.priorityDefault, "high": PolicySpec.priorityHigh,
    ]

    private mutating func parsePriority(after keyword: Word) throws(SetKeyParseError) -> UInt32 {
        guard let word = take() else {
            throw error("expected a priority (a number, or low, def or high) after '\(keyword.text)'", at: nil)
        }
        guard let base = Self.priorityBases[String(word.text)] else {
            // `prio N` places the policy N ahead of default, `prio -N` N behind it.
            var text = word.text
            var negative = false
            if text == "-" {
                guard let next = take() else { throw error("expected a number after '-'", at: nil) }
                text = next.text
                negative = true
            } else if text.hasPrefix("-") {
                text = text.dropFirst()
                negative = true
            }
            guard let offset = UInt32(text), offset <= (negative ? 0x7FFF_FFFF : 0x8000_0000) else {
                throw error("invalid priority offset '\(word.text)'", at: word)
            }
            return negative ? PolicySpec.priorityDefault &+ offset : PolicySpec.priorityDefault &- offset
        }
        // Optional `+N` / `-N` (or `+ N` / `- N`) after the base.
        guard let signWord = peek, signWord.text.hasPrefix("+") || signWord.text.hasPrefix("-") else {
            return base
        }
        position += 1
        let plus = signWord.text.hasPrefix("+")
        var digits = signWord.text.dropFirst()
        if digits.isEmpty {
            guard let next = take() else { throw error("expected a number after '\(signWord.text)'", at: nil) }
            digits = next.text
        }
        // setkey(8): up to 1073741824 for positive offsets, up to 1073741823 for negative ones.
        guard let offset = UInt32(digits), offset <= (plus ? 0x4000_0000 : 0x3FFF_FFFF) else {
            throw error("invalid priority offset '\(digits)'", at: signWord)
        }
        return plus ? base &- offset : base &+ offset
    }

    // MARK: - Requests

    /// A request's protocols and levels (`unique:N` is read apart).
    private static let protocols: KeywordTable<IPsecRequest.ProtocolNumber> = ["esp": .esp, "ah": .ah, "ipcomp": .ipcomp]
    private static let levels: KeywordTable<IPsecRequest.Level> = [
        "default": .default, "use": .use, "require": .require, "unique": .unique,
    ]

    private func parseRequest(_ word: Word, direction: PolicyDirection) throws(SetKeyParseError) -> IPsecRequest {
        let parts = word.text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[1].isEmpty else {
            throw error("request '\(word.text)' needs at least protocol/mode", at: word)
        }
        guard parts.count <= 4 else {
            throw error("request '\(word.text)' has too many '/' (protocol/mode/src-dst/level)", at: word)
        }
        guard let proto = Self.protocols[String(parts[0])] else {
            throw error("expected esp, ah or ipcomp, found '\(parts[0])'", at: word)
        }
        guard let mode = IPsecMode.words[String(parts[1])], mode != .any else {
            throw error("expected transport or tunnel, found '\(parts[1])'", at: word)
        }
        var tunnel: (source: Endpoint, destination: Endpoint)?
        if parts.count >= 3, !parts[2].isEmpty {
            tunnel = try parseTunnel(parts[2], word: word, direction: direction)
        }
        if mode == .tunnel && tunnel == nil {
            throw error("tunnel mode needs end points (esp/tunnel/src-dst/level)", at: word)
        }
        var level = IPsecRequest.Level.default
        var reqid: UInt32 = 0
        if parts.count == 4, !parts[3].isEmpty {
            let text = parts[3]
            if let named = Self.levels[String(text)] {
                level = named
            } else {
                guard text.hasPrefix("unique:"), let id = UInt32(text.dropFirst("unique:".count)),
                    (1...32767).contains(id)
                else {
                    throw error(
                        "expected default, use, require, unique or unique:N (1-32767), found '\(text)'", at: word)
                }
                level = .unique
                reqid = id
            }
        }
        return IPsecRequest(proto: proto, mode: mode, tunnel: tunnel, level: level, reqid: reqid)
    }

    /// `A-B`, `A[port]-B[port]`, `me-any` (out only) or `any-me` (in only).
    private func parseTunnel(
        _ text: Substring, word: Word, direction: PolicyDirection
    ) throws(SetKeyParseError) -> (source: Endpoint, destination: Endpoint)? {
        if text == "me-any" || text == "any-me" {
            guard (text == "me-any" && direction == .outbound) || (text == "any-me" && direction == .inbound) else {
                throw error("'\(text)' does not fit the policy direction", at: word)
            }
            return nil
        }
        var depth = 0
        var split: Substring.Index?
        for index in text.indices {
            switch text[index] {
            case "[": depth += 1
            case "]": depth -= 1
            case "-" where depth == 0 && split == nil: split = index
            default: break
            }
        }
        guard let split else { throw error("expected src-dst end points, found '\(text)'", at: word) }
        let source = try parseEndpoint(text[..<split], word: word)
        let destination = try parseEndpoint(text[text.index(after: split)...], word: word)
        guard source.address.family == destination.address.family else {
            throw SetKeyParseError(
                .addressFamilyMismatch, at: word.location, "tunnel end points '\(text)' mix IPv4 and IPv6")
        }
        return (source, destination)
    }

    private func parseEndpoint(_ text: Substring, word: Word) throws(SetKeyParseError) -> Endpoint {
        var host = text
        var port: UInt16 = 0
        if let open = text.firstIndex(of: "["), text.last == "]" {
            host = text[..<open]
            let portText = text[text.index(after: open)..<text.index(before: text.endIndex)]
            guard let value = UInt16(portText) else {
                throw error("invalid port '\(portText)' in '\(text)'", at: word)
            }
            port = value
        }
        guard let address = ScopedAddress(parsing: String(host)) else {
            throw SetKeyParseError(.invalidAddress, at: word.location, "invalid IP address '\(host)'")
        }
        return Endpoint(address, port: port)
    }
}
