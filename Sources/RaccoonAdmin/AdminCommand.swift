/// A request on the admin socket, with racoonctl(8)'s command names (inventory §1.2), plus Raccoon's
/// `show-status`.
///
/// The daemon parses the words itself (`AdminCommand.parse`), so `raccoonctl` forwards its arguments unchanged
/// and a bad request is answered with an error by the one parser that matters.
public enum AdminCommand: Hashable, Sendable {
    /// Which SAs `show-sa` lists.
    public enum SAKind: String, Hashable, Sendable, CaseIterable {
        /// Phase-1 (ISAKMP) SAs.
        case isakmp
        /// ESP SAs.
        case esp
        /// AH SAs.
        case ah
        /// ESP and AH SAs.
        case ipsec
    }

    /// `delete-sa` / `establish-sa` operands (racoonctl's `saopts`).
    public enum SASelector: Hashable, Sendable {
        /// `isakmp {inet|inet6} SRC DST`: the phase-1 SA between two addresses.
        case isakmp(source: IPAddress, destination: IPAddress)
        /// `{esp|ah} {inet|inet6} SRC[/PREFIX][/PORT] DST[/PREFIX][/PORT] PROTOCOL`: the phase-2 SAs of a flow.
        case ipsec(protocol: IPsecProtocolName, source: FlowEndpoint, destination: FlowEndpoint, upperLayer: String)
    }

    /// `esp` or `ah` in a selector.
    public enum IPsecProtocolName: String, Hashable, Sendable {
        /// ESP.
        case esp
        /// AH.
        case ah
    }

    /// `ADDR[/PREFIX][/PORT]` in a phase-2 selector.
    public struct FlowEndpoint: Hashable, Sendable, CustomStringConvertible {
        /// The address.
        public var address: IPAddress
        /// The prefix length (the full width when not written).
        public var prefixLength: Int
        /// The port (nil: any).
        public var port: UInt16?

        /// An endpoint.
        public init(address: IPAddress, prefixLength: Int, port: UInt16?) {
            self.address = address
            self.prefixLength = prefixLength
            self.port = port
        }

        public var description: String {
            "\(address)/\(prefixLength)" + (port.map { "[\($0)]" } ?? "[any]")
        }
    }

    /// `reload-config`: the same as SIGHUP.
    case reloadConfig
    /// `show-sa isakmp|esp|ah|ipsec`.
    case showSA(SAKind)
    /// `flush-sa isakmp|esp|ah|ipsec`: delete the SAs Raccoon negotiated (notifying the peers).
    case flushSA(SAKind)
    /// `delete-sa SAOPTS`.
    case deleteSA(SASelector)
    /// `establish-sa [-u identity] SAOPTS`.
    case establishSA(SASelector, identity: String?)
    /// `vpn-connect [-u identity] GATEWAY`: start phase 1 with a gateway, from the address the kernel would use to
    /// reach it (racoonctl's `f_vpnc` turns it into `establish-sa isakmp`).
    case vpnConnect(gateway: IPAddress, identity: String?)
    /// `vpn-disconnect GATEWAY`: delete every SA with a gateway.
    case vpnDisconnect(gateway: IPAddress)
    /// `show-status`: the daemon's summary (the SIGUSR1 report).
    case showStatus

    /// The usage text `raccoonctl` prints.
    public static let usage = """
        usage: raccoonctl [-s socket | -f racoon.conf] [--json] command [arguments]
        commands:
          reload-config
          show-status
          show-sa {isakmp|esp|ah|ipsec}
          flush-sa {isakmp|esp|ah|ipsec}
          delete-sa isakmp {inet|inet6} SRC DST
          delete-sa {esp|ah} {inet|inet6} SRC[/PREFIX][/PORT] DST[/PREFIX][/PORT] PROTOCOL
          establish-sa [-u identity] isakmp {inet|inet6} SRC DST
          establish-sa [-u identity] {esp|ah} {inet|inet6} SRC[/PREFIX][/PORT] DST[/PREFIX][/PORT] PROTOCOL
          vpn-connect [-u identity] GATEWAY
          vpn-disconnect GATEWAY

        """

