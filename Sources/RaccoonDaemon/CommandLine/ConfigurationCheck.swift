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
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader.load(path: path)
        } catch {
            return Report(exitCode: 1, summary: "", diagnostics: [error.description])
        }
        var diagnostics = loaded.warnings.map(\.description)
        var warningCount = loaded.warnings.count
        var failed = false
        let configuration = loaded.configuration
        var keyLine: String?
        var keyFile: PreSharedKeyFile?

        if let keyPath = configuration.paths.preSharedKey {
            do {
                let keys = try PreSharedKeyFile.load(path: keyPath, expectedOwner: keyFileOwner)
                keyFile = keys
                diagnostics += keys.diagnostics.map(\.description)
                warningCount += keys.warnings.count
                failed = !keys.errors.isEmpty
                for remote in configuration.remotes where remote.usesPreSharedKey {
                    // Main Mode looks the key up by the peer's address (racoon's oakley_skeyid).
                    if let address = remote.remoteAddress, keys.lookup(address.description) == nil {
                        diagnostics.append("\(remote.location): warning: remote \(remote.selector) has no usable key "
                                           + "for \(address) in \(keyPath)")
                        warningCount += 1
                    }
                }
                keyLine = "pre-shared keys: \(keyPath) (\(keys.entries.count) \(plural(keys.entries.count, "entry", "entries")))"
            } catch {
                diagnostics.append(error.description)
                failed = true
            }
        }

        // What the parser accepts but the engine cannot negotiate is an error here, not a failure at negotiation time.
        if !failed {
            do {
                _ = try RaccoonDaemon.engineConfiguration(configuration, keyFile)
            } catch {
                diagnostics.append("\(path): error: \(error)")
                failed = true
            }
        }

        // The admin socket's owner and group must exist, as at startup (racoon checked them while parsing).
        var adminSocket: AdminSocketSettings?
        if !failed {
            do {
                adminSocket = try AdminSocketSettings.resolve(.configuration, configured: configuration.listen.adminSocket)
            } catch {
                diagnostics.append("\(path): error: \(error)")
                failed = true
            }
        }

        if failed {
            diagnostics.append("raccoon: configuration check failed: \(path)")
            return Report(exitCode: 1, summary: "", diagnostics: diagnostics)
        }
        var lines = ["raccoon: configuration OK: \(path) (\(loaded.files.count) \(plural(loaded.files.count, "file", "files")) read)"]
        if let keyLine { lines.append(keyLine) }
        lines.append("remotes: \(configuration.remotes.count)")
        for remote in configuration.remotes {
            lines.append("  " + describe(remote))
            for (number, proposal) in remote.proposals.enumerated() {
                lines.append("    proposal \(number + 1): \(proposal)")
            }
        }
        lines.append("sainfos: \(configuration.sainfos.count)")
        for sainfo in configuration.sainfos { lines.append("  " + describe(sainfo)) }
        lines.append("admin socket: " + (adminSocket.map { "\($0.path) (mode 0\(String($0.mode, radix: 8)))" } ?? "disabled"))
        lines.append("warnings: \(warningCount)")
        return Report(exitCode: 0, summary: lines.joined(separator: "\n") + "\n", diagnostics: diagnostics)
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
