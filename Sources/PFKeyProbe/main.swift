// pfkey-probe: drives Raccoon's PFKeyListener against a real kernel. Used by scripts/vm/guest/pfkey-kernel-test.sh
// inside a qemu guest (this host's kernel has no PF_KEY) and to capture golden SADB messages for the tests.
//
//   pfkey-probe register [--capture DIR]
//   pfkey-probe spddump [--capture DIR]
//   pfkey-probe wait TYPE [--count N] [--timeout S] [--ready FILE] [--capture DIR]     TYPE: acquire, expire, …
//   pfkey-probe keying --role initiator|responder --self IP --peer IP --xchg DIR
//                      [--ctx auto|none] [--lifetime S] [--timeout S] [--ready FILE] [--capture DIR]
//   pfkey-probe dump [--satype esp]
//   pfkey-probe flush [--satype esp|unspec]
// Every line it prints that starts with "PROBE FAIL" is a failure; the exit status is non-zero then.
import Foundation
import PFKeyListener

struct ProbeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}

let command = CommandLine.arguments.dropFirst().first ?? "help"
let arguments = Array(CommandLine.arguments.dropFirst(2))

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// Prints a line unbuffered (the guest job may be killed at any time).
func say(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

let captureDirectory = option("--capture")
nonisolated(unsafe) var captureCounter = 0

/// Writes a received message as hex to the capture folder (one file per message).
func capture(_ bytes: [UInt8], _ message: SADBMessage) {
    guard let directory = captureDirectory else { return }
    captureCounter += 1
    let name = String(format: "%@-%02d-%@.hex", command, captureCounter, "\(message.type)".lowercased())
    let hex = stride(from: 0, to: bytes.count, by: 16).map { start in
        bytes[start..<min(start + 16, bytes.count)].map { String(format: "%02x", $0) }.joined(separator: " ")
    }.joined(separator: "\n")
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data((hex + "\n").utf8))
}

/// A channel wrapper that captures every received message before the session sees it.
final class CapturingChannel: KernelChannel {
    let inner: PFKeySocket
    init(_ inner: PFKeySocket) { self.inner = inner }
    var pid: UInt32 { inner.pid }
    func send(bytes: [UInt8]) throws(PFKeyError) { try inner.send(bytes: bytes) }
    func receiveBytes() throws(PFKeyError) -> [UInt8]? {
        guard let bytes = try inner.receiveBytes() else { return nil }
        if let message = try? SADBMessage(parsing: bytes) {
            capture(bytes, message)
            say("recv \(message)")
        } else {
            say("recv malformed message of \(bytes.count) bytes")
        }
        return bytes
    }
    func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool { try inner.waitUntilReadable(timeout: timeout) }
}

func openSession() throws -> KernelSession {
    let socket = try PFKeySocket(bufferKB: option("--buffer").flatMap { Int($0) })
    say("PF_KEY socket open: fd=\(socket.fileDescriptor) pid=\(socket.pid) rcvbuf=\(socket.receiveBufferSize)")
    return KernelSession(channel: CapturingChannel(socket), firstSequence: UInt32(truncatingIfNeeded: getpid()) << 8)
}

func saType(_ text: String?) -> SADBSAType {
    switch text {
    case "ah": .ah
    case "ipcomp": .ipcomp
    case "unspec", "all": .unspecified
    default: .esp
    }
}

/// Waits for the next message that `matches`, handing other messages to `other`.
func waitFor(
    _ session: KernelSession, timeout: Duration, _ matches: (SADBMessage) -> Bool,
    other: (SADBMessage) -> Void = { _ in }
) throws -> SADBMessage {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        while let input = try session.receive() {
            switch input {
            case .message(let result):
                for warning in result.warnings { say("warning: \(warning)") }
                if matches(result.message) { return result.message }
                other(result.message)
            case .malformed(let error, let count):
                say("PROBE FAIL malformed kernel message (\(count) bytes): \(error)")
            case .notice(let line):
                say("notice: \(line)")
            }
        }
        let now = clock.now
        guard now < deadline, try session.channel.waitUntilReadable(timeout: now.duration(to: deadline)) else {
            throw ProbeFailure("timed out")
        }
    }
}

func register(_ session: KernelSession) throws -> SupportedAlgorithms {
    let started = ContinuousClock.now
    let supported = try session.register(timeout: .seconds(240))
    say("REGISTER esp/ah/ipcomp done in \(ContinuousClock.now - started)")
    for type in KernelSession.registeredSATypes {
        let auth = (supported.authentication[type] ?? []).map { "\(SADBAuthenticationAlgorithm(rawValue: $0.identifier))" }
        let enc = (supported.encryption[type] ?? []).map { "\(SADBEncryptionAlgorithm(rawValue: $0.identifier))" }
        say("supported \(type): auth=[\(auth.joined(separator: ","))] enc=[\(enc.joined(separator: ","))]")
    }
    try supported.validate(SADBEncryptionAlgorithm.aesCBC, keyBits: 128)
    try supported.validate(SADBEncryptionAlgorithm.tripleDESCBC, keyBits: 192)
    try supported.validate(SADBAuthenticationAlgorithm.hmacSHA1, keyBits: 160)
    try supported.validate(SADBAuthenticationAlgorithm.hmacMD5, keyBits: 128)
    return supported
}

