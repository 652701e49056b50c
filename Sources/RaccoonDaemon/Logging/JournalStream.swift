internal import RaccoonCore
internal import Glibc

/// Whether standard error is a stream into systemd's journal. systemd sets `$JOURNAL_STREAM` to `DEVICE:INODE` of
/// the stream it connected to standard output and standard error (systemd.exec(5), "Environment variables in
/// spawned processes"), so that a program can tell, with fstat(2), that what it writes there reaches the journal.
public enum JournalStream {
    /// True when `$JOURNAL_STREAM` names the file standard error is.
    public static func standardErrorIsJournal() -> Bool {
        guard let value = getenv("JOURNAL_STREAM") else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return matches(String(cString: value), device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// `DEVICE:INODE` (decimal, as systemd writes it) against a file's device and inode numbers.
    public static func matches(_ value: String, device: UInt64, inode: UInt64) -> Bool {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let streamDevice = UInt64(parts[0]), let streamInode = UInt64(parts[1]) else { return false }
        return streamDevice == device && streamInode == inode
    }
}
