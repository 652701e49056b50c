// libFuzzer target for the PF_KEY (SADB) codec and what reads kernel messages: event classification, the SPD
// mirror, the REGISTER reply reader, and setkey's dump formatters. Built by scripts/fuzz.sh with
// -sanitize=fuzzer,address and -DLIBFUZZER; in an ordinary `swift build` it is a small program that replays the files
// named on its command line.
#if canImport(Glibc)
    import Glibc
#endif
import PFKeyListener
import SetKeyCore

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

@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOneInput(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if LIBFUZZER
    /// libFuzzer's driver (compiler-rt `FuzzerDriver.cpp`). SwiftPM links every executable with its own entry point
    /// (`SADBFuzzer_main`), so libFuzzer's `main` is not used; this entry point hands control to the driver instead.
    @_silgen_name("LLVMFuzzerRunDriver")
    func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// Runs libFuzzer with the command-line arguments.
    @main
    struct SADBFuzzerMain {
        static func main() {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(llvmFuzzerRunDriver(&argc, &argv, llvmFuzzerTestOneInput))
        }
    }
#else
    /// Without libFuzzer: replays each file named on the command line.
    @main
    struct SADBFuzzerReplay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let file = fopen(path, "rb") else {
                    print("cannot open \(path)")
                    exit(2)
                }
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = fread(&buffer, 1, buffer.count, file)
                    if count <= 0 { break }
                    bytes.append(contentsOf: buffer[0..<count])
                }
                fclose(file)
                fuzzOneInput(bytes)
                print("ok \(path) (\(bytes.count) bytes)")
            }
        }
    }
#endif
