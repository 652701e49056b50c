internal import RaccoonCore

/// `raccoon-loadgen`'s command line.
struct LoadGenOptions {
    /// The responder.
    var remote = Endpoint(address: .v4(10, 231, 0, 2), port: 500)
    /// Our UDP port (every virtual host uses it).
    var localPort: UInt16 = 500
    /// The first address of the virtual hosts' net, and how many addresses it has.
    var localNetwork: (base: UInt32, size: UInt32) = (0x0ae8_0000, 1 << 16)
    /// Negotiations to run.
    var count = 1000
    /// Negotiations in flight.
    var concurrency = 8
    /// The pre-shared key (the responder's psk.txt holds it for every host address).
    var preSharedKey = "raccoon-bench-psk"
    /// A negotiation not done after this long counts as failed.
    var negotiationTimeout: Duration = .seconds(60)
    /// Engine log level on standard error.
    var logLevel = "warning"
    /// The initiators' IPsec mode (their policies' templates).
    var tunnelMode = true
    /// `--respond`: run the interim engine-level responder instead of initiators.
    var respond = false
    /// The responder's address (`--listen`, with `--respond`).
    var listenAddress: IPAddress = .v4(10, 231, 0, 2)

    static let usage = """
        usage: raccoon-loadgen --remote ADDR[:PORT] --local-net A.B.C.D/LEN --count N --concurrency C
                               [--mode tunnel|transport] [--psk KEY] [--port PORT] [--timeout SECONDS]
                               [--log-level LEVEL]
               raccoon-loadgen --respond --listen ADDR --local-net A.B.C.D/LEN --count N [--psk KEY]
        Runs N IKEv1 negotiations (Main Mode PSK + Quick Mode with PFS; IKE aes128-sha1-modp1024,
        ESP aes128-sha1 + modp1024, tunnel mode) against ADDR, at most C in flight. Negotiation i is a
        virtual host with address NET+1+i, its own IKEEngine and in-memory kernel, started by an
        SADB_ACQUIRE for its own flow. Prints one LOADGEN line on standard output.
        --respond runs one IKEEngine as a passive responder (remote anonymous, sainfo anonymous, one
        transport-mode policy pair for the peer net, a fake kernel that stores nothing) until killed: an
        interim stand-in for `raccoon --kernel=memory`, printing RESPONDER established=N every second.
        """

    /// Parses `arguments` (without the program name).
    init(arguments: [String]) throws(LoadGenError) {
        var index = 0
        func value(_ name: String) throws(LoadGenError) -> String {
            index += 1
            guard index < arguments.count else { throw .usage("\(name) needs a value\n\(Self.usage)") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--remote":
                let text = try value(argument)
                let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                guard let address = IPAddress(parts[0]), address.isIPv4 else { throw .usage("bad --remote \(text)") }
                var port: UInt16 = 500
                if parts.count == 2 {
                    guard let parsed = UInt16(parts[1]) else { throw .usage("bad --remote port \(text)") }
                    port = parsed
                }
                remote = Endpoint(address: address, port: port)
            case "--local-net":
                let text = try value(argument)
                let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, case .v4(let a, let b, let c, let d)? = IPAddress(parts[0]),
                    let length = Int(parts[1]), (8...30).contains(length)
                else { throw .usage("bad --local-net \(text) (IPv4 A.B.C.D/8..30)") }
                let address = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
                let size = UInt32(1) << UInt32(32 - length)
                localNetwork = (address & ~(size - 1), size)
            case "--count":
                guard let parsed = Int(try value(argument)), parsed > 0 else { throw .usage("bad --count") }
                count = parsed
            case "--concurrency":
                guard let parsed = Int(try value(argument)), parsed > 0 else { throw .usage("bad --concurrency") }
                concurrency = parsed
            case "--mode":
                switch try value(argument) {
                case "tunnel": tunnelMode = true
                case "transport": tunnelMode = false
                default: throw .usage("--mode tunnel|transport")
                }
            case "--respond":
                respond = true
            case "--listen":
                let text = try value(argument)
                guard let address = IPAddress(text), address.isIPv4 else { throw .usage("bad --listen \(text)") }
                listenAddress = address
            case "--psk":
                preSharedKey = try value(argument)
            case "--port":
                guard let parsed = UInt16(try value(argument)) else { throw .usage("bad --port") }
                localPort = parsed
            case "--timeout":
                guard let parsed = Int(try value(argument)), parsed > 0 else { throw .usage("bad --timeout") }
                negotiationTimeout = .seconds(parsed)
            case "--log-level":
                logLevel = try value(argument)
            case "-h", "--help":
                throw .usage(Self.usage)
            default:
                throw .usage("unknown argument \(argument)\n\(Self.usage)")
            }
            index += 1
        }
        guard UInt32(count) <= localNetwork.size - 2 else {
            throw .usage("--local-net has \(localNetwork.size - 2) host addresses, fewer than --count \(count)")
        }
    }

    /// The peer net's address (host bits zero).
    var networkAddress: IPAddress {
        let value = localNetwork.base
        return .v4(UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
                   UInt8(truncatingIfNeeded: value))
    }

    /// Host `i`'s address: the net's first address + 1 + i.
    func hostAddress(_ index: Int) -> IPAddress {
        let value = localNetwork.base + 1 + UInt32(index)
        return .v4(UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
                   UInt8(truncatingIfNeeded: value))
    }
}
