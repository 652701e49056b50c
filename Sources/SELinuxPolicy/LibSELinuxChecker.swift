internal import CSELinux
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Asks the loaded SELinux policy through libselinux's access vector cache, as racoon's
/// `within_range()` did with `avc_has_perm`, but with the class and permission by name
/// (`association`, `polmatch`; the `flask.h` constants racoon used are gone from libselinux).
///
/// Not `selinux_check_access(3)`: it answers "allowed" without asking whenever
/// `is_selinux_enabled()` is 0, which is the case for a confined daemon that may not read
/// `/etc/selinux/config`. Whether SELinux is on comes from the kernel (`SELinuxAvailability`).
///
/// When SELinux is disabled every labeled policy fails to match (racoon's behaviour), with a
/// decision that says so and why. libselinux keeps process-wide state (the access vector
/// cache), so all calls are serialised by one process-wide lock.
public struct LibSELinuxChecker: SecurityPolicyChecker {
    /// SELinux class and permission racoon checks (inventory §5.4).
    static let securityClass = "association"
    static let permission = "polmatch"

    /// Creates a checker and routes libselinux's log messages through `setLogHandler(_:)`'s
    /// handler (stderr until one is set).
    public init() {
        SELinuxLogSink.installCallback()
    }

    /// Sends every libselinux log message (errors, AVC denials, policy reloads) to `handler`
    /// instead of stderr; `nil` goes back to stderr. Process-wide. The handler runs on the
    /// thread that called into libselinux, with the checker's lock held: it must not call the
    /// checker.
    public static func setLogHandler(_ handler: (@Sendable (SELinuxLogMessage) -> Void)?) {
        SELinuxLogSink.setHandler(handler)
    }

    /// The SELinux state seen by this process.
    public func status() -> SELinuxStatus {
        LibSELinux.lock.withLock { _ in LibSELinux.currentStatus() }
    }

    /// Whether the loaded policy knows `context` (`security_check_context(3)`).
    public func validate(context: String) -> ContextValidation {
        switch SecurityContextText.normalize(context) {
        case .failure(let why): return .invalid(context: context, reason: why.description)
        case .success(let text): return LibSELinux.lock.withLock { _ in LibSELinux.validate(context: text) }
        }
    }

    /// `association:polmatch` from `subject` (the flow's context) to `object` (the SPD entry's).
    public func polmatch(subject: String, object: String) -> PolicyDecision {
        SecurityContextText.withNormalizedPair(subject: subject, object: object) { subjectText, objectText in
            LibSELinux.lock.withLock { avcOpened in
                LibSELinux.polmatch(subject: subjectText, object: objectText, avcOpened: &avcOpened)
            }
        }
    }
}

