internal import Glibc

/// Why the load generator stopped.
enum LoadGenError: Error, CustomStringConvertible {
    /// A bad command line.
    case usage(String)
    /// A system call failed with `errno`.
    case system(String, Int32)
    /// Something the load generator does not do (IPv6).
    case unsupported(String)

    var description: String {
        switch self {
        case .usage(let text): text
        case .system(let call, let error): "\(call): \(String(cString: strerror(error)))"
        case .unsupported(let text): "unsupported: \(text)"
        }
    }
}
