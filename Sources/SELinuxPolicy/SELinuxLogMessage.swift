/// One message libselinux wanted to log (by default it writes them to stderr). Install a
/// handler with `LibSELinuxChecker.setLogHandler(_:)` to route them to the daemon's log.
public struct SELinuxLogMessage: Sendable, Hashable, CustomStringConvertible {
    /// libselinux's message type.
    public enum Kind: Sendable, Hashable {
        /// SELINUX_ERROR
        case error
        /// SELINUX_WARNING
        case warning
        /// SELINUX_INFO
        case info
        /// SELINUX_AVC: an access vector cache decision, e.g. a denial (`avc:  denied  { polmatch }`).
        case avc
        /// SELINUX_POLICYLOAD: a policy was (re)loaded.
        case policyLoad
        /// SELINUX_SETENFORCE: the enforcing mode changed.
        case setEnforce
        /// A type code this version does not know.
        case other(Int32)

        init(code: Int32) {
            switch code {
            case 0: self = .error
            case 1: self = .warning
            case 2: self = .info
            case 3: self = .avc
            case 4: self = .policyLoad
            case 5: self = .setEnforce
            default: self = .other(code)
            }
        }
    }

    /// The message type.
    public var kind: Kind
    /// The formatted text, without the trailing newline libselinux puts on most messages.
    public var text: String

    /// Creates a message.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    /// "libselinux <kind>: <text>".
    public var description: String { "libselinux \(kind): \(text)" }
}