    /// Parses a command from its words (`["show-sa", "isakmp"]`).
    public static func parse(_ words: [String]) throws(AdminError) -> AdminCommand {
        guard let name = words.first else { throw .badRequest("no command given") }
        var rest = Array(words.dropFirst())
        func noMore() throws(AdminError) {
            guard rest.isEmpty else { throw .badRequest("\(name): unexpected argument '\(rest[0])'") }
        }
        func kind() throws(AdminError) -> SAKind {
            guard let word = rest.first, let kind = SAKind(rawValue: word) else {
                throw .badRequest("\(name): expected isakmp, esp, ah or ipsec")
            }
            rest.removeFirst()
            return kind
        }
        func identity() throws(AdminError) -> String? {
            guard rest.first == "-u" else { return nil }
            guard rest.count >= 2 else { throw .badRequest("\(name): -u needs an identity") }
            let value = rest[1]
            rest.removeFirst(2)
            return value
        }
        func address(_ what: String) throws(AdminError) -> IPAddress {
            guard let word = rest.first else { throw .badRequest("\(name): missing \(what)") }
            guard let address = IPAddress(word) else { throw .badRequest("\(name): '\(word)' is not an IP address") }
            rest.removeFirst()
            return address
        }
        switch name {
        case "reload-config":
            try noMore()
            return .reloadConfig
        case "show-status":
            try noMore()
            return .showStatus
        case "show-sa":
            // racoonctl's -l (long listing) is accepted and has no effect: the listing is always complete.
            rest.removeAll { $0 == "-l" }
            let kind = try kind()
            try noMore()
            return .showSA(kind)
        case "flush-sa":
            let kind = try kind()
            try noMore()
            return .flushSA(kind)
        case "delete-sa":
            let selector = try parseSelector(name, &rest)
            try noMore()
            return .deleteSA(selector)
        case "establish-sa":
            let user = try identity()
            let selector = try parseSelector(name, &rest)
            try noMore()
            return .establishSA(selector, identity: user)
        case "vpn-connect":
            let user = try identity()
            let gateway = try address("the gateway address")
            try noMore()
            return .vpnConnect(gateway: gateway, identity: user)
        case "vpn-disconnect":
            let gateway = try address("the gateway address")
            try noMore()
            return .vpnDisconnect(gateway: gateway)
        default:
            throw .badRequest("unknown command '\(name)'")
        }
    }

    private static func parseSelector(_ name: String, _ rest: inout [String]) throws(AdminError) -> SASelector {
        guard rest.count >= 4 else { throw .badRequest("\(name): expected SA options (see usage)") }
        let kind = rest[0]
        let family = rest[1]
        guard family == "inet" || family == "inet6" else {
            throw .badRequest("\(name): expected inet or inet6, found '\(family)'")
        }
        let wantsIPv4 = family == "inet"
        func checkFamily(_ address: IPAddress) throws(AdminError) {
            guard address.isIPv4 == wantsIPv4 else { throw .badRequest("\(name): \(address) is not an \(family) address") }
        }
        switch kind {
        case "isakmp":
            guard let source = IPAddress(rest[2]) else { throw .badRequest("\(name): '\(rest[2])' is not an IP address") }
            guard let destination = IPAddress(rest[3]) else {
                throw .badRequest("\(name): '\(rest[3])' is not an IP address")
            }
            try checkFamily(source)
            try checkFamily(destination)
            rest.removeFirst(4)
            return .isakmp(source: source, destination: destination)
        case "esp", "ah":
            guard rest.count >= 5, let protocolName = IPsecProtocolName(rawValue: kind) else {
                throw .badRequest("\(name): expected \(kind) \(family) SRC DST PROTOCOL")
            }
            let source = try flowEndpoint(name, rest[2])
            let destination = try flowEndpoint(name, rest[3])
            try checkFamily(source.address)
            try checkFamily(destination.address)
            let upperLayer = rest[4]
            guard ipProtocolNumber(upperLayer) != nil else {
                throw .badRequest("\(name): '\(upperLayer)' is not a protocol (any, icmp, tcp, udp, gre, icmp6 or 0-255)")
            }
            rest.removeFirst(5)
            return .ipsec(protocol: protocolName, source: source, destination: destination, upperLayer: upperLayer)
        default:
            throw .badRequest("\(name): expected isakmp, esp or ah, found '\(kind)'")
        }
    }

    /// The PF_KEY upper-layer protocol a selector's PROTOCOL word names: racoonctl's names (`any` is 255, PF_KEY's
    /// "any") or a number.
    public static func ipProtocolNumber(_ word: String) -> UInt8? {
        switch word {
        case "any": 255
        case "icmp": 1
        case "tcp": 6
        case "udp": 17
        case "gre": 47
        case "icmp6", "ipv6-icmp": 58
        default: UInt8(word)
        }
    }

    private static func flowEndpoint(_ name: String, _ word: String) throws(AdminError) -> FlowEndpoint {
        let parts = word.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), let address = IPAddress(parts[0]) else {
            throw .badRequest("\(name): '\(word)' is not ADDRESS[/PREFIX][/PORT]")
        }
        var prefix = address.bitWidth
        if parts.count >= 2 {
            guard let value = Int(parts[1]), (0...address.bitWidth).contains(value) else {
                throw .badRequest("\(name): bad prefix length in '\(word)'")
            }
            prefix = value
        }
        var port: UInt16?
        if parts.count == 3, parts[2] != "any" {
            guard let value = UInt16(parts[2]) else { throw .badRequest("\(name): bad port in '\(word)'") }
            port = value
        }
        return FlowEndpoint(address: address, prefixLength: prefix, port: port)
    }
}

/// Why an admin request failed.
public enum AdminError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The request could not be understood.
    case badRequest(String)
    /// The request was understood but cannot be carried out.
    case failed(String)
    /// The command exists in racoonctl but this build cannot carry it out yet.
    case unsupported(String)

    public var description: String {
        switch self {
        case .badRequest(let text): "bad request: \(text)"
        case .failed(let text): text
        case .unsupported(let text): "not supported: \(text)"
        }
    }
}
