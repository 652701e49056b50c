public import RaccoonCore
public import ConfParser

/// The options of `raccoon`, compatible with racoon(8)'s `dLFp:P:f:l:vVZBC46`, plus Raccoon's `-t`, `-K` and `-h`.
public struct CommandLineOptions: Hashable, Sendable {
    /// What the invocation asks for.
    public enum Action: Hashable, Sendable {
        /// Run the IKE daemon (no `-t`, `-V` or `-h`).
        case runDaemon
        /// `-t`: load and check the configuration and every file it references, print a summary, exit 0 or 1.
        case testConfiguration
        /// `-V`: print the version and compiled-in features, exit 0.
        case printVersion
        /// `-h`: print the usage text to standard output, exit 0.
        case printHelp
    }

    /// The address family of `-4` / `-6`.
    public enum AddressFamily: Hashable, Sendable {
        /// IPv4 (`-4`).
        case inet
        /// IPv6 (`-6`).
        case inet6

        /// Whether `address` belongs to this family.
        public func contains(_ address: IPAddress) -> Bool { address.isIPv4 == (self == .inet) }

        /// `IPv4` or `IPv6`, for messages.
        public var name: String { self == .inet ? "IPv4" : "IPv6" }
    }

    /// racoon's compiled-in configuration file on Debian (`--sysconfdir=/etc/racoon`).
    public static let defaultConfigurationPath = "/etc/racoon/racoon.conf"

    /// What the invocation asks for.
    public var action: Action = .runDaemon
    /// `-f file`.
    public var configurationPath = CommandLineOptions.defaultConfigurationPath
    /// The number of `-d` flags; each raises the log level by one above the config's `log`.
    public var debugLevel = 0
    /// `-F`: stay in the foreground and log to standard output too.
    public var foreground = false
    /// `-l file`: log to this file instead of syslog.
    public var logFile: String?
    /// `-p port`: the IKE port (overrides the configuration; racoon's default is 500).
    public var isakmpPort: UInt16?
    /// `-P port`: the NAT-T port (racoon's default is 4500).
    public var natTraversalPort: UInt16?
    /// `-4` / `-6` (the last one given wins): without a `listen` section, only this family's addresses are bound.
    /// nil (neither given): both families.
    public var addressFamily: AddressFamily?
    /// `-v`: more verbose packet dumps.
    public var verbose = false
    /// `-L`: add the source location to every log line.
    public var logLocations = false
    /// `-B`: install the SAs saved in `path backupsa` at startup.
    public var restoreBackupSAs = false
    /// `-C`: dump the parsed remote configuration (racoon's undocumented flag).
    public var dumpConfiguration = false
    /// `-Z`: local test mode, SAs are not installed (racoon's undocumented flag).
    public var localTestMode = false
    /// Which kernel the daemon keys.
    public enum Kernel: Hashable, Sendable {
        /// The real kernel, over the interface `--kernel=auto|pfkey|xfrm` named, or (nil) over racoon.conf's
        /// `kernel_interface`, whose default is auto: PF_KEY when it opens, XFRM netlink otherwise.
        case real(KernelInterface?)
        /// `--kernel=memory[=FILE]`, for benchmarks only: an in-memory kernel (like strongSwan's load-tester
        /// `fake_kernel`) whose SPD is loaded from a setkey file; nothing reaches the real kernel.
        case memory(policyFile: String?)
    }

    /// `--kernel=`: the kernel the daemon keys.
    public var kernel: Kernel = .real(nil)
    /// `-K dir` (Raccoon only): write the keys Wireshark needs to decrypt IKEv1 and ESP into `dir`. Debugging only:
    /// the files hold secrets.
    public var wiresharkKeyDirectory: String?

    /// Defaults: run the daemon with `/etc/racoon/racoon.conf`.
    public init() {}
}
