internal import Glibc
internal import PFKeyListener
internal import RaccoonCore

/// What the load generator and the engine responder (`--respond`) do alike around an `IKEEngine` with an in-memory
/// kernel: feed it events and the kernel's replies, execute its effects, and wait in poll(2) for the next datagram
/// or timer.
enum EngineDriver {
    /// An effect that could not be executed: the datagram was not sent, or the kernel refused the message.
    enum Failure {
        case send(LoadGenError)
        case kernel(SADBMessageType, PFKeyError)
    }

    /// Hands `events`, and then everything `kernel` queues in answer, to `engine`, executing the effects:
    /// datagrams go out on `socket`, PF_KEY messages to `kernel`, timers into `timers` under `host`.
    static func pump(
        _ events: [EngineEvent], engine: IKEEngine, kernel: any KernelChannel, host: Int, socket: PacketInfoSocket,
        timers: inout TimerQueue<HostTimer>, failed: (Failure) -> Void
    ) {
        var pending = events
        drain(kernel, into: &pending)
        var next = 0
        while next < pending.count {
            let effects = engine.handle(pending[next], at: now())
            next += 1
            for effect in effects {
                switch effect {
                case .send(let datagram):
                    do {
                        try socket.send(datagram.bytes, from: datagram.local.address, to: datagram.remote)
                    } catch {
                        failed(.send(error))
                    }
                case .kernel(let message):
                    do {
                        try kernel.send(bytes: message.serialize())
                    } catch {
                        failed(.kernel(message.type, error))
                    }
                    drain(kernel, into: &pending)
                case .armTimer(let timer, let deadline):
                    timers.arm(HostTimer(host: host, timer: timer), at: deadline)
                case .disarmTimer(let timer):
                    timers.disarm(HostTimer(host: host, timer: timer))
                case .keysDerived:
                    break
                }
            }
        }
    }

    /// Every message `kernel` has queued, as engine events.
    private static func drain(_ kernel: any KernelChannel, into pending: inout [EngineEvent]) {
        while let bytes = try? kernel.receiveBytes() {
            if let message = try? SADBMessage(parsing: bytes) { pending.append(.kernel(message)) }
        }
    }

    /// REGISTER for ESP, as the daemon does at startup: ACQUIREs reach registered sockets only (RFC 2367 §3.1.6).
    /// The reply is read and dropped.
    static func registerForESP(_ kernel: any KernelChannel) {
        try? kernel.send(bytes: SADBRequestBuilder(pid: kernel.pid).register(.esp, sequence: 1).serialize())
        _ = try? kernel.receiveBytes()
    }

    /// Waits in poll(2) until `socket` is readable or the earliest of `timers` is due, at most a second.
    static func wait(
        for socket: PacketInfoSocket, timers: inout TimerQueue<HostTimer>, now: MonotonicInstant
    ) throws(LoadGenError) {
        var timeout: Int32 = 1000
        if let deadline = timers.earliest()?.deadline {
            let milliseconds = deadline.nanoseconds > now.nanoseconds
                ? (deadline.nanoseconds - now.nanoseconds + 999_999) / 1_000_000 : 0
            timeout = Int32(min(UInt64(timeout), milliseconds))
        }
        var descriptor = pollfd(fd: socket.fileDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, timeout) < 0, errno != EINTR { throw .system("poll", errno) }
    }

    /// CLOCK_MONOTONIC, the engine's clock.
    static func now() -> MonotonicInstant {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return MonotonicInstant(nanoseconds: UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec))
    }
}
