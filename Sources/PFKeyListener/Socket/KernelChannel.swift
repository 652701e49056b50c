/// A conversation with the kernel in PF_KEY's terms: the real PF_KEY socket (`PFKeySocket`), the XFRM netlink
/// socket that translates (`XFRMSocket` in XFRMNetlink), or an in-memory kernel for tests (`InMemoryKernel` in
/// RaccoonTestSupport). All speak SADB messages (RFC 2367), the engine's one vocabulary for the kernel.
///
/// A channel is confined to one thread (the daemon's event loop); it is not `Sendable`.
public protocol KernelChannel: AnyObject {
    /// The interface's name for log lines: `PF_KEY` or `XFRM`.
    var interfaceName: String { get }
    /// The ICV length, in bits, the kernel gives an HMAC-SHA-256 SA installed through this channel: PF_KEY cannot
    /// carry one, and Linux uses the pre-RFC 4868 96 bits; XFRM says RFC 4868's 128.
    var sha256ICVBits: Int { get }
    /// True when input is already waiting in the channel itself, where no descriptor will announce it (a
    /// translating channel answers some requests at once).
    var hasQueuedInput: Bool { get }
    /// The value this side stamps in `sadb_msg_pid` (the process id for a real socket).
    var pid: UInt32 { get }
    /// Sends one encoded message. Throws `PFKeyError.overrun` on ENOBUFS.
    func send(bytes: [UInt8]) throws(PFKeyError)
    /// Returns the next whole message if one is waiting, or nil (never blocks).
    func receiveBytes() throws(PFKeyError) -> [UInt8]?
    /// Waits up to `timeout` for a message; true when one can be received.
    func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool
    /// Sends one message (by default: encoded, then `send(bytes:)`).
    func send(_ message: SADBMessage) throws(PFKeyError)
    /// Receives the next waiting input, or nil (by default: `receiveBytes()`, decoded).
    func receive() throws(PFKeyError) -> KernelInput?
}

/// What reading one message from a channel gave.
public enum KernelInput: Equatable, Sendable {
    /// A decoded message and any tolerated oddities (log the warnings).
    case message(SADBParseResult)
    /// Bytes that could not be decoded; log and carry on (the bytes are not kept: they may hold keys).
    case malformed(SADBError, byteCount: Int)
    /// A line about the interface itself worth logging (a translating channel's refused request, a skipped
    /// attribute, an interrupted dump).
    case notice(String)
}

extension KernelChannel {
    public var interfaceName: String { "PF_KEY" }

    public var hasQueuedInput: Bool { false }

    public var sha256ICVBits: Int { 96 }

    /// Encodes and sends a message, then zeroes the encoded copy (it may hold keys).
    public func send(_ message: SADBMessage) throws(PFKeyError) {
        var bytes = message.serialize()
        defer { bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        try send(bytes: bytes)
    }

    /// Receives and decodes the next waiting message, or nil when none is waiting.
    public func receive() throws(PFKeyError) -> KernelInput? {
        guard var bytes = try receiveBytes() else { return nil }
        defer { bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        do {
            return .message(try SADBMessage.parse(bytes))
        } catch {
            return .malformed(error, byteCount: bytes.count)
        }
    }
}
