internal import Glibc

/// A failed system call: its name and `errno`, read immediately after the call.
public struct SystemCallError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The call that failed (`bind`, `setsockopt(IP_IPSEC_POLICY)`, …).
    public var call: String
    /// The `errno` it left.
    public var errno: Int32

    /// A failure of `call` with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `bind: Address already in use (errno 98)`.
    public var description: String { "\(call): \(Self.text(errno))" }

    /// `strerror(code)` with the number.
    public static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: message)) (errno \(code))"
    }
}
