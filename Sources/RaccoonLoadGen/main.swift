// raccoon-loadgen: drives IKEEngine initiators with in-memory kernels over real UDP, for scripts/bench/.
// Not part of the daemon and not run by the test suite; see docs/performance.md.
import Glibc
import Logging
import RaccoonCore

func peakRSSKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(cString: line)
        if text.hasPrefix("VmHWM:") {
            return Int(text.dropFirst(6).split(separator: " ").first ?? "") ?? 0
        }
    }
    return 0
}

let options: LoadGenOptions
do {
    options = try LoadGenOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    fputs("\(error)\n", stderr)
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

do {
    let socket = try PacketInfoSocket(port: options.localPort)
    let generator = LoadGenerator(options: options, socket: socket, configuration: configuration, logger: logger)
    let summary = try generator.run()
    let rate = summary.elapsedSeconds > 0 ? Double(summary.completed) / summary.elapsedSeconds : 0
    let cpuMilliseconds = summary.completed > 0 ? 1000 * summary.cpuSeconds / Double(summary.completed) : 0
    fputs(
        "raccoon-loadgen: \(summary.completed)/\(options.count) established, \(summary.failed) failed, "
            + "\(summary.socketErrors) send errors\n", stderr)
    print(
        "LOADGEN ok=\(summary.completed) failed=\(summary.failed) elapsed_s=\(summary.elapsedSeconds) rate=\(rate) "
            + "cpu_ms=\(cpuMilliseconds) p50_ms=\(summary.percentile(50)) p99_ms=\(summary.percentile(99)) "
            + "peak_rss_kib=\(peakRSSKiB())")
    exit(summary.completed == options.count ? 0 : 2)
} catch {
    fputs("raccoon-loadgen: \(error)\n", stderr)
    exit(1)
}
