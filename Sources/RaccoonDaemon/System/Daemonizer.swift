public import RaccoonCore
internal import Glibc

/// Detaches from the terminal like racoon's `daemon(0, 0)`: fork, the parent exits 0, the child starts a new
/// session, changes to `/` and points standard input, output and error at `/dev/null`.
///
/// Fork only while the process is single-threaded: before the event loop, before any Dispatch source, queue or
/// timer exists (a forked child keeps only the calling thread, and Dispatch's worker pool would be lost with
/// its locks held).
public enum Daemonizer {
    /// Detaches. Returns in the child only; the parent leaves with `_exit(0)` without running exit handlers (the
    /// child owns the pid file lock and the sockets now).
    public static func detach() throws(SystemCallError) {
        let pid = fork()
        if pid < 0 { throw SystemCallError(call: "fork", errno: errno) }
        if pid > 0 { _exit(0) }
        if setsid() < 0 { throw SystemCallError(call: "setsid", errno: errno) }
        _ = chdir("/")
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] { dup2(null, target) }
            if null > STDERR_FILENO { close(null) }
        }
    }
}
