internal import PosixBasement
public import RaccoonCore
internal import Glibc

/// The debugging key log (`raccoon -K dir`): appends each `KeyLogRecord` row to the Wireshark table file it belongs
/// to (`dir/ikev1_decryption_table`, `dir/esp_sa`), so that an administrator can read an encrypted exchange and its
/// ESP traffic in Wireshark. The files hold secrets: they are created mode 0600, never through a symbolic link, and
/// the daemon says at startup that it writes them. Off unless asked for.
public struct WiresharkKeyLog: Sendable {
    /// The directory the tables are written to.
    public let directory: String
    /// The ICV length the kernel gives HMAC-SHA-256 (96 over PF_KEY, 128 over XFRM), for the `esp_sa` rows.
    public var sha256ICVBits = 96

    /// A key log writing into `directory`, which must exist.
    public init(directory: String) throws(SystemCallError) {
        var info = stat()
        guard stat(directory, &info) == 0 else { throw SystemCallError(call: "stat(\(directory))", errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw SystemCallError(call: "stat(\(directory))", errno: ENOTDIR) }
        self.directory = directory
    }

    /// The file a record goes to.
    public func path(for record: KeyLogRecord) -> String { directory + "/" + record.tableName }

    /// Appends the record's row and a newline, in one write (O_APPEND keeps rows whole).
    public func append(_ record: KeyLogRecord) throws(SystemCallError) {
        let path = path(for: record)
        let fd = Int32(try Posix.call("open(\(path))") {
            Int(open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600))
        })
        defer { Posix.close(fd) }
        let line = Array((record.row(sha256ICVBits: sha256ICVBits) + "\n").utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 { throw SystemCallError(call: "write(\(path))", errno: errno) }
        if written != line.count { throw SystemCallError(call: "write(\(path))", errno: EIO) }
    }
}
