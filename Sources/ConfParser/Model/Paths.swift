/// The `path TYPE "value";` settings. racoon compiles in no default for any of them.
public struct Paths: Hashable, Sendable {
    /// `path include`: the directory relative `include` names are resolved against.
    public var include: String?
    /// `path pre_shared_key`: the psk.txt file.
    public var preSharedKey: String?
    /// `path certificate`: the certificate directory (certificates are not implemented).
    public var certificate: String?
    /// `path script`: the hook-script directory (scripts are not implemented).
    public var script: String?
    /// `path backupsa`: the file `-B` restores SAs from.
    public var backupSA: String?
    /// `path pidfile`: the pid file (default `/var/run/racoon.pid`; relative names are under `/var/run`).
    public var pidFile: String?

    /// No paths set.
    public init() {}
}
