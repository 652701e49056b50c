internal import PosixBasement
internal import Glibc

/// The real PF_KEY v2 socket: `socket(PF_KEY, SOCK_RAW, PF_KEY_V2)`, non-blocking, with a receive buffer sized
/// for 4 KB ACQUIREs and large SPD dumps.
public final class PFKeySocket: KernelChannel {
    /// The receive buffer used when `pfkey_buffer` is not configured, in KB. Linux resumes an interrupted dump as
    /// the socket is read, so this only has to absorb bursts of broadcasts (each ACQUIRE is about 4 KB).
    public static let defaultBufferKB = 1024

    /// The descriptor, for the event loop's read source. Valid until `close()`.
    public let fileDescriptor: Int32
    /// `getpid()` unless given.
    public let pid: UInt32
    /// The receive buffer size the kernel granted, in bytes.
    public let receiveBufferSize: Int
    private var isOpen = true
    private let buffer: UnsafeMutableRawBufferPointer

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
        fileDescriptor = fd
        self.pid = pid ?? Posix.processID()
        buffer = .allocate(byteCount: SADBConstants.maximumMessageSize, alignment: 8)
    }

    deinit {
        close()
        _ = buffer.initializeMemory(as: UInt8.self, repeating: 0)
        buffer.deallocate()
    }

    /// Closes the socket; further calls throw `PFKeyError.closed`.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Posix.close(fileDescriptor)
    }

    /// Sends one message; ENOBUFS or a full socket throws `PFKeyError.overrun`.
    public func send(bytes: [UInt8]) throws(PFKeyError) {
        guard isOpen else { throw .closed }
        guard bytes.count <= SADBConstants.maximumMessageSize else { throw .messageTooLarge(size: bytes.count) }
        do {
            // A PF_KEY send either takes the whole message or fails; "would block" is reported as an overrun.
            guard try Posix.send(fileDescriptor, bytes) != nil else { throw PFKeyError.overrun }
        } catch let error as SystemCallError {
            throw PFKeyError(error)
        } catch let error as PFKeyError {
            throw error
        } catch {
            throw .systemCall("send", errno: EIO)
        }
    }

    /// Reads one whole message (MSG_TRUNC tells its real length), or nil when none is waiting.
    public func receiveBytes() throws(PFKeyError) -> [UInt8]? {
        guard isOpen else { throw .closed }
        let length: Int?
        do {
            length = try Posix.receive(fileDescriptor, into: buffer)
        } catch {
            throw PFKeyError(error)
        }
        guard let length else { return nil }
        // MSG_TRUNC returns the real length; a message longer than PF_KEY allows cannot be whole.
        guard length <= buffer.count else { throw .messageTooLarge(size: length) }
        let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
        _ = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length]).initializeMemory(as: UInt8.self, repeating: 0)
        return bytes
    }

    /// Polls the socket for up to `timeout`.
    public func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool {
        guard isOpen else { throw .closed }
        do {
            return try Posix.waitReadable(fileDescriptor, milliseconds: Posix.milliseconds(timeout))
        } catch {
            throw PFKeyError(error)
        }
    }
}
