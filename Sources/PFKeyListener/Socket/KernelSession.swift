/// Request/reply bookkeeping on top of a `KernelChannel`.
///
/// Replies are matched by type, `sadb_msg_seq` and `sadb_msg_pid`. Everything else that arrives while waiting
/// (an ACQUIRE can overtake the REGISTER reply; SPD broadcasts arrive at any time) is queued in order and handed
/// out by `receive()`, never dropped.
public final class KernelSession {
    /// The channel messages travel over.
    public let channel: any KernelChannel
    private var queue = FIFOQueue<KernelInput>()
    private var sequence: UInt32

    /// A session. `firstSequence` is the first `sadb_msg_seq` handed out by `nextSequence()`.
    public init(channel: any KernelChannel, firstSequence: UInt32 = 1) {
        self.channel = channel
        sequence = firstSequence == 0 ? 1 : firstSequence
    }

    /// The pid stamped on requests.
    public var pid: UInt32 { channel.pid }

    /// Builds requests stamped with this session's pid.
    public var requests: SADBRequestBuilder { SADBRequestBuilder(pid: pid) }

    /// The number of messages received while waiting for replies and not yet handed out.
    public var queuedCount: Int { queue.count }

    /// A fresh `sadb_msg_seq` (never 0: the kernel uses 0 for the last message of a dump).
    public func nextSequence() -> UInt32 {
        let value = sequence
        sequence = sequence == UInt32.max ? 1 : sequence + 1
        return value
    }

    /// Sends a message without waiting (GETSPI/UPDATE/ADD replies then come back through `receive()`).
    public func send(_ message: SADBMessage) throws(PFKeyError) {
        try channel.send(message)
    }

    /// The next message: first the ones queued while waiting for replies, then the channel's. Nil when none.
    public func receive() throws(PFKeyError) -> KernelInput? {
        if let input = queue.popFirst() { return input }
        return try channel.receive()
    }

    /// Sends `message` and waits for the kernel's reply: same type, seq and pid. A reply with `sadb_msg_errno`
    /// set throws `PFKeyError.requestFailed`.
    public func request(_ message: SADBMessage, timeout: Duration = .seconds(30)) throws(PFKeyError) -> SADBParseResult {
        try channel.send(message)
        let reply = try awaitReply(timeout: timeout, request: message) { candidate in
            candidate.type == message.type && candidate.sequence == message.sequence && candidate.pid == message.pid
        }
        if reply.message.errno != 0 { throw .requestFailed(request: message.type, errno: reply.message.errno) }
        return reply
    }

    /// Sends a dump request (SADB_DUMP, SADB_X_SPDDUMP) and collects every reply up to the one with seq 0.
    /// An empty database (the kernel answers ENOENT) gives an empty list.
    public func dump(_ message: SADBMessage, timeout: Duration = .seconds(30)) throws(PFKeyError) -> [SADBParseResult] {
        try channel.send(message)
        var results: [SADBParseResult] = []
        while true {
            // Linux numbers dump replies count…1, then 0 for the last; an error reply keeps the request's seq.
            let reply = try awaitReply(timeout: timeout, request: message) { candidate in
                candidate.type == message.type && candidate.pid == message.pid
            }
            let errno = reply.message.errno
            if errno == 2 /* ENOENT */ && results.isEmpty { return [] }
            if errno != 0 { throw .requestFailed(request: message.type, errno: errno) }
            results.append(reply)
            if reply.message.sequence == 0 { return results }
        }
    }

    private func awaitReply(
        timeout: Duration, request: SADBMessage, matches: (SADBMessage) -> Bool
    ) throws(PFKeyError) -> SADBParseResult {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            while let input = try channel.receive() {
                if case .message(let result) = input, matches(result.message) { return result }
                queue.append(input)
            }
            let now = clock.now
            guard now < deadline, try channel.waitUntilReadable(timeout: now.duration(to: deadline)) else {
                throw .timedOut(request: request.type, sequence: request.sequence)
            }
        }
    }
}
