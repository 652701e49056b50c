public import RaccoonCore
public import ConfParser
public import PFKeyListener

/// Why the daemon could not start. Each prints as one line on standard error; the exit status is 1.
public enum StartupError: Error, Sendable, CustomStringConvertible {
    /// Not running as root (racoon's wording).
    case notRoot
    /// `-Z`: racoon's local test mode (negotiate, install nothing) is not implemented, and running without it
    /// would install SAs the administrator asked us not to.
    case localTestMode
    /// The configuration does not load.
    case configuration(ConfigError)
    /// psk.txt is unusable (missing, weak permissions, wrong owner, malformed).
    case preSharedKeys(String)
    /// The engine cannot use the configuration.
    case engineConfiguration(String)
    /// PF_KEY could not be opened or did not answer REGISTER / SPDDUMP.
    case kernel(PFKeyError)
    /// A configured phase-2 algorithm is missing from the kernel.
    case algorithm(UnsupportedAlgorithmError, location: SourceLocation)
    /// The local addresses could not be listed.
    case addresses(SystemCallError)
    /// There is nothing to listen on (of the family `-4`/`-6` asked for, if given).
    case noAddresses(CommandLineOptions.AddressFamily?)
    /// An IKE socket could not be opened.
    case socket(SocketOpenError)
    /// Another instance holds the pid file, or it cannot be written.
    case pidFile(PidFileError)
    /// The admin socket could not be created.
    case adminSocket(SystemCallError)
    /// `listen { adminsock }` names an owner or group that does not exist.
    case adminSocketOwnership(String)
    /// The `-l` log file could not be opened.
    case logFile(String, SystemCallError)
    /// Detaching (fork/setsid) failed.
    case daemonize(SystemCallError)
    /// Blocking the daemon's signals failed.
    case signals(SystemCallError)
    /// The `-K` key-log directory is unusable.
    case keyLog(SystemCallError)

    /// The exit status: always 1, racoon's failure status.
    public var exitCode: Int32 { 1 }

    /// The line printed after `raccoon: `.
    public var description: String {
        switch self {
        case .notRoot: "must be root to invoke this program."
        case .localTestMode:
            "-Z (racoon's local test mode: negotiate without installing SAs) is not implemented; not starting, "
                + "since running without it would install SAs"
        case .configuration(let error): "\(error)"
        case .preSharedKeys(let text): text
        case .engineConfiguration(let text): "the configuration cannot be used: \(text)"
        case .kernel(let error): "\(error)"
        case .algorithm(let error, let location): "\(location): \(error)"
        case .addresses(let error): "cannot list the local addresses: \(error)"
        case .noAddresses(nil): "no local address to listen on (no listen section and no configured interface address)"
        case .noAddresses(let family?):
            "no local \(family.name) address to listen on (\(family == .inet ? "-4" : "-6") and no listen section)"
        case .socket(let error): "\(error)"
        case .pidFile(let error): "\(error)"
        case .adminSocket(let error): "cannot create the admin socket: \(error)"
        case .adminSocketOwnership(let text): "listen { adminsock }: \(text)"
        case .logFile(let path, let error): "cannot open the log file \(path): \(error)"
        case .daemonize(let error): "cannot detach: \(error)"
        case .signals(let error): "cannot set up signals: \(error)"
        case .keyLog(let error): "cannot use the -K key-log directory: \(error)"
        }
    }
}
