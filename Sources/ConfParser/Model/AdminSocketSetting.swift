/// `listen { adminsock … }`: the socket racoonctl (raccoonctl) talks to (racoon.conf(5)).
public enum AdminSocketSetting: Hashable, Sendable, CustomStringConvertible {
    /// `adminsock disabled;`: no admin socket.
    case disabled
    /// `adminsock "path" ["owner" "group" mode];`.
    case socket(AdminSocketLocation)

    public var description: String {
        switch self {
        case .disabled: "disabled"
        case .socket(let location): "\(location)"
        }
    }
}

/// Where the admin socket is created and who may use it. The owner and group are names or numeric ids, resolved
/// when the daemon creates the socket (racoon resolved them while parsing).
public struct AdminSocketLocation: Hashable, Sendable, CustomStringConvertible {
    /// The absolute path of the socket.
    public var path: String
    /// The owner (user name or uid); nil leaves the daemon's own (root).
    public var owner: String?
    /// The group (group name or gid); nil leaves the daemon's own.
    public var group: String?
    /// The permission bits; nil means racoon's 0600.
    public var mode: UInt32?

    /// A location.
    public init(path: String, owner: String? = nil, group: String? = nil, mode: UInt32? = nil) {
        self.path = path
        self.owner = owner
        self.group = group
        self.mode = mode
    }

    /// `"/run/raccoon/raccoon.sock" "root" "operator" 0660`.
    public var description: String {
        var text = "\"\(path)\""
        if let owner, let group { text += " \"\(owner)\" \"\(group)\"" }
        if let mode { text += " 0" + String(mode, radix: 8) }
        return text
    }
}
