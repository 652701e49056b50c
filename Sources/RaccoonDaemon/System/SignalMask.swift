public import RaccoonCore
internal import Glibc

/// The daemon's signal set-up (style §3.5, inventory §1.3).
///
/// libdispatch on Linux delivers signal sources through `signalfd` and blocks the signal only on the thread that
/// registers the source, so HUP/INT/TERM/USR1 are blocked here, on the main thread, *before* any Dispatch thread
/// exists: every thread created later inherits the mask and the signals reach only the sources.
public enum SignalMask {
    /// The signals the event loop handles.
    public static let daemonSignals: [Int32] = [SIGHUP, SIGINT, SIGTERM, SIGUSR1]

    /// Blocks the daemon's signals in the calling thread and ignores SIGPIPE (as racoon does). Call first thing,
    /// while the process is single-threaded.
    public static func blockDaemonSignals() throws(SystemCallError) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in daemonSignals { sigaddset(&set, signal) }
        let result = pthread_sigmask(SIG_BLOCK, &set, nil)
        guard result == 0 else { throw SystemCallError(call: "pthread_sigmask", errno: result) }
        Glibc.signal(SIGPIPE, SIG_IGN)
    }

    /// racoon's name for a signal in log lines.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGUSR1: "SIGUSR1"
        default: "signal \(signal)"
        }
    }
}
