internal import RaccoonCore
import ConfParser

/// `raccoon -t`: loads the configuration and everything it references (includes, psk.txt with racoon's
/// permission check), and describes the result. Needs neither root nor a kernel.
public enum ConfigurationCheck {
    /// The outcome of a check.
    public struct Report: Sendable {
        /// 0 when the configuration is usable, 1 otherwise.
        public var exitCode: Int32
        /// The summary for standard output (remotes, proposals, sainfos, counts).
        public var summary: String
        /// Errors and warnings for standard error, one per line, as `file:line:column: error|warning: …`.
        public var diagnostics: [String]
    }

    /// Checks the configuration at `path`. `keyFileOwner` is the uid psk.txt must belong to (default: our
    /// effective uid).
    public static func run(configurationPath path: String, keyFileOwner: UInt32? = nil) -> Report {
        let reading = SettingsReading(
            path: path, keyFileOwner: keyFileOwner, supported: nil,
            makeEngineConfiguration: RaccoonDaemon.engineConfiguration)
        var diagnostics = reading.diagnostics
        func failure(_ diagnostics: [String]) -> Report {
            // A file that does not parse is its own message; a later failure ends with a summary line.
            let summary = reading.filesRead > 0 ? ["raccoon: configuration check failed: \(path)"] : []
            return Report(exitCode: 1, summary: "", diagnostics: diagnostics + summary)
        }
        guard case .success(let settings) = reading.outcome else {
            return failure(diagnostics)
        }
        let configuration = settings.configuration
        // The admin socket's owner and group must exist, as at startup (racoon checked them while parsing).
        let adminSocket: AdminSocketSettings?
        do {
            adminSocket = try AdminSocketSettings.resolve(.configuration, configured: configuration.listen.adminSocket)
        } catch {
            diagnostics.append("\(path): error: \(error)")
            return failure(diagnostics)
        }
        let files = reading.filesRead
        var lines = ["raccoon: configuration OK: \(path) (\(files) \(plural(files, "file", "files")) read)"]
        if let keys = reading.keyFile, let keyPath = configuration.paths.preSharedKey {
            let entries = keys.entries.count
            lines.append("pre-shared keys: \(keyPath) (\(entries) \(plural(entries, "entry", "entries")))")
        }
        lines += describe(configuration)
        lines.append("admin socket: " + (adminSocket.map { "\($0.path) (mode 0\(String($0.mode, radix: 8)))" } ?? "disabled"))
        lines.append("warnings: \(reading.warningCount)")
        return Report(exitCode: 0, summary: lines.joined(separator: "\n") + "\n", diagnostics: diagnostics)
    }

    /// The remotes with their proposals, and the sainfos, one line each (`-t`'s summary, `-C`'s log lines).
    static func describe(_ configuration: Configuration) -> [String] {
        var lines = ["remotes: \(configuration.remotes.count)"]
        for remote in configuration.remotes {
            lines.append("  " + describe(remote))
            for (number, proposal) in remote.proposals.enumerated() {
                lines.append("    proposal \(number + 1): \(proposal)")
            }
        }
        lines.append("sainfos: \(configuration.sainfos.count)")
        for sainfo in configuration.sainfos { lines.append("  " + describe(sainfo)) }
        return lines
    }

    private static func describe(_ remote: RemoteConfiguration) -> String {
        var text = "remote \(remote.selector)"
        if remote.port != 500 { text += " [\(remote.port)]" }
        if let parent = remote.parent { text += " inherit \(parent)" }
        if case .name = remote.selector, let address = remote.remoteAddress {
            text += " (peer \(address)[\(remote.remotePort)])"
        }
        let modes = remote.exchangeModes.map(\.description).joined(separator: ", ")
        return text + ": exchange_mode \(modes); \(remote.proposals.count) "
            + plural(remote.proposals.count, "proposal", "proposals") + (remote.passive ? "; passive" : "")
    }

    private static func describe(_ sainfo: SAInfo) -> String {
        var text = "sainfo \(sainfo.local) \(sainfo.remote)"
        if let peer = sainfo.peerIdentifier { text += " from \(peer)" }
        text += ": encryption " + sainfo.encryptionAlgorithms.map(\.description).joined(separator: ", ")
        text += "; authentication " + sainfo.authenticationAlgorithms.map(\.description).joined(separator: ", ")
        text += "; compression " + sainfo.compressionAlgorithms.map(\.description).joined(separator: ", ")
        text += "; pfs " + (sainfo.pfsGroup?.description ?? "none")
        return text + "; lifetime \(sainfo.lifetimeSeconds) s"
    }

    private static func plural(_ count: Int, _ one: String, _ many: String) -> String { count == 1 ? one : many }
}
