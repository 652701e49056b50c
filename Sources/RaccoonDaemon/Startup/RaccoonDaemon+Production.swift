public import RaccoonCore
public import ConfParser
internal import Dispatch
internal import Glibc
internal import IKECrypto
internal import Logging
internal import PFKeyListener
internal import SELinuxPolicy
internal import XFRMNetlink

extension RaccoonDaemon {
    /// `$RACCOON_ADMIN_SOCKET`, when set and not empty: a socket path that overrides racoon.conf's `adminsock`
    /// in the daemon (and the default in raccoonctl, see `AdminSocketPath`).
    public static func adminSocketOverride() -> String? {
        AdminSocketPath.environmentOverride()
    }

    /// The engine's configuration from racoon.conf and psk.txt (no psk.txt: no keys, so no peer authenticates).
    public static func engineConfiguration(
        _ configuration: Configuration, _ keys: PreSharedKeyFile?
    ) throws(StartupError) -> EngineConfiguration {
        do {
            return try EngineConfiguration(
                configuration, preSharedKeys: keys ?? PreSharedKeyFile.parse(contents: [], path: "(none)"))
        } catch {
            throw .engineConfiguration(error.message)
        }
    }

    /// The real operating system: PF_KEY or XFRM netlink, getifaddrs, bypass policies, libselinux, the system random source,
    /// systemd's notify socket, standard error and `exit`.
    public static func productionEnvironment(
        makeEngineConfiguration: @escaping (Configuration, PreSharedKeyFile?) throws(StartupError)
            -> EngineConfiguration = engineConfiguration
    ) -> DaemonEnvironment {
        // One pool for the process, kept across reloads; stopped before `exit` (see `PrecomputingRandom.stop`).
        let keyPairs = PrecomputingRandom()
        var environment = DaemonEnvironment(
            isRoot: { geteuid() == 0 },
            openKernel: { request throws(PFKeyError) in
                let opened = try KernelChannelSelection.open(
                    pfkey: request.interface != .xfrm, xfrm: request.interface != .pfkey, bufferKB: request.bufferKiB)
                return .init(
                    channel: opened.channel, fileDescriptors: opened.fileDescriptors, summary: opened.summary,
                    close: opened.close)
            },
            localAddresses: { () throws(SystemCallError) in try LocalAddresses.current() },
            bypassPolicy: true,
            makeEngineConfiguration: makeEngineConfiguration,
            makeEngine: { configuration, pid, logger in
                // libselinux's messages (AVC denials, including the would-be denials of permissive mode) go to our log.
                LibSELinuxChecker.setLogHandler { message in logger.warning("\(message)") }
                return IKEEngine(
                    configuration: configuration, random: keyPairs, policyChecker: LibSELinuxChecker(),
                    processID: pid, logger: logger)
            },
            adminSocket: adminSocketOverride().map(AdminSocketSource.override) ?? .configuration,
            notifier: ServiceNotifier(),
            standardError: { line in
                var bytes = Array(line.utf8)
                bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
            },
            exit: { status in
                keyPairs.stop()
                Glibc.exit(status)
            },
            processID: { getpid() })
        environment.securityStatus = { LibSELinuxChecker().status() }
        environment.validateContext = { LibSELinuxChecker().validate(context: $0) }
        environment.openAddressChanges = { () throws(SystemCallError) in try AddressChangeSocket() }
        return environment
    }

    /// `raccoon` without `-t`, `-V` or `-h`: starts the daemon and never returns, or returns 1 after printing why
    /// it could not start.
    public static func run(options: CommandLineOptions, environment: DaemonEnvironment) -> Int32 {
        // racoon prints this at once with -F, before anything can fail.
        if options.foreground {
            print("Foreground mode.")
            // Standard output is fully buffered when it is a file: without the flush this line came last.
            fflush(nil)
        }
        let loop = EventLoop()
        do {
            _ = try start(options: options, environment: environment, loop: loop, detach: !options.foreground)
        } catch {
            environment.standardError("raccoon: \(error)\n")
            return error.exitCode
        }
        dispatchMain()
    }
}
