package import PosixBasement

/// The kernel channels' sockets in PF_KEY's terms (`PFKeySocket`, and `XFRMSocket` in XFRMNetlink): a closed
/// channel is `.closed`, a socket that would block or ENOBUFS is `.overrun` (RFC 2367 §1.2: a PF_KEY socket may
/// drop messages when its queue is full), any other failure the `PFKeyError` of its errno.
extension KernelSockets {
    /// Sends one whole message on `fd`.
    package func sendMessage(_ bytes: [UInt8], on fd: Int32) throws(PFKeyError) {
        guard isOpen else { throw .closed }
        let sent: Bool
        do {
            sent = try send(bytes, on: fd)
        } catch {
            throw PFKeyError(error)
        }
        guard sent else { throw .overrun }
    }

    /// Receives one datagram from `fd`, or nil when none is waiting.
    package func receiveDatagram(from fd: Int32) throws(PFKeyError) -> Datagram? {
        guard isOpen else { throw .closed }
        do {
            return try receive(from: fd)
        } catch {
            throw PFKeyError(error)
        }
    }

    /// Waits up to `timeout` for any of the sockets to become readable.
    package func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool {
        guard isOpen else { throw .closed }
        do {
            return try waitReadable(timeout: timeout)
        } catch {
            throw PFKeyError(error)
        }
    }
}
