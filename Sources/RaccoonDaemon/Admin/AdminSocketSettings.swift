internal import RaccoonCore
public import ConfParser
internal import Glibc

/// Where the admin socket comes from: racoon.conf, or a path that replaces whatever racoon.conf says.
public enum AdminSocketSource: Hashable, Sendable {
    /// racoon.conf's `listen { adminsock … }`; `/run/raccoon/raccoon.sock` when it has none.
    case configuration
    /// This path, owned by the daemon with mode 0600, whatever racoon.conf says (`$RACCOON_ADMIN_SOCKET`, tests).
    case override(String)
    /// No admin socket at all (tests).
    case none
}

/// The admin socket the daemon creates, with the owner and group resolved to ids (racoon's `adminsock_path`,
/// `adminsock_owner`, `adminsock_group`, `adminsock_mode`; default root, root, 0600).
public struct AdminSocketSettings: Hashable, Sendable {
    /// The socket path.
    public var path: String
    /// The uid to give the socket; nil keeps the daemon's (root).
    public var owner: UInt32?
    /// The gid to give the socket; nil keeps the daemon's.
    public var group: UInt32?
    /// The permission bits.
    public var mode: UInt32

    /// A socket at `path`.
    public init(path: String, owner: UInt32? = nil, group: UInt32? = nil, mode: UInt32 = 0o600) {
        self.path = path
        self.owner = owner
        self.group = group
        self.mode = mode
    }

    /// The socket to create, or nil for none (`adminsock disabled`, or `.none`). An owner or group that names no
    /// user or group is an error, as in racoon ("User \"x\" does not exist").
    public static func resolve(
        _ source: AdminSocketSource, configured: AdminSocketSetting?
    ) throws(StartupError) -> AdminSocketSettings? {
        switch source {
        case .none:
            return nil
        case .override(let path):
            return AdminSocketSettings(path: path)
        case .configuration:
            switch configured {
            case nil:
                return AdminSocketSettings(path: AdminServer.defaultPath)
            case .disabled:
                return nil
            case .socket(let location):
                var settings = AdminSocketSettings(path: location.path, mode: location.mode ?? 0o600)
                if let owner = location.owner {
                    guard let uid = userID(owner) else { throw .adminSocketOwnership("user \"\(owner)\" does not exist") }
                    settings.owner = uid
                }
                if let group = location.group {
                    guard let gid = groupID(group) else { throw .adminSocketOwnership("group \"\(group)\" does not exist") }
                    settings.group = gid
                }
                return settings
            }
        }
    }

    /// A user name, or else a numeric uid (racoon: `getpwnam`, then `atoi`).
    static func userID(_ name: String) -> UInt32? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        if getpwnam_r(name, &entry, &buffer, buffer.count, &result) == 0, let result { return result.pointee.pw_uid }
        return UInt32(name)
    }

    /// A group name, or else a numeric gid (racoon: `getgrnam`, then `atoi`).
    static func groupID(_ name: String) -> UInt32? {
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        if getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, let result { return result.pointee.gr_gid }
        return UInt32(name)
    }
}
