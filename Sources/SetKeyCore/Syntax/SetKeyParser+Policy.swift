/// spdadd, spddelete, spdupdate: the policy commands of setkey(8).
extension SetKeyParser {
    mutating func selector() throws(SetKeyParseError) -> SelectorAddress {
        let (text, token) = try word("an IP address or address range")
        let host = try resolve(text, at: token)
        var prefix: UInt8?
        if peek.kind == .slash {
            _ = take()
            let (bits, bitsToken) = try word("a prefix length")
            guard bits.allSatisfy(\.isASCIIDigit), let value = UInt8(bits), Int(value) <= host.family.bitCount else {
                throw SetKeyParseError(
                    .invalidNumber, at: bitsToken.location,
                    "invalid prefix length '\(bits)' (0-\(host.family.bitCount))")
            }
            prefix = value
        }
        return SelectorAddress(host, prefixLength: prefix, port: try optionalPort())
    }

    mutating func parsePolicyEntry(_ command: String) throws(SetKeyParseError) -> PolicyEntry {
        if case .word("tagged") = peek.kind {
            throw SetKeyParseError(
                .unsupported, at: peek.location, "\(command) tagged: PF tags do not exist on Linux")
        }
        try parseAddressFlags()
        let start = peek
        var source = try selector()
        var destination = try selector()
        try requireSameFamily(source.address, destination.address, at: start)
        let (upperName, upperToken) = try word("an upper-layer protocol (any, a name or a number)")
        let upper: UInt8
        if upperName == "any" {
            upper = PolicyEntry.anyProtocol
        } else if upperName.allSatisfy(\.isASCIIDigit) {
            guard let value = UInt8(upperName) else {
                throw SetKeyParseError(.invalidNumber, at: upperToken.location, "invalid protocol number '\(upperName)'")
            }
            upper = value
        } else if let value = protocols.number(named: upperName) {
            upper = value
        } else {
            throw SetKeyParseError(
                .unknownName, at: upperToken.location, "invalid upper layer protocol '\(upperName)'")
        }
        if case .word(let misc) = peek.kind {
            let miscToken = take()
            try applyUpperSpec(misc, protocol: upper, at: miscToken, source: &source, destination: &destination)
        }
        var context: SecurityContext?
        if case .flag("ctx") = peek.kind {
            let flag = take()
            context = try parseSecurityContext(flag)
        }
        let flag = take()
        guard case .flag("P") = flag.kind else { throw unexpected(flag, expected: "-P and a policy") }
        let policyToken = take()
        guard case .policy(let text) = policyToken.kind else { throw unexpected(policyToken, expected: "a policy") }
        var policyParser = PolicyParser(text: text, start: policyToken.location, end: peek.location)
        let policy = try policyParser.parse()
        for request in policy.requests {
            if let tunnel = request.tunnel, tunnel.source.address.family != source.address.family,
                request.mode == .transport
            {
                throw SetKeyParseError(
                    .addressFamilyMismatch, at: policyToken.location, "request end points and selector mix families")
            }
        }
        try semicolon()
        return PolicyEntry(
            source: source, destination: destination, upperLayerProtocol: upper, securityContext: context,
            policy: policy)
    }

    /// `icmp type[,code]` and `gre key` put their values in the selector ports (setkey's `fix_portstr`).
    func applyUpperSpec(
        _ spec: String, protocol upper: UInt8, at token: Token, source: inout SelectorAddress,
        destination: inout SelectorAddress
    ) throws(SetKeyParseError) {
        switch upper {
        case 1, 58, 135:  // ICMP, ICMPv6, MH: type[,code]
            let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let type = UInt16(parts[0]), type <= 255,
                parts.count == 1 || (UInt16(parts[1]).map { $0 <= 255 } ?? false)
            else {
                throw SetKeyParseError(.invalidNumber, at: token.location, "expected type[,code], found '\(spec)'")
            }
            source.port = type
            destination.port = parts.count == 2 ? UInt16(parts[1]) ?? 0 : 0
        case 47:  // GRE key: a.b.c.d or a number
            if let dotted = ScopedAddress(parsing: spec), dotted.family == .ipv4 {
                let b = dotted.bytes
                source.port = UInt16(b[0]) << 8 | UInt16(b[1])
                destination.port = UInt16(b[2]) << 8 | UInt16(b[3])
            } else if spec.allSatisfy(\.isASCIIDigit), let key = UInt32(spec) {
                source.port = UInt16(key >> 16)
                destination.port = UInt16(key & 0xFFFF)
            } else {
                throw SetKeyParseError(.invalidNumber, at: token.location, "invalid GRE key '\(spec)'")
            }
        default:
            throw SetKeyParseError(
                .unexpectedToken, at: token.location,
                "'\(spec)' after the upper-layer protocol is only allowed for icmp, icmp6, mh and gre")
        }
    }
}
