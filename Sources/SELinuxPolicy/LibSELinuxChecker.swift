internal import CSELinux
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Asks the loaded SELinux policy through libselinux, as racoon's `within_range()` did, but
/// with `selinux_check_access(subject, object, "association", "polmatch", NULL)`: class and
/// permission by name (the `flask.h` constants racoon used are gone from libselinux).
///
/// When SELinux is disabled every labeled policy fails to match (racoon's behaviour), with a
/// decision that says so and why (see `SELinuxAvailability`). libselinux keeps process-wide
/// state (the access vector cache), so all calls are serialised by one process-wide lock.
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

    /// `association:polmatch` from `subject` (the flow's context) to `object` (the SPD entry's).
    public func polmatch(subject: String, object: String) -> PolicyDecision {
        let subjectText: String
        switch SecurityContextText.normalize(subject) {
        case .success(let text): subjectText = text
        case .failure(let why): return .invalidContext(context: subject, role: .subject, reason: why.description)
        }
        let objectText: String
        switch SecurityContextText.normalize(object) {
        case .success(let text): objectText = text
        case .failure(let why): return .invalidContext(context: object, role: .object, reason: why.description)
        }
        return LibSELinux.lock.withLock { _ in
            LibSELinux.polmatch(subject: subjectText, object: objectText)
        }
    }
}

/// The calls into libselinux; only used with `lock` held.
enum LibSELinux {
    static let lock = Mutex<Void>(())

    static func availability() -> SELinuxAvailability {
        SELinuxAvailability.diagnose(
            libselinuxEnabled: is_selinux_enabled() == 1,
            filesystems: SmallFile.read("/proc/filesystems"),
            mounts: SmallFile.read("/proc/self/mounts"),
            configPresent: access("/etc/selinux/config", F_OK) == 0)
    }

    static func currentStatus() -> SELinuxStatus {
        let availability = availability()
        var policyType: String?
        var typeName: UnsafeMutablePointer<CChar>?
        if selinux_getpolicytype(&typeName) == 0, let typeName {
            policyType = String(cString: typeName)
            free(typeName)
        }
        guard availability == .enabled else {
            return SELinuxStatus(
                availability: availability, mlsEnabled: false, enforcing: nil,
                policyType: policyType, policyVersion: nil)
        }
        let enforce = security_getenforce()
        let version = security_policyvers()
        return SELinuxStatus(
            availability: availability,
            mlsEnabled: is_selinux_mls_enabled() == 1,
            enforcing: enforce < 0 ? nil : enforce == 1,
            policyType: policyType,
            policyVersion: version < 0 ? nil : Int(version))
    }

    static func polmatch(subject: String, object: String) -> PolicyDecision {
        // racoon's init_avc()/within_range(): without SELinux or without MLS nothing labeled
        // matches. (selinux_check_access itself would answer "allowed" when SELinux is off.)
        guard is_selinux_enabled() == 1 else { return .selinuxDisabled(availability()) }
        guard is_selinux_mls_enabled() == 1 else { return .mlsDisabled }
        for (context, role) in [(subject, PolicyDecision.ContextRole.subject), (object, .object)]
        where security_check_context(context) != 0 {
            let code = errno
            return .invalidContext(
                context: context, role: role,
                reason: code == EINVAL ? "not a valid context in the loaded policy" : errorText(code))
        }
        errno = 0
        if selinux_check_access(
            subject, object, LibSELinuxChecker.securityClass, LibSELinuxChecker.permission, nil) == 0
        {
            return .allowed
        }
        let code = errno
        if code == EACCES {
            return .denied(
                subject: subject, object: object,
                securityClass: LibSELinuxChecker.securityClass, permission: LibSELinuxChecker.permission)
        }
        return .checkFailed(subject: subject, object: object, reason: errorText(code))
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
