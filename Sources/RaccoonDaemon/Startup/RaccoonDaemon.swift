internal import RaccoonCore
internal import ConfParser
internal import Dispatch
internal import Glibc
internal import Logging
internal import PFKeyListener

/// The daemon: startup in racoon's order, then the event loop with its signal sources and admin socket.
///
/// Startup (docs/daemon.md): root check, umask 077, configuration and psk.txt, logging, pid file lock, PF_KEY
/// (REGISTER, algorithm check, SPD dump), IKE sockets, admin socket, detach unless `-F`, pid written, signals
/// blocked, loop. Every failure is one line on standard error and exit status 1.
///
/// After `start`, the object is confined to the loop.
public final class RaccoonDaemon {
    /// The options it runs with.
    public let options: CommandLineOptions
    /// The loop.
    public let loop: EventLoop
    /// The driver (engine, sockets, kernel, timers).
    public let driver: Driver
    /// The configuration in force.
    public private(set) var settings: LoadedSettings
    /// The pid file.
    public let pidFile: PidFile
    /// Successful and failed reloads.
    public private(set) var reloads = 0
    /// Failed reloads.
    public private(set) var failedReloads = 0
    /// Whether shutdown has run.
    public private(set) var isStopped = false

    let environment: DaemonEnvironment
    let logger: Logger
    private let kernelHandle: DaemonEnvironment.Kernel
    private let supported: SupportedAlgorithms
    let startedAt: MonotonicInstant
    private var admin: AdminServer?
    private var signalSources: [any DispatchSourceSignal] = []
    /// The rtnetlink socket and its read source, when address changes are followed.
    var addressChanges: AddressChangeSocket?
    private var addressChangeSource: (any DispatchSourceRead)?
    var policyCount = 0

    private init(
        options: CommandLineOptions, environment: DaemonEnvironment, loop: EventLoop, logger: Logger,
        settings: LoadedSettings, pidFile: PidFile, kernelHandle: DaemonEnvironment.Kernel,
        supported: SupportedAlgorithms, driver: Driver
    ) {
        self.options = options
        self.environment = environment
        self.loop = loop
        self.logger = logger
        self.settings = settings
        self.pidFile = pidFile
        self.kernelHandle = kernelHandle
        self.supported = supported
        self.driver = driver
        self.startedAt = MonotonicClock.now()
    }

    // MARK: - Startup

