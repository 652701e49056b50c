public import PFKeyListener

/// Prints SAD and SPD entries exactly as ipsec-tools 0.8's setkey does (`pfkey_sadump`, `pfkey_spdump` and
/// `ipsec_dump_policy` in libipsec, built for Linux with policy priorities and security contexts).
public struct DumpFormatter: Sendable {
    /// `-p`: print ports.
    public var withPorts: Bool
    /// The current time in seconds since the epoch (for `current:` and `diff:`).
    public var now: UInt64
    /// How times are rendered.
    public var localTime: LocalTime
    /// Names of upper-layer protocols.
    public var protocols: ProtocolDatabase

    /// Creates a formatter.
    public init(
        withPorts: Bool = false, now: UInt64, localTime: LocalTime = .system, protocols: ProtocolDatabase = .system
    ) {
        self.withPorts = withPorts
        self.now = now
        self.localTime = localTime
        self.protocols = protocols
    }

    private static let saTypeNames = [
        "unspec", "unknown", "ah", "esp", "unknown", "rsvp", "ospfv2", "ripv2", "mip", "ipcomp", "policy", "tcp",
    ]
    private static let modeNames = ["any", "transport", "tunnel"]
    private static let stateNames = ["larval", "mature", "dying", "dead"]

    /// GETMSGSTR: the table entry, or the number, followed by a space.
    private static func tableName(_ table: [String], _ value: Int) -> String {
        (value < table.count ? table[value] : String(value)) + " "
    }

    // MARK: - SAD (`setkey -D`)

    /// One SAD entry (a SADB_DUMP or SADB_GET reply).
    public func formatSecurityAssociation(_ message: SADBMessage) -> String {
        var out = ""
        let natType = message.natTraversalType
        let useNATT = (natType?.encapsulation ?? 0) != 0
        guard let source = message.sourceAddress else { return "no ADDRESS_SRC extension.\n" }
        out += address(source.socketAddress, withPort: withPorts)
        if useNATT, let port = message.natTraversalSourcePort { out += "[\(port.port)]" }
        out += " "
        guard let destination = message.destinationAddress else { return out + " no ADDRESS_DST extension.\n" }
        out += address(destination.socketAddress, withPort: withPorts)
        if useNATT, let port = message.natTraversalDestinationPort { out += "[\(port.port)]" }
        out += " "
        guard let sa = message.securityAssociation else { return out + "no SA extension.\n" }
        guard let sa2 = message.sa2 else { return out + "no SA2 extension.\n" }
        out += "\n\t"
        let satype = message.saType.rawValue
        if useNATT && satype == SADBSAType.esp.rawValue {
            out += "esp-udp "
        } else {
            if useNATT { out += "natt+" }
            out += Self.tableName(Self.saTypeNames, Int(satype))
        }
        out += "mode=" + Self.tableName(Self.modeNames, Int(sa2.mode.rawValue))
        out += "spi=\(sa.spi)(0x\(CFormat.hex(sa.spi, width: 8))) reqid=\(sa2.reqid)(0x\(CFormat.hex(sa2.reqid, width: 8)))\n"
        if useNATT, let oa = message.natTraversalOriginalAddress {
            out += "\tNAT OA=\(address(oa.socketAddress, withPort: false))\n"
        }
        if satype == SADBSAType.ipcomp.rawValue {
            out += "\tC: " + algorithmName(CompressionAlgorithm.dumpName(of: sa.encryptionAlgorithm.rawValue),
                                            sa.encryptionAlgorithm.rawValue)
        } else if satype == SADBSAType.esp.rawValue, let key = message.encryptionKey {
            out += "\tE: " + algorithmName(EncryptionAlgorithm.dumpName(of: sa.encryptionAlgorithm.rawValue),
                                            sa.encryptionAlgorithm.rawValue)
            out += CFormat.hexdump(keyBytes(key)) + "\n"
        }
        if let key = message.authKey {
            out += "\tA: " + algorithmName(AuthenticationAlgorithm.dumpName(of: sa.authAlgorithm.rawValue),
                                            sa.authAlgorithm.rawValue)
            out += CFormat.hexdump(keyBytes(key)) + "\n"
        }
        out += "\tseq=0x\(CFormat.hex(sa2.sequence, width: 8)) replay=\(sa.replayWindow) "
        out += "flags=0x\(CFormat.hex(sa.flags, width: 8)) "
        out += "state=" + Self.tableName(Self.stateNames, Int(sa.state.rawValue)) + "\n"
        if let current = message.currentLifetime {
            let hard = message.hardLifetime
            let soft = message.softLifetime
            out += "\tcreated: \(localTime.render(current.addTime))"
            out += "\tcurrent: \(localTime.render(now))\n"
            let diff = current.addTime == 0 ? 0 : now &- current.addTime
            out += "\tdiff: \(diff)(s)\thard: \(hard?.addTime ?? 0)(s)\tsoft: \(soft?.addTime ?? 0)(s)\n"
            out += "\tlast: \(localTime.render(current.useTime))"
            out += "\thard: \(hard?.useTime ?? 0)(s)\tsoft: \(soft?.useTime ?? 0)(s)\n"
            out += "\tcurrent: \(current.bytes)(bytes)\thard: \(hard?.bytes ?? 0)(bytes)\tsoft: \(soft?.bytes ?? 0)(bytes)\n"
            out += "\tallocated: \(current.allocations)\thard: \(hard?.allocations ?? 0)\tsoft: \(soft?.allocations ?? 0)\n"
        }
        out += securityContextLines(message.securityContext)
        out += "\tsadb_seq=\(message.sequence) pid=\(message.pid) refcnt=\(message.reserved)\n"
        return out
    }

