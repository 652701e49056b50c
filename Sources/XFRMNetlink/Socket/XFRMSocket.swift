internal import PosixBasement
internal import Glibc
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
    public var fileDescriptors: [Int32] { [requestSocket, eventSocket] }

    private let requestSocket: Int32
    private let eventSocket: Int32
    private var translator: XFRMTranslator
    private var queue = KernelInputQueue()
    private var isOpen = true
    private let buffer: UnsafeMutableRawBufferPointer

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
            requestSocket = request.fd
            eventSocket = event.fd
            translator = XFRMTranslator(portID: request.portID)
        } catch {
            for fd in opened { Posix.close(fd) }
            throw PFKeyError(opening: error)
        }
        buffer = .allocate(byteCount: Self.receiveBufferSize, alignment: 8)
    }

    deinit {
        close()
        _ = buffer.initializeMemory(as: UInt8.self, repeating: 0)
        buffer.deallocate()
    }

    /// Closes both sockets.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        for fd in fileDescriptors { Posix.close(fd) }
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
        guard isOpen else { throw .closed }
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
        guard isOpen else { throw .closed }
        // Replies first: a request waiting on one must not wait behind a burst of notifications.
        while queue.count == 0 {
            if try !read(requestSocket, replies: true), try !read(eventSocket, replies: false) { return nil }
        }
        return queue.popFirst()
    }

    public func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool {
        guard isOpen else { throw .closed }
        if queue.count > 0 { return true }
        do {
            return try Posix.waitReadable(fileDescriptors, milliseconds: Posix.milliseconds(timeout))
        } catch {
            throw PFKeyError(error)
        }
    }

    // MARK: - Moving bytes

    /// Reads one datagram from `fd` and translates its messages; false when none was waiting.
    private func read(_ fd: Int32, replies: Bool) throws(PFKeyError) -> Bool {
        let length: Int?
        do {
            length = try Posix.receive(fd, into: buffer)
        } catch {
            throw PFKeyError(error)
        }
        guard let length else { return false }
        let region = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(length, buffer.count)])
        defer { _ = region.initializeMemory(as: UInt8.self, repeating: 0) }
        guard length <= buffer.count else {
            queue.append(.notice("XFRM: dropped a netlink datagram of \(length) bytes (larger than \(buffer.count))"))
            return true
        }
        let messages: [NetlinkMessage]
        do {
            messages = try NetlinkMessage.parseDatagram(Array(region))
        } catch {
            queue.append(.notice("XFRM: ignored a malformed netlink datagram of \(length) bytes: \(error)"))
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
            do {
                guard try Posix.send(requestSocket, bytes) != nil else { throw PFKeyError.overrun }
            } catch let error as SystemCallError {
                throw PFKeyError(error)
            } catch let error as PFKeyError {
                throw error
            } catch {
                throw .systemCall("send", errno: EIO)
            }
        }
    }
}