    /// Starts the daemon. With `detach`, forks into the background after every check that can fail has passed
    /// (the caller must still be single-threaded). Returns once the loop's sources exist; the caller then runs
    /// `dispatchMain()` (or, in tests, waits on the loop).
    public static func start(
        options: CommandLineOptions, environment: DaemonEnvironment, loop: EventLoop, detach: Bool
    ) throws(StartupError) -> RaccoonDaemon {
        guard !options.localTestMode else { throw .localTestMode }
        // 1. Root (racoon: "must be root to invoke this program.").
        guard environment.isRoot() else { throw .notRoot }
        // 2. Nothing we create (pid file aside, which chmods itself) is readable by others.
        umask(0o077)
        // 3. Configuration and psk.txt (before the kernel: the log level and pfkey_buffer come from it).
        let firstSettings = try LoadedSettings.load(
            path: options.configurationPath, supported: nil,
            makeEngineConfiguration: engineConfigurationMaker(options: options, environment: environment))
        // The admin socket's owner and group must exist (racoon checked them while parsing).
        let adminSocket = try AdminSocketSettings.resolve(
            environment.adminSocket, configured: firstSettings.configuration.listen.adminSocket)
        // 4. Logging.
        let destination = LogDestination(
            foreground: options.foreground, logFile: options.logFile, includeLocation: options.logLocations,
            configured: firstSettings.configuration.logLevel, debugFlags: options.debugLevel,
            standardErrorIsJournal: JournalStream.standardErrorIsJournal())
        var logFile: Int32?
        if let path = options.logFile {
            do { logFile = try DescriptorLogHandler.openLogFile(path) } catch { throw .logFile(path, error) }
        }
        if destination.syslog { SyslogLogHandler.open() }
        let handler = environment.makeLogHandler(destination, logFile)
        let logger = Logger(label: "raccoon") { _ in handler }
        logger.info("Raccoon \(RaccoonVersion.version) starting (configuration \(options.configurationPath))")
        for warning in firstSettings.warnings { logger.warning("\(warning)") }
        // -K: the debugging key log for Wireshark (secrets on disk, said loudly).
        var keyLog: WiresharkKeyLog?
        if let directory = options.wiresharkKeyDirectory {
            do { keyLog = try WiresharkKeyLog(directory: directory) } catch { throw .keyLog(error) }
            logger.warning("-K: writing IKE and ESP keys to \(directory)/ikev1_decryption_table and esp_sa for Wireshark; these files hold secrets, use this for debugging only")
        }
        // 5. The pid file lock: a second instance stops here, before touching the kernel or the sockets.
        let pidFile: PidFile
        do {
            pidFile = try PidFile.acquire(path: PidFile.resolve(configured: firstSettings.configuration.paths.pidFile))
        } catch {
            throw .pidFile(error)
        }
        // From here a failed startup removes the pid file it created or took over: an empty or half-written file
        // would name no process, or a wrong one. (The lock is ours, so no other instance is using it.)
        var started = false
        defer { if !started { pidFile.remove() } }
        // 6. The kernel: REGISTER for ESP, AH and IPCOMP, the algorithm check, the SPD dump.
        let bufferKiB = firstSettings.configuration.pfkeyBufferKiB > 0 ? firstSettings.configuration.pfkeyBufferKiB : nil
        let kernelHandle: DaemonEnvironment.Kernel
        do {
            // --kernel= wins over racoon.conf's kernel_interface.
            var interface = firstSettings.configuration.kernelInterface
            if case .real(let chosen?) = options.kernel { interface = chosen }
            kernelHandle = try environment.openKernel(.init(bufferKiB: bufferKiB, interface: interface))
        } catch {
            throw .kernel(error)
        }
        let session = KernelSession(channel: kernelHandle.channel)
        let supported: SupportedAlgorithms
        let policies: [SADBMessage]
        do {
            supported = try session.register()
            try LoadedSettings.check(firstSettings.configuration, against: supported)
            policies = try RaccoonDaemon.dumpPolicies(session)
        } catch let error as StartupError {
            kernelHandle.close()
            throw error
        } catch let error as PFKeyError {
            kernelHandle.close()
            throw .kernel(error)
        } catch {
            kernelHandle.close()
            throw .kernel(.systemCall("\(error)", errno: EIO))
        }
        let offered = "\(supported.encryption[.esp]?.count ?? 0) ESP encryption and"
            + " \(supported.authentication[.esp]?.count ?? 0) authentication algorithms"
        logger.info("kernel interface: \(kernelHandle.summary)")
        if kernelHandle.channel.interfaceName == "XFRM" {
            logger.info("XFRM: the kernel's XFRM algorithm table offers \(offered) (each loaded when an SA first uses it)")
        } else {
            logger.info("PF_KEY: registered for ESP, AH and IPCOMP; the kernel offers \(offered)")
        }
        // The SPD learned, with the contexts, and whether SELinux can match the labeled entries.
        PolicyReport(policies: policies, selinux: environment.securityStatus(), validate: environment.validateContext)
            .log(to: logger)
        // 7. The IKE sockets.
        let sockets: IKESocketSet
        do throws(StartupError) {
            let addresses: [IPAddress]
            if firstSettings.configuration.listen.isakmp.isEmpty {
                do { addresses = try environment.localAddresses() } catch { throw StartupError.addresses(error) }
            } else {
                addresses = []
            }
            let endpoints = IKESocketSet.plan(
                listen: firstSettings.configuration.listen, port: options.isakmpPort, localAddresses: addresses,
                family: options.addressFamily)
            guard !endpoints.isEmpty else { throw StartupError.noAddresses(options.addressFamily) }
            do {
                sockets = try IKESocketSet(endpoints: endpoints, bypassPolicy: environment.bypassPolicy)
            } catch {
                throw StartupError.socket(error)
            }
        } catch {
            kernelHandle.close()
            throw error
        }
        if let family = options.addressFamily, !firstSettings.configuration.listen.isakmp.isEmpty,
            sockets.sockets.contains(where: { !family.contains($0.local.address) })
        {
            logger.notice("\(family == .inet ? "-4" : "-6") does not apply to the listen section: its isakmp lines are bound as written")
        }
        if options.natTraversalPort != nil {
            logger.warning("-P ignored: NAT traversal is not implemented, no NAT-T port is opened")
        }
        if options.restoreBackupSAs {
            logger.warning("-B ignored: restoring the SAs saved in 'path backupsa' is not implemented; SAs are negotiated afresh")
        }
        if options.dumpConfiguration {
            for line in ConfigurationCheck.describe(firstSettings.configuration) { logger.info("-C: \(line)") }
        }
        // Address changes are followed (rtnetlink) when the addresses were listed automatically.
        var addressChanges: AddressChangeSocket?
        if !firstSettings.configuration.listen.strictAddress, firstSettings.configuration.listen.isakmp.isEmpty,
            let open = environment.openAddressChanges
        {
            do {
                addressChanges = try open()
            } catch {
                logger.warning("address changes will not be followed (restart raccoon after adding a local address): \(error)")
            }
        }
        // 8. Detach (single-threaded: no Dispatch queue has run anything yet), then record our pid.
        if detach {
            do { try Daemonizer.detach() } catch {
                sockets.closeAll()
                kernelHandle.close()
                throw .daemonize(error)
            }
        }
        do {
            try environment.writePidFile(pidFile, environment.processID())
        } catch {
            // A full disk (ENOSPC) or a read-only /run: refuse to run without the pid file an administrator expects.
            // Said in the log too, since a detached daemon's standard error is /dev/null.
            logger.error("cannot write the pid file, exiting: \(error)")
            sockets.closeAll()
            addressChanges?.close()
            kernelHandle.close()
            throw .pidFile(error)
        }
        // 9. Signals blocked in this (still the only) thread before any Dispatch thread exists.
        do { try SignalMask.blockDaemonSignals() } catch { throw .signals(error) }

        let engine = environment.makeEngine(firstSettings.engine, session.pid, logger)
        let driver = Driver(engine: engine, sockets: sockets, kernel: session, loop: loop, logger: logger)
        // XFRM installs HMAC-SHA-256 with RFC 4868's 128-bit ICV, PF_KEY with 96 bits: the ESP rows must agree.
        keyLog?.sha256ICVBits = kernelHandle.channel.sha256ICVBits
        driver.keyLog = keyLog
        let daemon = RaccoonDaemon(
            options: options, environment: environment, loop: loop, logger: logger, settings: firstSettings,
            pidFile: pidFile, kernelHandle: kernelHandle, supported: supported, driver: driver)
        daemon.addressChanges = addressChanges
        var adminError: SystemCallError?
        loop.queue.sync {
            adminError = daemon.startOnLoop(policies: policies, adminSocket: adminSocket)
        }
        if let adminError {
            loop.queue.sync { daemon.stopOnLoop(reason: "startup failed") }
            throw .adminSocket(adminError)
        }
        started = true
        return daemon
    }