    /// GETMSGV2S: the name or the number, followed by a space.
    private func algorithmName(_ name: String?, _ number: UInt8) -> String { (name ?? String(number)) + " " }

    private func keyBytes(_ key: SADBKey) -> [UInt8] {
        let count = Int(key.bits) / 8
        return key.key.withUnsafeBytes { Array($0.prefix(count)) }
    }

    private func securityContextLines(_ context: SADBSecurityContext?) -> String {
        guard let context else { return "" }
        return "\tsecurity context doi: \(context.doi)\n"
            + "\tsecurity context algorithm: \(context.algorithm)\n"
            + "\tsecurity context length: \(context.context.count)\n"
            + "\tsecurity context: \(CFormat.cString(context.context))\n"
    }

    /// `str_ipaddr` (numeric host, IPv6 scope as `%name`), optionally `[port]`.
    func address(_ socket: SADBSocketAddress, withPort: Bool) -> String {
        let text: String
        switch socket {
        case .ipv4(let host, _):
            text = host.description
        case .ipv6(let host, _, _, let scope):
            text = ScopedAddress(host, scopeID: scope).description
        case .other:
            text = "?"
        }
        return withPort ? "\(text)[\(socket.port)]" : text
    }

    // MARK: - SPD (`setkey -DP`)

    /// One SPD entry (a SADB_X_SPDDUMP or SADB_X_SPDGET reply).
    public func formatPolicy(_ message: SADBMessage) -> String {
        var out = ""
        let xpolicy = message.policy
        if let xpolicy, xpolicy.id % 8 >= 3 {
            // Linux: ids ≡ 3..7 (mod 8) are per-socket policies.
            out += "(per-socket policy) "
        } else if let source = message.sourceAddress, let destination = message.destinationAddress {
            let proto = source.upperLayerProtocol
            out += selector(source, proto: proto)
            out += selector(destination, proto: proto)
            guard source.upperLayerProtocol == destination.upperLayerProtocol else {
                return out + "upper layer protocol mismatched.\n"
            }
            out += upperSpec(proto, source.socketAddress.port, destination.socketAddress.port)
        } else {
            out += "(no selector, probably per-socket policy) "
        }
        guard let xpolicy else { return out + "no X_POLICY extension.\n" }
        out += "\n\t" + policyText(xpolicy, delimiter: "\n\t") + "\n"
        if let current = message.currentLifetime {
            out += "\tcreated: \(localTime.render(current.addTime))  "
            out += "lastused: \(localTime.render(current.useTime))\n"
        }
        if let hard = message.hardLifetime {
            out += "\tlifetime: \(hard.addTime)(s) validtime: \(hard.useTime)(s)\n"
        }
        out += securityContextLines(message.securityContext)
        out += "\tspid=\(xpolicy.id) seq=\(message.sequence) pid=\(message.pid)\n"
        out += "\trefcnt=\(message.reserved)\n"
        return out
    }

    /// `address[/prefix][port] ` as `str_prefport` builds it.
    private func selector(_ side: SADBAddress, proto: UInt8) -> String {
        guard let host = side.address else { return "unknown-af " }
        var text = address(side.socketAddress, withPort: false)
        if Int(side.prefixLength) != host.family.bitCount { text += "/\(side.prefixLength)" }
        switch proto {
        case 1, 58, 135, 47:  // ICMP, ICMPv6, MH, GRE carry no ports
            break
        default:
            let port = side.socketAddress.port
            text += port == 0 ? "[any]" : "[\(port)]"
        }
        return text + " "
    }

    /// `str_upperspec`: the protocol name (or number) and ICMP type/code or GRE key.
    private func upperSpec(_ proto: UInt8, _ sport: UInt16, _ dport: UInt16) -> String {
        var text = protocols.name(of: proto) ?? String(proto)
        guard sport != 0 || dport != 0 else { return text }
        switch proto {
        case 1, 58, 135: text += " \(sport),\(dport)"
        case 47: text += " \(UInt32(sport) << 16 + UInt32(dport))"
        default: break
        }
        return text
    }

