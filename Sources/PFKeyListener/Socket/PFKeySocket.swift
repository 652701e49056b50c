internal import PosixBasement
internal import Glibc

/// The real PF_KEY v2 socket: `socket(PF_KEY, SOCK_RAW, PF_KEY_V2)`, non-blocking, with a receive buffer sized
/// for 4 KB ACQUIREs and large SPD dumps.
public final class PFKeySocket: KernelChannel {
    /// The receive buffer used when `pfkey_buffer` is not configured, in KB. Linux resumes an interrupted dump as
    /// the socket is read, so this only has to absorb bursts of broadcasts (each ACQUIRE is about 4 KB).
    public static let defaultBufferKB = 1024

    /// The descriptor, for the event loop's read source. Valid until `close()`.
    public var fileDescriptor: Int32 { sockets.descriptors[0] }
    /// `getpid()` unless given.
    public let pid: UInt32
    /// The receive buffer size the kernel granted, in bytes.
    public let receiveBufferSize: Int
    private let sockets: KernelSockets

    /// Opens the socket. `bufferKB` is racoon's `pfkey_buffer` (KB) for both the send and receive buffers.
    ///
    /// Throws `PFKeyError.unavailable` when the kernel has no PF_KEY, `.permissionDenied` when not root.
    public init(bufferKB: Int? = nil, pid: UInt32? = nil) throws(PFKeyError) {
        let fd: Int32
        do {
            fd = try Posix.openPFKeySocket()
        } catch {
            throw PFKeyError(opening: error)
        }
        let bytes = Int32(clamping: max(bufferKB ?? Self.defaultBufferKB, 64) * 1024)
        do {
            try Posix.setNonBlocking(fd)
            try Posix.setBufferSizes(fd, bytes: bytes, send: true)
            receiveBufferSize = Int(try Posix.socketOption(fd, SO_RCVBUF))
        } catch {
            Posix.close(fd)
            throw .systemCall(error.call, errno: error.errno)
        }
        sockets = KernelSockets([fd], receiveBufferSize: SADBConstants.maximumMessageSize)
        self.pid = pid ?? Posix.processID()
    }

    /// Closes the socket; further calls throw `PFKeyError.closed`.
    public func close() {
        sockets.close()
    }

    /// Sends one message; ENOBUFS or a full socket throws `PFKeyError.overrun`.
    public func send(bytes: [UInt8]) throws(PFKeyError) {
        guard bytes.count <= SADBConstants.maximumMessageSize else { throw .messageTooLarge(size: bytes.count) }
        try sockets.sendMessage(bytes, on: fileDescriptor)
    }

    /// Reads one whole message (MSG_TRUNC tells its real length), or nil when none is waiting.
    public func receiveBytes() throws(PFKeyError) -> [UInt8]? {
        switch try sockets.receiveDatagram(from: fileDescriptor) {
        case nil: return nil
        case .bytes(let bytes): return bytes
        // A message longer than PF_KEY allows cannot be whole.
        case .tooLarge(let length): throw .messageTooLarge(size: length)
        }
    }

    /// Polls the socket for up to `timeout`.
    public func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool {
        try sockets.waitUntilReadable(timeout: timeout)
    }
}
