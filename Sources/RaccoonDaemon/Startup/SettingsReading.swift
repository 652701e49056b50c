public import RaccoonCore
public import ConfParser
public import PFKeyListener

/// One pass over everything a configuration references, in the order the daemon reads it (racoon.conf and its
/// includes, psk.txt with racoon's permission check, the kernel's algorithms, the engine's view). Startup and
/// SIGHUP stop at the first error (`LoadedSettings.load`); `raccoon -t` reports every finding.
public struct SettingsReading: Sendable {
    /// The usable settings, or the first error.
    public var outcome: Result<LoadedSettings, StartupError>
    /// Every error and warning, in the order found, one line each (`file:line:column: error|warning: …`).
    public var diagnostics: [String]
    /// How many of `diagnostics` are warnings.
    public var warningCount: Int
    /// How many files racoon.conf's includes made us read (0 when it did not parse).
    public var filesRead: Int
    /// psk.txt as read, when configured and readable.
    public var keyFile: PreSharedKeyFile?

    /// Reads the configuration at `path`. `keyFileOwner` is the uid psk.txt must belong to (default: our
    /// effective uid); `supported` is the kernel's REGISTER answer (nil: not checked, because at startup the
    /// kernel is opened after the configuration is read, and `-t` needs no kernel).
    public init(
        path: String, keyFileOwner: UInt32? = nil, supported: SupportedAlgorithms?,
        makeEngineConfiguration: (Configuration, PreSharedKeyFile?) throws(StartupError) -> EngineConfiguration
    ) {
        diagnostics = []
        warningCount = 0
        filesRead = 0
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader.load(path: path)
        } catch {
            outcome = .failure(.configuration(error))
            diagnostics.append(error.description)
            return
        }
        filesRead = loaded.files.count
        diagnostics += loaded.warnings.map(\.description)
        warningCount += loaded.warnings.count
        let configuration = loaded.configuration
        var warnings = loaded.warnings.map(\.description)

        if let keyPath = configuration.paths.preSharedKey {
            let keys: PreSharedKeyFile
            do {
                keys = try PreSharedKeyFile.load(path: keyPath, expectedOwner: keyFileOwner)
            } catch {
                outcome = .failure(.preSharedKeys(error.description))
                diagnostics.append(error.description)
                return
            }
            keyFile = keys
            diagnostics += keys.diagnostics.map(\.description)
            warningCount += keys.warnings.count
            if let first = keys.errors.first {
                outcome = .failure(.preSharedKeys(first.description))
                return
            }
            warnings += keys.warnings.map(\.description)
            for remote in configuration.remotes where remote.usesPreSharedKey {
                // Main Mode looks the key up by the peer's address (racoon's oakley_skeyid).
                if let address = remote.remoteAddress, keys.lookup(address.description) == nil {
                    let warning = "\(remote.location): warning: remote \(remote.selector) has no usable key "
                        + "for \(address) in \(keyPath)"
                    diagnostics.append(warning)
                    warnings.append(warning)
                    warningCount += 1
                }
            }
        }

        do throws(StartupError) {
            if let supported { try LoadedSettings.check(configuration, against: supported) }
            // What the parser accepts but the engine cannot negotiate is an error here, not at negotiation time.
            let engine = try makeEngineConfiguration(configuration, keyFile)
            outcome = .success(LoadedSettings(configuration: configuration, engine: engine, warnings: warnings))
        } catch {
            outcome = .failure(error)
            diagnostics.append(Self.diagnostic(error, path: path))
        }
    }

    /// A failure after parsing as a diagnostic line: those with a location already carry it.
    private static func diagnostic(_ error: StartupError, path: String) -> String {
        if case .algorithm = error { return "\(error)" }
        return "\(path): error: \(error)"
    }
}
