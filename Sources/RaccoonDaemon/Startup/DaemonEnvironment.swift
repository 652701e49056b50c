public import RaccoonCore
public import ConfParser
public import Logging
public import PFKeyListener
public import SELinuxPolicy

/// Everything the daemon takes from the operating system or from other modules, so tests can run whole daemons
/// with an in-memory kernel. `RaccoonDaemon.productionEnvironment` wires the real implementations.
public struct DaemonEnvironment {
    /// The kernel channel and, for real sockets, their descriptors (for the loop's read sources).
    public struct Kernel {
        /// The channel.
        public var channel: any KernelChannel
        /// The descriptors to watch (PF_KEY: one; XFRM: the request and the event socket); none for an in-memory
        /// kernel (its replies are read after every send).
        public var fileDescriptors: [Int32]
        /// Closes the channel.
        public var close: () -> Void
        /// Which interface was chosen and why, for the startup log.
        public var summary: String

        /// A kernel watched through `fileDescriptors`.
        public init(
            channel: any KernelChannel, fileDescriptors: [Int32], summary: String = "in memory",
            close: @escaping () -> Void
        ) {
            self.channel = channel
            self.fileDescriptors = fileDescriptors
            self.summary = summary
            self.close = close
        }

        /// A kernel with at most one descriptor.
        public init(channel: any KernelChannel, fileDescriptor: Int32?, close: @escaping () -> Void) {
            self.init(channel: channel, fileDescriptors: fileDescriptor.map { [$0] } ?? [], close: close)
        }
    }

    /// Whether the process runs as root (effective uid 0).
    public var isRoot: () -> Bool
    /// What `openKernel` is asked for: `pfkey_buffer` in KiB (nil: the default) and the interface.
    public struct KernelRequest: Hashable, Sendable {
        public var bufferKiB: Int?
        public var interface: KernelInterface

        public init(bufferKiB: Int?, interface: KernelInterface) {
            self.bufferKiB = bufferKiB
            self.interface = interface
        }
    }

    /// Opens the kernel interface.
    public var openKernel: (KernelRequest) throws(PFKeyError) -> Kernel
    /// The host's addresses, for the automatic listening set.
    public var localAddresses: () throws(SystemCallError) -> [IPAddress]
    /// Whether to put IPsec bypass policies on the IKE sockets (always on a real host).
    public var bypassPolicy: Bool
    /// Builds the engine's configuration from racoon.conf and psk.txt.
    public var makeEngineConfiguration: (Configuration, PreSharedKeyFile?) throws(StartupError) -> EngineConfiguration
    /// Builds the engine; the `UInt32` is our PF_KEY pid.
    public var makeEngine: (EngineConfiguration, UInt32, Logger) -> any DaemonEngine
    /// Where the admin socket comes from (racoon.conf, `$RACCOON_ADMIN_SOCKET`, or none in tests).
    public var adminSocket: AdminSocketSource
    /// systemd's notification socket.
    public var notifier: ServiceNotifier
    /// Writes a startup failure line to standard error.
    public var standardError: (String) -> Void
    /// Ends the process after a shutdown (tests record the status instead).
    public var exit: (Int32) -> Void
    /// The pid written to the pid file.
    public var processID: () -> Int32
    /// Writes the pid into the locked pid file (tests make it fail as a full disk would).
    public var writePidFile: (PidFile, Int32) throws(PidFileError) -> Void = { file, pid throws(PidFileError) in
        try file.write(pid: pid)
    }
    /// The SELinux state, logged at startup with the SPD (nil: not known, as in tests).
    public var securityStatus: () -> SELinuxStatus? = { nil }
    /// Asks the loaded SELinux policy whether it knows a policy's context (nil: not asked, as in tests).
    public var validateContext: ((String) -> ContextValidation)? = nil
    /// The address the kernel would send from towards a peer (`vpn-connect`, racoonctl's `getlocaladdr`).
    public var sourceAddress: (IPAddress) throws(SystemCallError) -> SourceAddressProbe = {
        destination throws(SystemCallError) in
        try LocalAddresses.source(toward: destination)
    }
    /// Opens the rtnetlink socket that reports address changes (nil: do not follow them, as in tests that call
    /// `RaccoonDaemon.addressesChanged()` themselves).
    public var openAddressChanges: (() throws(SystemCallError) -> AddressChangeSocket)? = nil
    /// Builds the log handler for the destination (and the open `-l` file); tests capture lines instead.
    public var makeLogHandler: (LogDestination, Int32?) -> any LogHandler = { destination, file in
        destination.makeHandler(fileDescriptor: file)
    }

    /// An environment.
    public init(
        isRoot: @escaping () -> Bool, openKernel: @escaping (KernelRequest) throws(PFKeyError) -> Kernel,
        localAddresses: @escaping () throws(SystemCallError) -> [IPAddress], bypassPolicy: Bool,
        makeEngineConfiguration: @escaping (Configuration, PreSharedKeyFile?) throws(StartupError) -> EngineConfiguration,
        makeEngine: @escaping (EngineConfiguration, UInt32, Logger) -> any DaemonEngine, adminSocket: AdminSocketSource,
        notifier: ServiceNotifier, standardError: @escaping (String) -> Void, exit: @escaping (Int32) -> Void,
        processID: @escaping () -> Int32
    ) {
        self.isRoot = isRoot
        self.openKernel = openKernel
        self.localAddresses = localAddresses
        self.bypassPolicy = bypassPolicy
        self.makeEngineConfiguration = makeEngineConfiguration
        self.makeEngine = makeEngine
        self.adminSocket = adminSocket
        self.notifier = notifier
        self.standardError = standardError
        self.exit = exit
        self.processID = processID
    }
}