    /// The environment's configuration builder plus what the command line adds: `-p` is the port negotiations we
    /// start leave from on addresses without a `listen` line.
    static func engineConfigurationMaker(
        options: CommandLineOptions, environment: DaemonEnvironment
    ) -> (Configuration, PreSharedKeyFile?) throws(StartupError) -> EngineConfiguration {
        { configuration, keys throws(StartupError) in
            var engine = try environment.makeEngineConfiguration(configuration, keys)
            engine.isakmpPort = options.isakmpPort ?? 500
            return engine
        }
    }

    /// Loop side of startup: the SPD mirror, the sources, the signals, the admin socket, READY=1.
    private func startOnLoop(policies: [SADBMessage], adminSocket: AdminSocketSettings?) -> SystemCallError? {
        loop.preconditionInLoop()
        driver.start(kernelFileDescriptors: kernelHandle.fileDescriptors)
        feedPolicies(policies)
        let bound = LoopBound(self, loop: loop)
        driver.onKernelOverrun = { bound.value.redumpPolicies() }
        for signal in SignalMask.daemonSignals {
            signalSources.append(loop.makeSignalSource(signal: signal) { @Sendable in bound.value.handleSignal(signal) })
        }
        if let addressChanges {
            addressChangeSource = loop.makeReadSource(fileDescriptor: addressChanges.fileDescriptor) { @Sendable in
                bound.value.readAddressChanges()
            }
            logger.debug("following address changes (rtnetlink)")
        }
        if let adminSocket {
            do {
                admin = try AdminServer(settings: adminSocket, loop: loop) { request in bound.value.handleAdmin(request) }
                admin?.failureLog = { [logger] text in logger.warning("\(text)") }
            } catch {
                return error
            }
            logger.debug("open \(adminSocket.path) as racoon management (mode 0\(String(adminSocket.mode, radix: 8)))")
        } else {
            logger.info("admin socket disabled: raccoonctl cannot reach this daemon")
        }
        let listening = driver.sockets.sockets.map { "\($0.local)" }.joined(separator: " ")
        environment.notifier.ready(status: "listening on \(listening)")
        logger.info("Raccoon started (pid \(environment.processID()))")
        return nil
    }

