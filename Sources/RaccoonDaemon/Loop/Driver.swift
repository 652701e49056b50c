public import RaccoonCore
internal import Dispatch
public import Logging
public import PFKeyListener

/// Runs the engine on the event loop: turns readable sockets, kernel messages and due timers into
/// `EngineEvent`s, and executes the `EngineEffect`s the engine returns, in order (style §1 rule 1, §3.5).
///
/// Confined to the loop; handlers reach it through a `LoopBound` box. No locks: everything happens on the one
/// serial queue.
public final class Driver {
    /// The engine.
    public let engine: any DaemonEngine
    /// The IKE sockets.
    public let sockets: IKESocketSet
    /// The kernel conversation (the real PF_KEY socket, or an in-memory kernel in tests).
    public let kernel: KernelSession
    private let loop: EventLoop
    private let logger: Logger
    private let clock: () -> MonotonicInstant
    private var scheduler: DispatchScheduler?
    private var sources: [any DispatchSourceProtocol] = []
    /// An in-memory kernel (`--kernel=memory`, tests) has no descriptor to wake the loop: its replies are read
    /// after every batch of datagrams instead.
    private var kernelHasNoDescriptor = false
    /// The read source of each IKE socket, by descriptor (sockets come and go with the host's addresses).
    private var socketSources: [Int32: any DispatchSourceProtocol] = [:]
    /// Called when the kernel reports lost messages (ENOBUFS): the daemon dumps the SPD again.
    public var onKernelOverrun: (() -> Void)?
    /// The debugging key log (`raccoon -K dir`); `nil` drops `EngineEffect.keysDerived`.
    public var keyLog: WiresharkKeyLog?

    /// Datagrams sent, received, and dropped because no socket matched their local address.
    public private(set) var counters = Counters()

    /// Traffic counters.
    public struct Counters: Hashable, Sendable {
        /// Datagrams received.
        public var received = 0
        /// Datagrams sent.
        public var sent = 0
        /// Datagrams the engine asked to send from an address with no socket.
        public var unroutable = 0
        /// Kernel messages read.
        public var kernelMessages = 0
    }

    /// A driver; call `start(kernelFileDescriptors:)` on the loop to create its sources.
    public init(
        engine: any DaemonEngine, sockets: IKESocketSet, kernel: KernelSession, loop: EventLoop, logger: Logger,
        clock: @escaping () -> MonotonicInstant = MonotonicClock.now
    ) {
        self.engine = engine
        self.sockets = sockets
        self.kernel = kernel
        self.loop = loop
        self.logger = logger
        self.clock = clock
    }

    /// Creates the read sources (one per UDP socket, one per kernel descriptor) and the scheduler. On the loop.
    public func start(kernelFileDescriptors: [Int32]) {
        loop.preconditionInLoop()
        let bound = LoopBound(self, loop: loop)
        scheduler = DispatchScheduler(loop: loop, clock: clock) { @Sendable timer in
            bound.value.deliver(.timerFired(timer))
        }
        for socket in sockets.sockets { watch(socket) }
        for descriptor in kernelFileDescriptors {
            sources.append(loop.makeReadSource(fileDescriptor: descriptor) { @Sendable in bound.value.drainKernel() })
        }
        kernelHasNoDescriptor = kernelFileDescriptors.isEmpty
        // Messages queued during the synchronous startup conversation (an early ACQUIRE) are handled now.
        drainKernel()
    }

    /// Creates the read source of an IKE socket.
    private func watch(_ socket: UDPSocket) {
        let bound = LoopBound(self, loop: loop)
        let fd = socket.fileDescriptor
        socketSources[fd] = loop.makeReadSource(fileDescriptor: fd) { @Sendable in bound.value.readSocket(fd) }
        logger.info("\(socket.local) used as isakmp port (fd=\(fd))")
    }

    /// Opens and closes IKE sockets so that exactly `endpoints` are bound (the host's addresses changed). A socket
    /// that goes away is closed once its read source is cancelled; negotiations on it time out as usual.
    public func follow(endpoints: [Endpoint], bypassPolicy: Bool) {
        loop.preconditionInLoop()
        let change = sockets.reconcile(to: endpoints, bypassPolicy: bypassPolicy)
        for socket in change.removed {
            logger.info("\(socket.local) is no longer a local address: its isakmp port is closed")
            let closing = LoopBound(socket, loop: loop)
            if let source = socketSources.removeValue(forKey: socket.fileDescriptor) {
                source.setCancelHandler { @Sendable in closing.value.close() }
                source.cancel()
            } else {
                socket.close()
            }
        }
        for socket in change.opened { watch(socket) }
        for failure in change.failures { logger.error("\(failure)") }
    }

    /// Cancels every source and timer (before closing the descriptors).
    public func stop() {
        loop.preconditionInLoop()
        for source in sources { source.cancel() }
        sources.removeAll()
        for source in socketSources.values { source.cancel() }
        socketSources.removeAll()
        scheduler?.disarmAll()
        scheduler = nil
    }

