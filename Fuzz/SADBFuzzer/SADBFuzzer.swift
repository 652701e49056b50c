// libFuzzer target for the PF_KEY (SADB) codec and what reads kernel messages: event classification, the SPD
// mirror, the REGISTER reply reader, and setkey's dump formatters. Built by scripts/fuzz.sh with
// -sanitize=fuzzer,address and -DLIBFUZZER; in an ordinary `swift build` it is a small program that replays the files
// named on its command line.
#if canImport(Glibc)
    import Glibc
#endif
import PFKeyListener
import SetKeyCore
import FuzzSupport

/// The dump formatter with everything that depends on the host fixed (time, time zone, /etc/protocols).
let formatter = DumpFormatter(
    withPorts: true, now: 1_700_000_000, localTime: .utc,
    protocols: ProtocolDatabase(byName: { $0 == "tcp" ? 6 : nil }, byNumber: { $0 == 6 ? "tcp" : nil }))

/// Feeds one input to every entry point and checks the round-trip properties. A violated property traps, which
/// libFuzzer reports as a crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    if let result = try? SADBMessage.parse(bytes) {
        checkRoundTrip(result, of: bytes)
        inspect(result.message)
    }
    // The bytes as a file of messages stored back to back (`setkey FILE`).
    if let messages = try? MessageFilePrinter.split(bytes) {
        _ = MessageFilePrinter(formatter: formatter).render(messages)
        var mirror = SPDMirror()
        for message in messages { mirror.apply(message) }
        _ = mirror.policies.values.map(\.description)
    }
}

/// Parse, serialise, parse again: the same message, canonical bytes, and the input itself when it was canonical.
func checkRoundTrip(_ result: SADBParseResult, of bytes: [UInt8]) {
    let serialized = result.message.serialize()
    guard let reparsed = try? SADBMessage.parse(serialized) else {
        preconditionFailure("a re-serialised message does not parse")
    }
    precondition(reparsed.message == result.message, "the re-parsed message differs")
    precondition(!reparsed.warnings.contains(where: isNonCanonical), "serialize() wrote non-canonical bytes")
    precondition(reparsed.message.serialize() == serialized, "serialising is not stable")
    if !result.warnings.contains(where: isNonCanonical) {
        precondition(serialized == bytes, "a canonical message re-serialises to different bytes")
    }
}

/// True for the warning that says re-encoding an extension gives different bytes.
func isNonCanonical(_ warning: SADBParseWarning) -> Bool {
    if case .nonCanonicalExtension = warning { return true }
    return false
}

/// Runs the readers the daemon and setkey apply to a kernel message.
func inspect(_ message: SADBMessage) {
    _ = message.description
    for ownPID: UInt32 in [0, message.pid, message.pid &+ 1] {
        if case .acquire(let acquire)? = try? KernelEvent.classify(message, ownPID: ownPID) {
            _ = acquire.shouldBeIgnored
        }
    }
    var mirror = SPDMirror()
    if case .added(let policy) = mirror.apply(message) {
        _ = policy.description
        _ = policy.selector.reversed.description
        if let acquire = try? SADBAcquire(message) {
            _ = try? mirror.outboundPolicy(for: acquire)
        }
        _ = mirror.inboundPolicy(
            reversing: policy, flowContext: policy.securityContext, contextMatches: SPDMirror.sameLabel)
    }
    var supported = SupportedAlgorithms()
    supported.record(registerReply: message)
    _ = formatter.formatSecurityAssociation(message)
    _ = formatter.formatPolicy(message)
    _ = formatter.formatShort(message)
    _ = KernelDebugFormatter().format(message, length: message.serialize().count)
}

@main
struct SADBFuzzerMain {
    static func main() { FuzzDriver.run(fuzzOneInput) }
}