    // MARK: - Signals

    private func handleSignal(_ signal: Int32) {
        logger.info("caught signal \(SignalMask.name(signal))")
        switch signal {
        case SIGHUP: _ = reload()
        case SIGINT, SIGTERM: shutdown()
        case SIGUSR1: for line in status().summary.split(separator: "\n") { logger.notice("\(line)") }
        default: break
        }
    }

    // MARK: - Reload

    /// SIGHUP and `reload-config`: re-read and check the configuration and psk.txt, dump the SPD again and swap.
    /// A configuration that fails any check is not used: every error is logged and the running one stays.
    /// Established SAs are kept either way. Returns the outcome for the admin reply.
    public func reload() -> Result<String, StartupError> {
        loop.preconditionInLoop()
        environment.notifier.reloading()
        defer { environment.notifier.reloaded(status: "configuration \(options.configurationPath)") }
        let next: LoadedSettings
        do {
            next = try LoadedSettings.load(
                path: options.configurationPath, supported: supported,
                makeEngineConfiguration: Self.engineConfigurationMaker(options: options, environment: environment))
        } catch {
            failedReloads += 1
            logger.error("config reload failed, keeping the running configuration: \(error)")
            return .failure(error)
        }
        for warning in next.warnings { logger.warning("\(warning)") }
        if next.configuration.listen != settings.configuration.listen {
            logger.warning("listen changes take effect when raccoon restarts")
        }
        redumpPolicies()
        settings = next
        reloads += 1
        driver.deliver(.reloadRequested(next.engine))
        let text = "configuration reloaded from \(options.configurationPath)"
        logger.notice("\(text)")
        return .success(text)
    }

    /// Flushes the engine's SPD mirror and loads it again from the kernel (racoon's `pfkey_reload`).
    func redumpPolicies() {
        do {
            feedPolicies(try Self.dumpPolicies(driver.kernel))
        } catch {
            logger.error("SPD dump failed: \(error); the policy mirror may be stale")
        }
    }

    /// SADB_X_SPDDUMP: every policy, as the kernel's messages (an empty SPD gives none).
    static func dumpPolicies(_ session: KernelSession) throws(PFKeyError) -> [SADBMessage] {
        try session.dump(session.requests.spdDump(sequence: session.nextSequence())).map(\.message)
    }

    private func feedPolicies(_ policies: [SADBMessage]) {
        // A flush first, so policies deleted since the last dump leave the engine's mirror too.
        let flush = SADBMessage(type: .spdFlush, saType: .unspecified, sequence: 0, pid: driver.kernel.pid)
        driver.deliver(.kernel(flush))
        for policy in policies { driver.deliver(.kernel(policy)) }
        policyCount = policies.count
    }

    // MARK: - Shutdown

    /// SIGTERM/SIGINT: the engine deletes the SAs it installed and tells the peers; then sockets, admin socket,
    /// PF_KEY and the pid file go, and the process exits 0. Everything is synchronous, so it takes as long as the
    /// DELETE sends (milliseconds).
    public func shutdown() {
        loop.preconditionInLoop()
        guard !isStopped else { return }
        environment.notifier.stopping()
        driver.deliver(.shutdownRequested)
        stopOnLoop(reason: "shutdown")
        logger.info("raccoon process \(environment.processID()) shutdown")
        environment.exit(0)
    }

    private func stopOnLoop(reason: String) {
        isStopped = true
        for source in signalSources { source.cancel() }
        signalSources.removeAll()
        addressChangeSource?.cancel()
        addressChangeSource = nil
        addressChanges?.close()
        addressChanges = nil
        admin?.close()
        admin = nil
        driver.stop()
        driver.sockets.closeAll()
        kernelHandle.close()
        pidFile.remove()
    }
}
