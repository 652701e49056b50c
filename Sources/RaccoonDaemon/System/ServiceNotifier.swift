internal import PosixBasement
internal import RaccoonCore
internal import Glibc

/// systemd's readiness protocol, spoken directly (no libsystemd): one datagram per state change to the Unix
/// socket named by `$NOTIFY_SOCKET` (sd_notify(3)). Without the variable every call does nothing, so the daemon
/// behaves the same outside systemd.
public struct ServiceNotifier: Sendable {
    /// The socket path from the environment (`@name` is an abstract socket), or nil.
    public let socketPath: String?

    /// A notifier for `$NOTIFY_SOCKET` (or an explicit path, for tests).
    public init(socketPath: String? = ServiceNotifier.environmentSocket()) {
        self.socketPath = socketPath
    }

    /// `$NOTIFY_SOCKET`, if set to something usable.
    public static func environmentSocket() -> String? {
        guard let value = getenv("NOTIFY_SOCKET") else { return nil }
        let path = String(cString: value)
        return path.hasPrefix("/") || path.hasPrefix("@") ? path : nil
    }

    /// `READY=1` with a status line.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)\nMAINPID=\(getpid())") }
    /// `RELOADING=1` (with the CLOCK_MONOTONIC stamp systemd 253+ expects for Type=notify-reload).
    public func reloading() {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        let micros = UInt64(spec.tv_sec) * 1_000_000 + UInt64(spec.tv_nsec) / 1000
        send("RELOADING=1\nMONOTONIC_USEC=\(micros)")
    }
    /// `READY=1` again after a reload.
    public func reloaded(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// `STOPPING=1`.
    public func stopping() { send("STOPPING=1") }

    /// Sends one state datagram; failures are ignored, as sd_notify's are by daemons that do not need them.
    @discardableResult
    public func send(_ state: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Posix.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
        return sent == bytes.count
    }
}
