// raccoon-loadgen: drives IKEEngine initiators with in-memory kernels over real UDP, for scripts/bench/.
// Not part of the daemon and not run by the test suite; see docs/performance.md.
import Glibc
import Logging
import RaccoonCore

/// Writes `text` to standard error.
func printError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
}

/// VmHWM of this process, in KiB (0 when /proc is unreadable).
func peakRSSKiB() -> Int {
    let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        bytes += chunk[0..<count]
    }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
    }
    return 0
}

let options: LoadGenOptions
do {
    options = try LoadGenOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("\(error)\n")
    exit(1)
}
var logger = Logger(label: "raccoon-loadgen") { StreamLogHandler.standardError(label: $0) }
logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .warning

// The bench's work: IKE aes128-sha1-modp1024 with a PSK, ESP aes128-sha1 with PFS modp1024, as racoon.conf's
// `remote ADDR { proposal { ... } }` and `sainfo anonymous { pfs_group modp1024; ... }` would say.
let remote = RemotePolicy(
    address: options.remote.address, port: options.remote.port,
    proposals: [Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024)])
let saInfo = SAInfoPolicy(
    pfsGroup: .modp1024, lifetimeSeconds: 3600, encryption: [.aes(keyBits: 128)], authentication: [.hmacSHA1])
let configuration = EngineConfiguration(
    remotes: [remote], saInfos: [saInfo],
    preSharedKeys: PreSharedKeyTable(["\(options.remote.address)": Array(options.preSharedKey.utf8)]))

if options.respond {
    do {
        let socket = try PacketInfoSocket(port: options.localPort)
        try EngineResponder(options: options, socket: socket, logger: logger).run()
    } catch {
        printError("raccoon-loadgen: \(error)\n")
        exit(1)
    }
}

do {
    let socket = try PacketInfoSocket(port: options.localPort)
    let generator = LoadGenerator(options: options, socket: socket, configuration: configuration, logger: logger)
    let summary = try generator.run()
    let rate = summary.elapsedSeconds > 0 ? Double(summary.completed) / summary.elapsedSeconds : 0
    let cpuMilliseconds = summary.completed > 0 ? 1000 * summary.cpuSeconds / Double(summary.completed) : 0
    printError(
        "raccoon-loadgen: \(summary.completed)/\(options.count) established, \(summary.failed) failed, "
            + "\(summary.socketErrors) send errors\n")
    print(
        "LOADGEN ok=\(summary.completed) failed=\(summary.failed) elapsed_s=\(summary.elapsedSeconds) rate=\(rate) "
            + "cpu_ms=\(cpuMilliseconds) p50_ms=\(summary.percentile(50)) p99_ms=\(summary.percentile(99)) "
            + "peak_rss_kib=\(peakRSSKiB()) dh_ready=\(summary.keyPairs.ready) dh_on_demand=\(summary.keyPairs.madeOnDemand)")
    exit(summary.completed == options.count ? 0 : 2)
} catch {
    printError("raccoon-loadgen: \(error)\n")
    exit(1)
}
