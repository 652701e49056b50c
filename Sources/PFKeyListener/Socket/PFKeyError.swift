package import PosixBasement
internal import Glibc

/// A failure talking to the kernel over PF_KEY (socket errors, timeouts, refused requests).
public enum PFKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kernel has no PF_KEY (`EAFNOSUPPORT`, `EPROTONOSUPPORT`, `ESOCKTNOSUPPORT`).
    case unavailable(errno: Int32)
    /// Opening or using PF_KEY needs root (`CAP_NET_ADMIN`).
    case permissionDenied(errno: Int32)
    /// `ENOBUFS`: the socket's queue overflowed and messages were lost. Re-dump the SPD (and SAD) to resync.
    case overrun
    /// The channel was closed.
    case closed
    /// No reply to a request within the timeout.
    case timedOut(request: SADBMessageType, sequence: UInt32)
    /// The kernel answered a request with `sadb_msg_errno` set.
    case requestFailed(request: SADBMessageType, errno: UInt8)
    /// A reply could not be decoded.
    case malformedReply(SADBError)
    /// A message larger than PF_KEY can carry.
    case messageTooLarge(size: Int)
    /// Any other system-call failure.
    case systemCall(String, errno: Int32)
    /// No kernel interface that was allowed could be opened; the text says which were tried and why.
    case noKernelInterface(String)

    /// A readable name for logs.
    public var description: String {
        switch self {
        case .unavailable:
            "PF_KEY unavailable (kernel built without CONFIG_NET_KEY, or the af_key module is not loaded: try `modprobe af_key`)"
        case .permissionDenied(let code):
            "PF_KEY socket refused: \(Self.text(code)) (PF_KEY needs root or CAP_NET_ADMIN)"
        case .overrun:
            "PF_KEY receive queue overrun (ENOBUFS): kernel messages were lost; the SPD must be dumped again"
        case .closed:
            "PF_KEY socket is closed"
        case .timedOut(let request, let sequence):
            "no reply from the kernel to \(request) (seq \(sequence))"
        case .requestFailed(let request, let code):
            "pfkey \(request) failed: \(Self.text(Int32(code)))\(Self.hint(request: request, errno: code))"
        case .malformedReply(let error):
            "malformed PF_KEY reply: \(error)"
        case .messageTooLarge(let size):
            "PF_KEY message of \(size) bytes is larger than 524280"
        case .systemCall(let call, let code):
            "\(call) on the PF_KEY socket failed: \(Self.text(code))"
        case .noKernelInterface(let text):
            text
        }
    }

    private static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: message)) (errno \(code))"
    }

    private static func hint(request: SADBMessageType, errno code: UInt8) -> String {
        switch (request, Int32(code)) {
        case (.update, EACCES), (.add, EACCES):
            "; for a labeled SA this means the daemon's SELinux domain lacks association:setcontext"
        case (.spdDump, ENOENT), (.dump, ENOENT):
            "; the database is empty"
        case (.update, ESRCH):
            "; no larval SA with that SPI (it expired, or GETSPI was not done)"
        case (.add, EEXIST):
            "; an SA with that SPI and destination already exists"
        case (_, ENOSYS):
            "; the kernel lacks the algorithm (missing module?)"
        default:
            ""
        }
    }
}

extension PFKeyError {
    /// A kernel socket's failed call: ENOBUFS is an overrun, EPERM/EACCES a permission problem.
    package init(_ failure: SystemCallError) {
        switch failure.errno {
        case ENOBUFS: self = .overrun
        case EPERM, EACCES: self = .permissionDenied(errno: failure.errno)
        default: self = .systemCall(failure.call, errno: failure.errno)
        }
    }

    /// A failure to open a kernel socket: the families and protocols a kernel lacks mean the interface is absent.
    package init(opening failure: SystemCallError) {
        switch failure.errno {
        case EAFNOSUPPORT, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EINVAL: self = .unavailable(errno: failure.errno)
        default: self = PFKeyError(failure)
        }
    }
}
