public import RaccoonCore
public import ConfParser
public import PFKeyListener

/// A configuration that passed every check the daemon makes before using it, at startup and on SIGHUP: the
/// file parsed and validated, psk.txt read with racoon's permission check, every phase-2 algorithm known to the
/// kernel, and the engine's view built.
public struct LoadedSettings: Sendable {
    /// racoon.conf.
    public var configuration: Configuration
    /// The engine's view of it (with the keys from psk.txt).
    public var engine: EngineConfiguration
    /// Warnings to log (configuration and psk.txt), one line each.
    public var warnings: [String]

    /// Loads and checks the configuration at `path`, stopping at the first error (see `SettingsReading`).
    /// `supported` is the kernel's REGISTER answer (nil: not checked yet, because the kernel is opened after the
    /// configuration is read).
    public static func load(
        path: String, supported: SupportedAlgorithms?,
        makeEngineConfiguration: (Configuration, PreSharedKeyFile?) throws(StartupError) -> EngineConfiguration
    ) throws(StartupError) -> LoadedSettings {
        try SettingsReading(path: path, supported: supported, makeEngineConfiguration: makeEngineConfiguration)
            .outcome.get()
    }

    /// racoon checks each phase-2 algorithm against the kernel's REGISTER reply: "algorithm X not supported by
    /// the kernel (missing module?)" (inventory §1.4 step 12).
    public static func check(_ configuration: Configuration, against supported: SupportedAlgorithms) throws(StartupError) {
        for sainfo in configuration.sainfos {
            for encryption in sainfo.encryptionAlgorithms {
                // The IPsec DOI transform IDs of the implemented ciphers equal their SADB_EALG numbers.
                let algorithm = SADBEncryptionAlgorithm(rawValue: encryption.algorithm.rawValue)
                do {
                    try supported.validate(algorithm, keyBits: encryption.keyLength)
                } catch {
                    throw .algorithm(error, location: sainfo.location)
                }
            }
            for authentication in sainfo.authenticationAlgorithms {
                guard let algorithm = sadb(authentication) else { continue }
                do {
                    try supported.validate(algorithm)
                } catch {
                    throw .algorithm(error, location: sainfo.location)
                }
            }
        }
    }

    private static func sadb(_ algorithm: IPsecAuthenticationAlgorithm) -> SADBAuthenticationAlgorithm? {
        switch algorithm {
        case .hmacMD5: .hmacMD5
        case .hmacSHA1: .hmacSHA1
        case .hmacSHA256: .hmacSHA256
        case .hmacSHA384: .hmacSHA384
        case .hmacSHA512: .hmacSHA512
        case .kpdk, .none: nil
        }
    }
}
