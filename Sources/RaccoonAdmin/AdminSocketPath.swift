internal import ConfParser
internal import Glibc

/// Where raccoonctl finds the daemon's admin socket, and the defaults the daemon shares with it.
///
/// raccoonctl's order: `-s PATH`; else the `adminsock` of `-f FILE`; else `$RACCOON_ADMIN_SOCKET`; else the
/// `adminsock` of /etc/racoon/racoon.conf when that file exists; else `/run/raccoon/raccoon.sock`
/// (docs/daemon.md, "raccoonctl and the admin socket").
public enum AdminSocketPath {
    /// The socket without an `adminsock` line.
    public static let defaultPath = "/run/raccoon/raccoon.sock"
    /// The configuration raccoonctl reads when neither `-s` nor `-f` nor `$RACCOON_ADMIN_SOCKET` says otherwise.
    public static let defaultConfigurationPath = "/etc/racoon/racoon.conf"

    /// `$RACCOON_ADMIN_SOCKET`, when set and not empty: overrides racoon.conf's `adminsock` in the daemon and
    /// the default in raccoonctl (for tests and scripts that run several daemons).
    public static func environmentOverride() -> String? {
        guard let value = getenv("RACCOON_ADMIN_SOCKET"), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    /// The socket a racoon.conf names: its `adminsock` path, or the default without one. `adminsock disabled`
    /// and an unreadable or invalid file are errors that say so (the configuration error keeps its
    /// file:line:column).
    public static func configured(in file: String) throws(AdminError) -> String {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader.load(path: file)
        } catch {
            throw .failed("cannot read the admin socket from \(file): \(error)")
        }
        switch loaded.configuration.listen.adminSocket {
        case nil:
            return defaultPath
        case .disabled:
            throw .failed("\(file) disables the admin socket (listen { adminsock disabled; })")
        case .socket(let location):
            return location.path
        }
    }

    /// raccoonctl's choice (see the type's comment). `socket` and `configuration` are `-s` and `-f`;
    /// `environment` is `$RACCOON_ADMIN_SOCKET`; `exists` tells whether the default configuration is there.
    public static func resolve(
        socket: String?, configuration: String?, environment: String?, exists: (String) -> Bool = fileExists
    ) throws(AdminError) -> String {
        if let socket { return socket }
        if let configuration { return try configured(in: configuration) }
        if let environment { return environment }
        if exists(defaultConfigurationPath) { return try configured(in: defaultConfigurationPath) }
        return defaultPath
    }

    /// Whether `path` names something that exists (`access(F_OK)`).
    public static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
