public import PFKeyListener

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Runs setkey operations against a PF_KEY channel: applies parsed statements, dumps, flushes and monitors,
/// printing what ipsec-tools' setkey prints.
public final class SetKeySession {
    private let channel: any KernelChannel
    private let options: SetKeyOptions
    private let output: SetKeyOutput
    private let clock: @Sendable () -> UInt64
    private let builder: SADBRequestBuilder
    private let replyTimeout: Duration
    /// The formatter used for `-D`, `-DP`, `get`, `dump` and `spddump`.
    public var formatter: DumpFormatter

    /// Creates a session. `clock` gives seconds since the epoch; `replyTimeout` bounds each wait for the kernel.
    public init(
        channel: any KernelChannel, options: SetKeyOptions, output: SetKeyOutput,
        clock: @escaping @Sendable () -> UInt64, localTime: LocalTime = .system,
        protocols: ProtocolDatabase = .system, replyTimeout: Duration = .seconds(30)
    ) {
        self.channel = channel
        self.options = options
        self.output = output
        self.clock = clock
        self.builder = SADBRequestBuilder(pid: channel.pid, rfcMode: options.rfcMode)
        self.replyTimeout = replyTimeout
        self.formatter = DumpFormatter(
            withPorts: options.withPorts, now: clock(), localTime: localTime, protocols: protocols)
    }

    // MARK: - Statements

    /// Applies statements in order. A refused statement is reported and the next one is tried, as setkey does;
    /// the failures are returned.
    @discardableResult
    public func apply(_ statements: [SetKeyStatement]) -> [SetKeyFailure] {
        var failures: [SetKeyFailure] = []
        for statement in statements {
            if statement.command == .exit { break }
            do {
                try apply(statement.command)
            } catch {
                let failure = SetKeyFailure(location: statement.location, command: statement.command.name, error: error)
                output.error("setkey: \(failure)\n")
                failures.append(failure)
            }
        }
        return failures
    }

    private func apply(_ command: SetKeyCommand) throws(PFKeyError) {
        if case .deleteAll(let source, let destination, let satype) = command {
            let dump = try exchange(builder.header(.dump, SADBSAType(rawValue: satype.rawValue)), allowEmpty: true)
            for request in builder.deleteRequests(matching: dump, source: source, destination: destination, satype: satype) {
                _ = try exchange(request)
            }
            return
        }
        for request in builder.requests(for: command) {
            let emptyIsFine = request.type == .dump || request.type == .spdDump
            let replies = try exchange(request, allowEmpty: emptyIsFine)
            if replies.isEmpty, emptyIsFine {
                output.standard(request.type == .dump ? "No SAD entries.\n" : "No SPD entries.\n")
            }
            print(replies)
        }
    }

    /// `-D`/`-DP` (printing) or `-F`/`-FP`.
    public func run(commandLine type: SADBMessageType) -> Bool {
        let name = type == .dump ? "-D" : type == .spdDump ? "-DP" : type == .flush ? "-F" : "-FP"
        do {
            if options.loop && type == .dump {
                output.standard(DumpFormatter.shortHeader)
                while true {
                    print(try exchange(builder.header(type), allowEmpty: true))
                    sleepOneSecond()
                }
            }
            let replies = try exchange(builder.header(type), allowEmpty: type == .dump || type == .spdDump)
            if replies.isEmpty, type == .dump || type == .spdDump {
                output.standard(type == .dump ? "No SAD entries.\n" : "No SPD entries.\n")
            }
            print(replies)
            return true
        } catch {
            output.error("setkey: \(SetKeyFailure(location: nil, command: name, error: error))\n")
            return false
        }
    }

    private func sleepOneSecond() {
        _ = try? channel.waitUntilReadable(timeout: .zero)
        let deadline = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < deadline {
            _ = try? channel.waitUntilReadable(timeout: .milliseconds(100))
            _ = try? channel.receiveBytes()
        }
    }