func spdDump(_ session: KernelSession) throws -> SPDMirror {
    let load = try session.loadSecurityPolicies()
    for change in load.changes { if case .rejected(let error) = change { say("PROBE FAIL SPD entry rejected: \(error)") } }
    for warning in load.warnings { say("warning: \(warning)") }
    say("SPDDUMP: \(load.mirror.policies.count) policies")
    for policy in load.mirror.policies.values.sorted(by: { $0.id < $1.id }) { say("  policy \(policy)") }
    return load.mirror
}

func writeFile(_ path: String, _ text: String) {
    _ = FileManager.default.createFile(atPath: path + ".tmp", contents: Data((text + "\n").utf8))
    _ = rename(path + ".tmp", path)
}

func waitFile(_ path: String, timeout: Duration) throws -> String {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        usleep(50_000)
    }
    throw ProbeFailure("timeout waiting for \(path)")
}

/// The keys both peers agree on (the test gives them; IKE would derive them from KEYMAT).
func keys(_ direction: String) -> (SADBAuthenticationAlgorithm, KeyBytes, SADBEncryptionAlgorithm, KeyBytes) {
    direction == "i2r"
        ? (.hmacSHA1, KeyBytes((1...20).map { UInt8($0) }), .tripleDESCBC, KeyBytes((0x21..<0x39).map { UInt8($0) }))
        : (.hmacMD5, KeyBytes((0x41..<0x51).map { UInt8($0) }), .aesCBC, KeyBytes((0x61..<0x71).map { UInt8($0) }))
}

func keying() throws {
    guard let role = option("--role"), let me = option("--self").flatMap(IPAddress.init),
        let peer = option("--peer").flatMap(IPAddress.init), let exchange = option("--xchg")
    else { throw ProbeFailure("keying needs --role --self --peer --xchg") }
    let timeout = Duration.seconds(Int(option("--timeout") ?? "60") ?? 60)
    let lifetime = UInt64(option("--lifetime") ?? "3600") ?? 3600
    let contextMode = option("--ctx") ?? "none"
    let session = try openSession()
    _ = try register(session)
    var mirror = try spdDump(session)
    if let ready = option("--ready") { writeFile(ready, "ready") }

    var acquireSequence: UInt32 = 0
    var context: SADBSecurityContext?
    var outboundReqid: UInt32 = 0
    var inboundReqid: UInt32 = 0
    var mode = IPsecMode.transport
    if role == "initiator" {
        say("[initiator] waiting for SADB_ACQUIRE")
        let message = try waitFor(session, timeout: timeout, { $0.type == .acquire && $0.errno == 0 }) {
            mirror.apply($0)
        }
        let acquire = try SADBAcquire(message)
        acquireSequence = acquire.sequence
        say("[initiator] ACQUIRE seq=\(acquire.sequence) policy id:\(acquire.policyID) \(acquire.source)->\(acquire.destination) combs=\(acquire.proposal?.combinations.count ?? -1) ctx=\(acquire.securityContext.map { "\($0)" } ?? "none")")
        let outbound = try mirror.outboundPolicy(for: acquire)
        say("[initiator] outbound policy \(outbound)")
        outboundReqid = outbound.requests.first?.reqid ?? 0
        mode = outbound.requests.first?.mode ?? .transport
        if let inbound = mirror.inboundPolicy(
            reversing: outbound, flowContext: acquire.securityContext, contextMatches: { _, _ in true })
        {
            say("[initiator] inbound policy \(inbound)")
            inboundReqid = inbound.requests.first?.reqid ?? 0
        } else {
            say("[initiator] no in-bound policy found")
        }
        if contextMode == "auto" {
            guard let flow = acquire.securityContext else { throw ProbeFailure("--ctx auto but the ACQUIRE has no X_SEC_CTX") }
            context = flow
            writeFile("\(exchange)/ctx", "\(flow.algorithm) \(flow.doi) \(flow.context.map { String(format: "%02x", $0) }.joined())")
        }
    } else {
        say("[responder] waiting for the initiator's SPI")
        _ = try waitFile("\(exchange)/initiator.spi", timeout: timeout)
        if contextMode == "auto" {
            let fields = try waitFile("\(exchange)/ctx", timeout: timeout).split(separator: " ")
            guard fields.count == 3, let alg = UInt8(fields[0]), let doi = UInt8(fields[1]) else { throw ProbeFailure("bad ctx file") }
            let hex = Array(fields[2])
            let bytes = stride(from: 0, to: hex.count - 1, by: 2).compactMap { UInt8(String(hex[$0...$0 + 1]), radix: 16) }
            context = SADBSecurityContext(algorithm: alg, doi: doi, context: bytes)
        }
    }
    if contextMode != "auto" && contextMode != "none" { context = SADBSecurityContext(label: contextMode) }

    // GETSPI for the inbound SA (src = peer, dst = me); on the initiator seq = the ACQUIRE's seq.
    let spiSequence = acquireSequence != 0 ? acquireSequence : session.nextSequence()
    let spiReply = try session.request(
        session.requests.getSPI(
            GetSPIRequest(saType: .esp, source: peer, destination: me, mode: mode, reqid: inboundReqid),
            sequence: spiSequence), timeout: timeout)
    guard let spi = spiReply.message.securityAssociation?.spi else { throw ProbeFailure("GETSPI reply without SA") }
    say("[\(role)] GETSPI ok: inbound SPI 0x\(String(spi, radix: 16)) state=\(spiReply.message.securityAssociation!.state)")
    writeFile("\(exchange)/\(role).spi", "\(spi)")
    let peerRole = role == "initiator" ? "responder" : "initiator"
    guard let peerSPI = UInt32(try waitFile("\(exchange)/\(peerRole).spi", timeout: timeout)) else { throw ProbeFailure("bad SPI file") }
    say("[\(role)] peer's inbound SPI 0x\(String(peerSPI, radix: 16))")

    let (inboundDirection, outboundDirection) = role == "initiator" ? ("r2i", "i2r") : ("i2r", "r2i")
    var (aalg, akey, ealg, ekey) = keys(inboundDirection)
    let inbound = SAInstallation(
        saType: .esp, spi: spi, source: peer, destination: me, mode: mode, reqid: inboundReqid, authAlgorithm: aalg,
        encryptionAlgorithm: ealg, authKey: akey, encryptionKey: ekey, lifetimeSeconds: lifetime, securityContext: context)
    let update = try session.request(session.requests.update(inbound, sequence: spiSequence), timeout: timeout)
    say("[\(role)] UPDATE ok: spi=0x\(String(spi, radix: 16)) \(ealg)/\(aalg) soft=\(update.message.softLifetime?.addTime ?? 0) hard=\(update.message.hardLifetime?.addTime ?? 0)")
    (aalg, akey, ealg, ekey) = keys(outboundDirection)
    let outbound = SAInstallation(
        saType: .esp, spi: peerSPI, source: me, destination: peer, mode: mode, reqid: outboundReqid, authAlgorithm: aalg,
        encryptionAlgorithm: ealg, authKey: akey, encryptionKey: ekey, lifetimeSeconds: lifetime, securityContext: context)
    _ = try session.request(session.requests.add(outbound, sequence: spiSequence), timeout: timeout)
    say("[\(role)] ADD ok: spi=0x\(String(peerSPI, radix: 16)) \(ealg)/\(aalg)")
    writeFile("\(exchange)/\(role).done", "ok")
    say("PROBE PASS keying \(role)")
}