    /// The number of armed timers.
    public var armedTimerCount: Int { scheduler?.armedCount ?? 0 }

    /// Hands one event to the engine and executes its effects; kernel replies that arrive meanwhile are handled
    /// before returning.
    public func deliver(_ event: EngineEvent) {
        loop.preconditionInLoop()
        execute(engine.handle(event, at: clock()))
        drainKernel()
    }

    /// An administrator's request: the engine's effects (DELETEs to peers, SADB_DELETEs, a first phase-1 message)
    /// are executed and the kernel's replies handled before the reply is returned.
    public func perform(_ command: EngineAdminCommand) -> Result<String, AdminError> {
        loop.preconditionInLoop()
        let result = engine.perform(command, at: clock())
        execute(result.effects)
        drainKernel()
        return result.reply
    }

    /// Reads every waiting datagram on the socket with descriptor `fd`.
    func readSocket(_ fd: Int32) {
        guard let socket = sockets.sockets.first(where: { $0.fileDescriptor == fd }), !socket.isClosed else { return }
        while true {
            let datagram: Datagram?
            do {
                datagram = try socket.receive()
            } catch {
                logger.error("failed to receive on \(socket.local): \(error)")
                return
            }
            guard let datagram else { break }
            counters.received += 1
            execute(engine.handle(.datagram(datagram), at: clock()))
        }
        if kernelHasNoDescriptor || kernel.channel.hasQueuedInput { drainKernel() }
    }

    /// Reads every waiting kernel message and hands it to the engine.
    func drainKernel() {
        while true {
            let input: KernelInput?
            do {
                input = try kernel.receive()
            } catch .overrun {
                logger.error("\(kernel.channel.interfaceName) receive queue overrun: kernel messages were lost; dumping the SPD again")
                onKernelOverrun?()
                continue
            } catch {
                logger.error("failed to read from \(kernel.channel.interfaceName): \(error)")
                return
            }
            guard let input else { return }
            counters.kernelMessages += 1
            switch input {
            case .message(let result):
                for warning in result.warnings { logger.debug("PF_KEY \(result.message.type): \(warning)") }
                execute(engine.handle(.kernel(result.message), at: clock()))
            case .malformed(let error, let byteCount):
                logger.warning("ignored a malformed PF_KEY message of \(byteCount) bytes: \(error)")
            case .notice(let line):
                logger.notice("\(line)")
            }
        }
    }

    /// Executes effects in order.
    func execute(_ effects: [EngineEffect]) {
        for effect in effects {
            switch effect {
            case .send(let datagram):
                guard let socket = sockets.socket(for: datagram.local) else {
                    counters.unroutable += 1
                    logger.error("no IKE socket on \(datagram.local) to send to \(datagram.remote)")
                    continue
                }
                do {
                    if try socket.send(datagram) {
                        counters.sent += 1
                    } else {
                        logger.warning("send buffer of \(socket.local) full: dropped a datagram to \(datagram.remote)")
                    }
                } catch {
                    logger.error("sendto \(datagram.remote) from \(socket.local) failed: \(error)")
                }
            case .kernel(let message):
                warnAboutPFKeyTruncation(message)
                do {
                    try kernel.send(message)
                } catch .overrun {
                    logger.error("\(kernel.channel.interfaceName) send of \(message.type) failed: the socket is congested (ENOBUFS)")
                } catch {
                    logger.error("\(kernel.channel.interfaceName) send of \(message.type) failed: \(error)")
                }
            case .armTimer(let timer, let deadline):
                scheduler?.arm(timer, at: deadline)
            case .disarmTimer(let timer):
                scheduler?.disarm(timer)
            case .keysDerived(let record):
                guard let keyLog else { continue }
                do {
                    try keyLog.append(record)
                } catch {
                    logger.error("key log: \(error)")
                }
            }
        }
    }

    /// PF_KEY has no ICV length: Linux installs HMAC-SHA-256 with 96 bits there (the pre-RFC 4868 drafts), which
    /// an RFC 4868 peer (128 bits) drops. Said once per SA pair, at the outbound SA (SADB_ADD).
    private func warnAboutPFKeyTruncation(_ message: SADBMessage) {
        guard message.type == .add, kernel.channel.sha256ICVBits == 96,
            message.securityAssociation?.authAlgorithm == .hmacSHA256
        else { return }
        let peer = message.destinationAddress?.address.map { "\($0)" } ?? "the peer"
        logger.warning(
            "HMAC-SHA-256 over PF_KEY: Linux installs a 96-bit ICV for \(peer) (pre-RFC 4868); an RFC 4868 peer expects 128 bits and drops the packets unless it is set to sha256_96. The XFRM interface (kernel_interface xfrm;) installs 128 bits")
    }
}