    private func print(_ replies: [SADBMessage]) {
        formatter.now = clock()
        for reply in replies {
            switch reply.type {
            case .dump:
                if !options.all, reply.securityAssociation?.state == .dead { continue }
                output.standard(options.loop ? formatter.formatShort(reply) : formatter.formatSecurityAssociation(reply))
            case .get:
                output.standard(formatter.formatSecurityAssociation(reply))
            case .spdDump, .spdGet:
                output.standard(formatter.formatPolicy(reply))
            default:
                break
            }
        }
    }

    // MARK: - Exchange

    /// Sends `request` and collects its replies: one for most requests, every entry for dumps (the kernel
    /// marks the last with sequence 0). Messages of other processes are ignored.
    func exchange(_ request: SADBMessage, allowEmpty: Bool = false) throws(PFKeyError) -> [SADBMessage] {
        let bytes = request.serialize()
        if options.verbose {
            output.standard(KernelDebugFormatter().format(request, length: bytes.count) + "\n")
        }
        if options.hexDump { output.standard(Self.hexLines(bytes)) }
        try channel.send(bytes: bytes)
        var replies: [SADBMessage] = []
        let isDump = request.type == .dump || request.type == .spdDump
        while true {
            guard try channel.waitUntilReadable(timeout: replyTimeout) else {
                throw .timedOut(request: request.type, sequence: request.sequence)
            }
            guard let raw = try channel.receiveBytes() else { continue }
            let reply: SADBMessage
            do {
                reply = try SADBMessage(parsing: raw)
            } catch {
                throw .malformedReply(error)
            }
            if options.verbose {
                output.standard(KernelDebugFormatter().format(reply, length: raw.count) + "\n")
            }
            guard reply.type == request.type, reply.pid == request.pid else { continue }
            if reply.errno != 0 {
                // RFC 2367 §2.4.1: an empty database answers a dump with ENOENT.
                if isDump && reply.errno == 2 && allowEmpty && replies.isEmpty { return [] }
                throw .requestFailed(request: request.type, errno: reply.errno)
            }
            replies.append(reply)
            if !isDump || reply.sequence == 0 { return replies }
        }
    }

    // MARK: - Monitor (`-x`)

    /// `-x`: registers as a promiscuous listener and prints every PF_KEY message until the process ends
    /// (or `limit` messages were printed, for tests).
    public func monitor(limit: Int? = nil) throws(PFKeyError) {
        var promisc = builder.header(.promisc, SADBSAType(rawValue: 1))
        promisc.saType = SADBSAType(rawValue: 1)
        try channel.send(promisc)
        var printed = 0
        while limit.map({ printed < $0 }) ?? true {
            guard try channel.waitUntilReadable(timeout: .seconds(3600)) else { continue }
            guard var raw = try channel.receiveBytes() else { continue }
            // A promiscuous copy may come wrapped in an SADB_X_PROMISC header (BSD); unwrap it. A bare
            // SADB_X_PROMISC header (the kernel's answer to ours) has nothing to print.
            if raw.count > 1, raw[1] == SADBMessageType.promisc.rawValue {
                guard raw.count > 16 else { continue }
                raw = Array(raw[16...])
            }
            output.standard(timestamp())
            if options.hexDump { output.standard(Self.hexLines(raw)) }
            do {
                let message = try SADBMessage(parsing: raw)
                output.standard(KernelDebugFormatter().format(message, length: raw.count) + "\n")
            } catch {
                output.standard("malformed PF_KEY message (\(raw.count) bytes): \(error)\n\n")
            }
            printed += 1
        }
    }

    /// setkey's `printdate()`: local time of day with microseconds, or (`-xx`) seconds.microseconds.
    private func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let micros = String(now.tv_nsec / 1000)
        let fraction = String(repeating: "0", count: max(0, 6 - micros.count)) + micros
        if options.monitorLevel > 1 { return "\(now.tv_sec).\(fraction) \n" }
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction) \n"
    }

    static func hexLines(_ bytes: [UInt8]) -> String {
        var out = ""
        for (i, byte) in bytes.enumerated() {
            if i % 16 == 0 { out += CFormat.hex(i, width: 8) + ": " }
            out += CFormat.hex(byte, width: 2) + " "
            if i % 16 == 15 { out += "\n" }
        }
        if bytes.count % 16 != 0 { out += "\n" }
        return out
    }
}
