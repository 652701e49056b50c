internal import PosixBasement
public import PFKeyListener

/// The kernel over XFRM netlink (`NETLINK_XFRM`), speaking PF_KEY to its user through `XFRMTranslator`.
///
/// Two sockets, as strongSwan and libreswan use: one for requests and their replies, one joined to the
/// ACQUIRE, EXPIRE, SA and POLICY multicast groups, so that a burst of notifications cannot overrun a reply.
/// The event loop watches both (`fileDescriptors`).
public final class XFRMSocket: KernelChannel {
    /// The receive buffer asked for the event socket when none is configured, in KB (as PF_KEY's).
    public static let defaultBufferKB = 1024
    /// Large enough for the biggest datagram the kernel builds for a dump or an ACQUIRE with a 4 KB context.
    static let receiveBufferSize = 256 * 1024

    public var interfaceName: String { "XFRM" }
    /// XFRMA_ALG_AUTH_TRUNC carries the length the translator installs (KernelAlgorithmNames).
    public var sha256ICVBits: Int { Int(KernelAlgorithmNames.authentication(.hmacSHA256)?.icvBits ?? 96) }
    /// Replies the translator gave at once (REGISTER, a refused request) wait here, not on a descriptor.
    public var hasQueuedInput: Bool { queue.count > 0 }
    /// The request socket's port id, used as `sadb_msg_pid`.
    public var pid: UInt32 { translator.portID }
    /// The request and the event socket, for the event loop's read sources. Valid until `close()`.
    public var fileDescriptors: [Int32] { sockets.descriptors }

    private var requestSocket: Int32 { sockets.descriptors[0] }
    private var eventSocket: Int32 { sockets.descriptors[1] }
    private var translator: XFRMTranslator
    private var queue = FIFOQueue<KernelInput>()
    private let sockets: KernelSockets

    /// Opens both sockets and joins the groups. Throws `.unavailable` when the kernel has no XFRM netlink
    /// (`xfrm_user` missing), `.permissionDenied` without CAP_NET_ADMIN (joining the groups needs it).
    public init(bufferKB: Int? = nil) throws(PFKeyError) {
        var opened: [Int32] = []
        do {
            let request = try Posix.openXFRMNetlinkSocket()
            opened.append(request.fd)
            let event = try Posix.openXFRMNetlinkSocket()
            opened.append(event.fd)
            for group in XFRMMulticastGroup.allCases { try Posix.joinNetlinkGroup(event.fd, group.rawValue) }
            let bytes = Int32(clamping: max(bufferKB ?? Self.defaultBufferKB, 64) * 1024)
            try Posix.setBufferSizes(event.fd, bytes: bytes, send: false)
            translator = XFRMTranslator(portID: request.portID)
        } catch {
            for fd in opened { Posix.close(fd) }
            throw PFKeyError(opening: error)
        }
        sockets = KernelSockets(opened, receiveBufferSize: Self.receiveBufferSize)
    }

    /// Closes both sockets.
    public func close() {
        sockets.close()
    }

    // MARK: - KernelChannel

    public func send(bytes: [UInt8]) throws(PFKeyError) {
        let message: SADBMessage
        do {
            message = try SADBMessage(parsing: bytes)
        } catch {
            throw .malformedReply(error)
        }
        try send(message)
    }

    public func send(_ message: SADBMessage) throws(PFKeyError) {
        guard sockets.isOpen else { throw .closed }
        let output = translator.translate(message)
        try deliver(output)
    }

    public func receiveBytes() throws(PFKeyError) -> [UInt8]? {
        while let input = try receive() {
            if case .message(let result) = input { return result.message.serialize() }
        }
        return nil
    }

    public func receive() throws(PFKeyError) -> KernelInput? {
        guard sockets.isOpen else { throw .closed }
        // Replies first: a request waiting on one must not wait behind a burst of notifications.
        while queue.count == 0 {
            if try !read(requestSocket, replies: true), try !read(eventSocket, replies: false) { return nil }
        }
        return queue.popFirst()
    }

    public func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool {
        guard sockets.isOpen else { throw .closed }
        if queue.count > 0 { return true }
        return try sockets.waitUntilReadable(timeout: timeout)
    }

    // MARK: - Moving bytes

    /// Reads one datagram from `fd` and translates its messages; false when none was waiting.
    private func read(_ fd: Int32, replies: Bool) throws(PFKeyError) -> Bool {
        let datagram: [UInt8]
        switch try sockets.receiveDatagram(from: fd) {
        case nil:
            return false
        case .bytes(let bytes):
            datagram = bytes
        case .tooLarge(let length):
            queue.append(.notice("XFRM: dropped a netlink datagram of \(length) bytes (larger than \(sockets.receiveBufferSize))"))
            return true
        }
        let messages: [NetlinkMessage]
        do {
            messages = try NetlinkMessage.parseDatagram(datagram)
        } catch {
            queue.append(.notice("XFRM: ignored a malformed netlink datagram of \(datagram.count) bytes: \(error)"))
            return true
        }
        for message in messages {
            try deliver(replies ? translator.receiveReply(message) : translator.receiveEvent(message))
        }
        return true
    }

    /// Sends the translation's requests and queues its messages and notices.
    private func deliver(_ output: XFRMTranslator.Output) throws(PFKeyError) {
        for line in output.notices { queue.append(.notice(line)) }
        for message in output.messages { queue.append(.message(SADBParseResult(message: message))) }
        for request in output.requests {
            var bytes = request.serialize()
            defer { bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
            try sockets.sendMessage(bytes, on: requestSocket)
        }
    }
}
