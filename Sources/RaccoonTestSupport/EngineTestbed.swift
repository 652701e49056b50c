public import IKECrypto
public import InMemoryLogging
internal import Logging
public import PFKeyListener
public import RaccoonCore
public import SELinuxPolicy

/// Several `IKEEngine`s back to back in one process: a loopback network, one in-memory PF_KEY kernel per engine
/// and one manual clock (wireguard-go's `genTestPair` with channel binds).
///
/// `run()` delivers datagrams and kernel messages until nothing is left to do; `advance(by:)` moves the clock and
/// fires due timers in order, running the system to quiescence after each.
public final class EngineTestbed {
    /// One daemon: an engine, its kernel and its log.
    public final class Node {
        /// The index used for the scheduler.
        public let index: Int
        /// A name for assertion messages.
        public let name: String
        /// The host's address (IKE runs on port 500).
        public let address: IPAddress
        /// The engine under test.
        public let engine: IKEEngine
        /// The node's kernel.
        public let kernel: InMemoryKernel
        /// Every log entry the engine produced.
        public let log: InMemoryLogHandler
        /// Every PF_KEY message the kernel sent to the engine, in order.
        public internal(set) var kernelMessages: [SADBMessage] = []
        /// PF_KEY requests the kernel refused at the socket (should stay empty).
        public internal(set) var socketErrors: [String] = []
        /// The key-log rows the engine emitted (`EngineEffect.keysDerived`), in order.
        public internal(set) var keyLog: [KeyLogRecord] = []

        init(index: Int, name: String, address: IPAddress, engine: IKEEngine, kernel: InMemoryKernel, log: InMemoryLogHandler) {
            self.index = index
            self.name = name
            self.address = address
            self.engine = engine
            self.kernel = kernel
            self.log = log
        }

        /// The rendered log messages.
        public var logMessages: [String] { log.entries.map { "\($0.message)" } }

        /// Whether some log message contains `text`.
        public func logged(_ text: String) -> Bool { logMessages.contains { $0.contains(text) } }

        /// The host's IKE endpoint.
        public var endpoint: Endpoint { Endpoint(address: address, port: 500) }
    }

    /// The wire.
    public var network = LoopbackNetwork()
    /// The clock and timers.
    public var scheduler = ManualScheduler()
    /// The readable record of every event and effect, when a test asks for one (`recordTranscript()`).
    public private(set) var transcript: EffectTranscript?

    /// Starts recording the readable transcript from now.
    public func recordTranscript() {
        transcript = EffectTranscript(origin: scheduler.now)
    }
    /// The daemons.
    public private(set) var nodes: [Node] = []

    /// Whether engines log at trace level (the daemon's `-d -d`) instead of debug.
    public let traceLogging: Bool

    /// An empty testbed; `traceLogging` sets the engines' loggers to trace instead of debug.
    public init(traceLogging: Bool = false) {
        self.traceLogging = traceLogging
    }

