// libFuzzer target for the setkey(8) command parser (`setkey -f FILE`, `setkey -c`) and the PF_KEY requests built
// from what it accepts; also setkey's own command line. Built by scripts/fuzz.sh with -sanitize=fuzzer,address and
// -DLIBFUZZER; in an ordinary `swift build` it is a small program that replays the files named on its command line.
#if canImport(Glibc)
    import Glibc
#endif
import PFKeyListener
import SetKeyCore
import FuzzSupport

/// A fixed protocol table, so that the result does not depend on the host's /etc/protocols.
let protocols = ProtocolDatabase(
    byName: { name in ["icmp": 1, "tcp": 6, "udp": 17, "ipv6-icmp": 58, "gre": 47][name] },
    byNumber: { number in [1: "icmp", 6: "tcp", 17: "udp", 58: "ipv6-icmp", 47: "gre"][number] })

/// The dump formatter with the host-dependent parts fixed.
let formatter = DumpFormatter(withPorts: true, now: 1_700_000_000, localTime: .utc, protocols: protocols)

/// Feeds one input to the parser and checks its properties. A violated property traps, which libFuzzer reports as a
/// crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    let statements: [SetKeyStatement]
    do {
        statements = try SetKeyParser.parse(bytes, file: "fuzz.conf", protocols: protocols)
    } catch {
        // The error names a place inside the input.
        _ = error.description
        precondition(error.location.line >= 1 && error.location.column >= 1, "error location out of range")
        fuzzCommandLine(bytes)
        return
    }
    // Parsing is deterministic.
    let again = try? SetKeyParser.parse(bytes, file: "fuzz.conf", protocols: protocols)
    precondition(again == statements, "a second parse gives different statements")
    for rfcMode in [true, false] {
        let builder = SetKeyCore.SADBRequestBuilder(pid: 4242, rfcMode: rfcMode)
        for statement in statements {
            for request in builder.requests(for: statement.command) {
                checkRequest(request)
            }
            if case .deleteAll(let source, let destination, let satype) = statement.command {
                _ = builder.deleteRequests(matching: [], source: source, destination: destination, satype: satype)
            }
        }
    }
    fuzzCommandLine(bytes)
}

/// A request the builder made is a well-formed, canonical PF_KEY message that the codec reads back unchanged.
func checkRequest(_ request: SADBMessage) {
    let bytes = request.serialize()
    guard let parsed = try? SADBMessage.parse(bytes) else {
        preconditionFailure("a built request does not parse: \(request)")
    }
    precondition(parsed.message == request, "a built request reads back differently: \(request)")
    precondition(parsed.warnings.isEmpty, "a built request has decoder warnings: \(parsed.warnings)")
    _ = formatter.formatSecurityAssociation(request)
    _ = formatter.formatPolicy(request)
    _ = KernelDebugFormatter().format(request, length: bytes.count)
}

/// The input as setkey's argument vector, split at NUL bytes and newlines.
func fuzzCommandLine(_ bytes: [UInt8]) {
    guard bytes.count <= 512 else { return }
    let arguments = bytes.split(omittingEmptySubsequences: false) { $0 == 0 || $0 == 10 }.map {
        String(decoding: $0, as: UTF8.self)
    }
    _ = try? SetKeyOptions.parse(arguments)
}

@main
struct SetKeyFuzzerMain {
    static func main() { FuzzDriver.run(fuzzOneInput) }
}
