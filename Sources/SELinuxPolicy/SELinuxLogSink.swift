internal import CSELinux
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Process-wide destination of libselinux's log messages. libselinux keeps one log callback
/// per process and a C callback cannot capture Swift context, so the C trampoline
/// (`CSELinux_log_trampoline` in shim.h) calls the `@_cdecl` function below, which forwards to
/// the handler stored here behind a mutex.
enum SELinuxLogSink {
    private static let handler = Mutex<(@Sendable (SELinuxLogMessage) -> Void)?>(nil)
    private static let installed = Mutex<Bool>(false)

    /// Replaces the handler; `nil` restores writing to stderr (libselinux's own behaviour).
    static func setHandler(_ newHandler: (@Sendable (SELinuxLogMessage) -> Void)?) {
        handler.withLock { $0 = newHandler }
        installCallback()
    }

    /// Makes libselinux log through the trampoline (once per process).
    static func installCallback() {
        installed.withLock { done in
            guard !done else { return }
            CSELinux_install_log_callback()
            done = true
        }
    }

    /// Called (through the trampoline) for every libselinux message.
    static func deliver(code: Int32, text: String) {
        var line = text
        while line.last == "\n" { line.removeLast() }
        let message = SELinuxLogMessage(kind: .init(code: code), text: line)
        // Copy the handler out so that it runs without the lock held.
        if let current = handler.withLock({ $0 }) {
            current(message)
        } else {
            let bytes = Array((message.description + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        }
    }
}

/// The C-callable end of the log trampoline (declared in CSELinux/shim.h).
@_cdecl("raccoon_selinux_log_sink")
func raccoonSELinuxLogSink(_ type: Int32, _ message: UnsafePointer<CChar>?) {
    guard let message else { return }
    SELinuxLogSink.deliver(code: type, text: String(cString: message))
}