    /// Adds a daemon at `address` with its own kernel (SPIs from `firstSPI`) and registers it for ESP.
    @discardableResult
    public func addNode(
        name: String, address: IPAddress, configuration: EngineConfiguration, random: any RandomSource,
        policyChecker: any SecurityPolicyChecker = StaticPolicyChecker(rules: []), firstSPI: UInt32,
        pid: UInt32
    ) -> Node {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "raccoon.\(name)") { _ in handler }
        logger.logLevel = traceLogging ? .trace : .debug
        let engine = IKEEngine(
            configuration: configuration, random: random, policyChecker: policyChecker, processID: pid, logger: logger)
        let kernel = InMemoryKernel(pid: pid, firstSPI: firstSPI, templateMismatch: .reject)
        let node = Node(index: nodes.count, name: name, address: address, engine: engine, kernel: kernel, log: handler)
        nodes.append(node)
        // The daemon registers for ESP at startup (ACQUIRE and EXPIRE reach registered sockets only).
        try? kernel.send(bytes: SADBRequestBuilder(pid: pid).register(.esp, sequence: 1).serialize())
        _ = try? kernel.receiveBytes()
        return node
    }

    /// Simulates a reboot of `node`'s host: a fresh engine and a fresh kernel with the same policies, configuration
    /// and pid. The old node is replaced in `nodes` and returned nodes must be looked up again.
    @discardableResult
    public func restart(
        _ node: Node, configuration: EngineConfiguration, random: any RandomSource,
        policyChecker: any SecurityPolicyChecker = StaticPolicyChecker(rules: []), firstSPI: UInt32
    ) -> Node {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "raccoon.\(node.name)") { _ in handler }
        logger.logLevel = traceLogging ? .trace : .debug
        let pid = node.kernel.pid
        let engine = IKEEngine(
            configuration: configuration, random: random, policyChecker: policyChecker, processID: pid, logger: logger)
        let kernel = InMemoryKernel(pid: pid, firstSPI: firstSPI, templateMismatch: .reject)
        try? kernel.send(bytes: SADBRequestBuilder(pid: pid).register(.esp, sequence: 1).serialize())
        _ = try? kernel.receiveBytes()
        for policy in node.kernel.policies {
            kernel.addPolicy(
                direction: policy.direction, selector: policy.selector, requests: policy.requests,
                policyType: policy.policyType, priority: policy.priority, securityContext: policy.securityContext)
        }
        let replacement = Node(
            index: node.index, name: node.name, address: node.address, engine: engine, kernel: kernel, log: handler)
        nodes[node.index] = replacement
        for entry in scheduler.pending where entry.node == node.index { scheduler.disarm(entry.timer, node: node.index) }
        run()
        return replacement
    }

    /// The node owning `address`.
    public func node(at address: IPAddress) -> Node? { nodes.first { $0.address == address } }

    /// Hands one event to a node's engine and executes the effects.
    public func deliver(_ event: EngineEvent, to node: Node) {
        let logged = node.log.entries.count
        let effects = node.engine.handle(event, at: scheduler.now)
        if transcript != nil {
            let lines = node.log.entries.dropFirst(logged).map { "\($0.level) \($0.message)" }
            transcript?.record(node: node.name, event: event, at: scheduler.now, effects: effects, logLines: lines)
        }
        execute(effects, on: node)
    }

    /// Executes effects a node's engine returned outside `handle` (for example `flush(_:at:)`), in order.
    public func execute(_ effects: [EngineEffect], on node: Node) {
        for effect in effects {
            switch effect {
            case .send(let datagram):
                network.send(datagram)
            case .kernel(let message):
                do {
                    try node.kernel.send(bytes: message.serialize())
                } catch {
                    node.socketErrors.append("\(message.type): \(error)")
                }
            case .armTimer(let timer, let deadline):
                scheduler.arm(timer, at: deadline, node: node.index)
            case .disarmTimer(let timer):
                scheduler.disarm(timer, node: node.index)
            case .keysDerived(let record):
                node.keyLog.append(record)
            }
        }
    }

    /// Delivers kernel messages and datagrams until both are idle.
    public func run() {
        run(until: { false })
    }

    /// Delivers kernel messages and datagrams until both are idle or `stop` returns true (checked after each
    /// delivery).
    public func run(until stop: () -> Bool) {
        var progress = true
        var steps = 0
        while progress, !stop() {
            progress = false
            steps += 1
            precondition(steps < 100_000, "the testbed did not converge")
            for node in nodes {
                while let bytes = try? node.kernel.receiveBytes() {
                    progress = true
                    if let message = try? SADBMessage(parsing: bytes) {
                        node.kernelMessages.append(message)
                        deliver(.kernel(message), to: node)
                    }
                }
            }
            if let datagram = network.next() {
                progress = true
                // The sender's remote is the receiver's local.
                if let receiver = node(at: datagram.remote.address) {
                    let received = Datagram(local: datagram.remote, remote: datagram.local, bytes: datagram.bytes)
                    deliver(.datagram(received), to: receiver)
                }
            }
        }
    }

    /// Moves the clock forward by `duration`, firing due timers in order.
    public func advance(by duration: Duration) {
        let limit = scheduler.now + duration
        run()
        while let entry = scheduler.popDue(notAfter: limit) {
            deliver(.timerFired(entry.timer), to: nodes[entry.node])
            run()
        }
        scheduler.setNow(limit)
    }
}