do {
    switch command {
    case "register":
        let session = try openSession()
        _ = try register(session)
        say("PROBE PASS register")
    case "spddump":
        let session = try openSession()
        _ = try spdDump(session)
        say("PROBE PASS spddump")
    case "wait":
        guard arguments.count >= 1 else { throw ProbeFailure("wait needs a message type") }
        let wanted = arguments[0].lowercased()
        let count = Int(option("--count") ?? "1") ?? 1
        let session = try openSession()
        _ = try session.request(session.requests.register(.esp, sequence: session.nextSequence()), timeout: .seconds(240))
        if let ready = option("--ready") { writeFile(ready, "ready") }
        let timeout = Duration.seconds(Int(option("--timeout") ?? "30") ?? 30)
        for index in 1...count {
            let message = try waitFor(session, timeout: timeout) { "\($0.type)".lowercased() == "sadb_\(wanted)" || "\($0.type)".lowercased() == "sadb_x_\(wanted)" }
            switch try KernelEvent.classify(message, ownPID: session.pid) {
            case .acquire(let acquire):
                say("event \(index): ACQUIRE seq=\(acquire.sequence) policy id:\(acquire.policyID) \(acquire.source)->\(acquire.destination) combs=\(acquire.proposal?.combinations.count ?? -1) ctx=\(acquire.securityContext.map { "\($0)" } ?? "none")")
            case .expire(let expiry):
                say("event \(index): EXPIRE \(expiry.isHard ? "hard" : "soft") \(expiry.sa)")
            case let other:
                say("event \(index): \(other)")
            }
        }
        say("PROBE PASS wait \(wanted)")
    case "keying":
        try keying()
    case "dump":
        let session = try openSession()
        let replies = try session.dump(session.requests.dump(saType(option("--satype")), sequence: session.nextSequence()))
        for reply in replies {
            if let sa = try? SAIdentity(reply.message) { say("SA \(sa) state=\(reply.message.securityAssociation!.state)") }
        }
        say("PROBE PASS dump \(replies.count) SAs")
    case "flush":
        let session = try openSession()
        _ = try session.request(session.requests.flush(saType(option("--satype")), sequence: session.nextSequence()))
        say("PROBE PASS flush")
    default:
        say("usage: pfkey-probe register|spddump|wait TYPE|keying|dump|flush [options]")
        exit(command == "help" ? 0 : 2)
    }
} catch {
    say("PROBE FAIL \(command): \(error)")
    exit(1)
}