    /// `ipsec_dump_policy`: `dir [prio ...] type` and one line per request.
    public func policyText(_ policy: SADBPolicy, delimiter: String) -> String {
        let directions = ["any", "in", "out", "fwd", "in(socket)", "out(socket)"]
        let types = ["discard", "none", "ipsec", "entrust", "bypass"]
        let dir = Int(policy.direction.rawValue)
        let type = Int(policy.policyType.rawValue)
        guard dir < directions.count else { return "Policy:[Invalid direction specified]" }
        guard type < types.count else { return "Policy:[Invalid policy type]" }
        var text = directions[dir] + " " + priorityText(policy.priority) + types[type]
        guard policy.policyType == .ipsec else { return text }
        for request in policy.requests {
            guard let requestText = self.requestText(request) else { return "Policy:[Invalid request]" }
            text += delimiter + requestText
        }
        return text
    }

    /// `prio def `, `prio high + 5 `, or nothing for priority 0.
    private func priorityText(_ priority: UInt32) -> String {
        guard priority != 0 else { return "" }
        let base: UInt32
        let name: String
        if priority < (PolicySpec.priorityDefault / 4) * 3 {
            (base, name) = (PolicySpec.priorityHigh, "prio high")
        } else if priority < (PolicySpec.priorityDefault / 4) * 5 {
            (base, name) = (PolicySpec.priorityDefault, "prio def")
        } else {
            (base, name) = (PolicySpec.priorityLow, "prio low")
        }
        // libipsec negates the (int32) distance from the base to show it the way it is written.
        let offset = -Int64(Int32(bitPattern: priority &- base))
        guard offset != 0 else { return name + " " }
        return name + (offset < 0 ? " - " : " + ") + String(offset.magnitude) + " "
    }

    private func requestText(_ request: SADBIPsecRequest) -> String? {
        let proto: String
        switch request.ipProtocol {
        case 50: proto = "esp"
        case 51: proto = "ah"
        case 108: proto = "ipcomp"
        default: return nil
        }
        guard request.mode.rawValue < 3 else { return nil }
        let mode = Self.modeNames[Int(request.mode.rawValue)]
        var addresses = ""
        if let source = request.tunnelSource, let destination = request.tunnelDestination {
            addresses = address(source, withPort: withPorts) + "-" + address(destination, withPort: withPorts)
        }
        let levels = ["default", "use", "require", "unique"]
        guard request.level.rawValue < 4 else { return nil }
        var text = "\(proto)/\(mode)/\(addresses)/\(levels[Int(request.level.rawValue)])"
        if request.reqid != 0 {
            // IPSEC_MANUAL_REQID_MAX: larger ids were allocated by the kernel or an IKE daemon.
            text += (request.reqid > 0x3FFF ? "#" : ":") + String(request.reqid)
        }
        return text
    }

    // MARK: - Short format (`setkey -Dl`)

    /// The header line of the short format.
    public static let shortHeader = "time p   s spi      ltime   src -> dst\n"

    /// One SA in the short format (`shortdump`).
    public func formatShort(_ message: SADBMessage) -> String {
        let clock = now % 3600
        var out = ""
        out += two(clock / 60) + two(clock % 60)
        let satypeNames = [nil, nil, "ah", "esp"]
        let satype = Int(message.saType.rawValue)
        out += " " + CFormat.left(satype < satypeNames.count ? satypeNames[satype] ?? "#\(satype)" : "#\(satype)", width: 3)
        if let sa = message.securityAssociation {
            let states = ["L", "M", "D", "d"]
            let state = Int(sa.state.rawValue)
            out += " " + CFormat.left(state < states.count ? states[state] : "#\(state)", width: 1)
            out += " " + CFormat.hex(sa.spi, width: 8)
        } else {
            out += "? ?       "
        }
        if message.softLifetime != nil, let hard = message.hardLifetime, let current = message.currentLifetime {
            let age = current.addTime == 0 ? 0 : now &- current.addTime
            out += age >= 1000 ? " big/" : " " + CFormat.right(String(age), width: 3) + "/"
            out += hard.addTime >= 1000 ? "big" : CFormat.left(String(hard.addTime), width: 3)
        } else {
            out += " ???/???"
        }
        out += " "
        out += shortAddress(message.sourceAddress) + " -> " + shortAddress(message.destinationAddress) + "\n"
        return out
    }

    private func two(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private func shortAddress(_ side: SADBAddress?) -> String {
        guard let side else { return "?" }
        var text = ""
        if side.upperLayerProtocol != 0 {
            text += (shortProtocolName(side.upperLayerProtocol) ?? "#\(side.upperLayerProtocol)") + " "
        }
        let port = side.socketAddress.port
        text += address(side.socketAddress, withPort: false)
        if port != 0 { text += "[\(port)]" }
        return text
    }

    private func shortProtocolName(_ proto: UInt8) -> String? {
        switch proto {
        case 0: return "ip"
        case 1: return "icmp"
        case 2: return "igmp"
        case 3: return "ggp"
        case 4: return "ip4"
        case 6: return "tcp"
        case 8: return "egp"
        case 17: return "udp"
        case 22: return "idp"
        case 29: return "tp"
        case 41: return "ip6"
        case 43: return "rt6"
        case 44: return "frag6"
        case 46: return "rsvp"
        case 47: return "gre"
        case 50: return "esp"
        case 51: return "ah"
        case 58: return "icmp6"
        case 59: return "none"
        case 60: return "dst6"
        default: return nil
        }
    }
}
