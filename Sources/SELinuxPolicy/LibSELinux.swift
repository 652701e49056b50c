internal import CSELinux
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The calls into libselinux; only used with `lock` held (its value: whether `avc_open` succeeded).
enum LibSELinux {
    static let lock = Mutex<Bool>(false)

    static func availability() -> SELinuxAvailability {
        SELinuxAvailability.diagnose(
            libselinuxEnabled: is_selinux_enabled() == 1,
            filesystems: SmallFile.read("/proc/filesystems"),
            mounts: SmallFile.read("/proc/self/mounts"))
    }

    static func currentStatus() -> SELinuxStatus {
        let availability = availability()
        var policyType: String?
        var typeName: UnsafeMutablePointer<CChar>?
        // SELINUXTYPE from /etc/selinux/config: informative only (a confined daemon may not read it).
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
        var status = SELinuxStatus(
            availability: availability,
            mlsEnabled: is_selinux_mls_enabled() == 1,
            enforcing: enforce < 0 ? nil : enforce == 1,
            policyType: policyType,
            policyVersion: version < 0 ? nil : Int(version))
        var context: UnsafeMutablePointer<CChar>?
        if getcon(&context) == 0, let context {
            status.processContext = String(cString: context)
            freecon(context)
        }
        return status
    }

    static func validate(context: String) -> ContextValidation {
        let availability = availability()
        guard availability == .enabled else { return .notChecked("SELinux is disabled (\(availability))") }
        if security_check_context(context) == 0 { return .valid }
        let code = errno
        return .invalid(context: context, reason: code == EINVAL ? ContextValidation.unknownToPolicy : errorText(code))
    }

    static func polmatch(subject: String, object: String, avcOpened: inout Bool) -> PolicyDecision {
        // racoon's init_avc()/within_range(): without SELinux or without MLS nothing labeled matches.
        let availability = availability()
        guard availability == .enabled else { return .selinuxDisabled(availability) }
        guard is_selinux_mls_enabled() == 1 else { return .mlsDisabled }
        for (context, role) in [(subject, PolicyDecision.ContextRole.subject), (object, .object)] {
            if case .invalid(_, let reason) = validate(context: context) {
                return .invalidContext(context: context, role: role, reason: reason)
            }
        }
        return checkAccess(
            subject: subject, object: object, securityClass: LibSELinuxChecker.securityClass,
            permission: LibSELinuxChecker.permission, avcOpened: &avcOpened)
    }

    /// `selinux_check_access(3)` without its `is_selinux_enabled()` short cut: the access vector cache
    /// (opened once) answers, logs denials through the log callback (`permissive=1` when SELinux or the
    /// subject's domain is permissive, in which case the answer is "allowed").
    static func checkAccess(
        subject: String, object: String, securityClass: String, permission: String, avcOpened: inout Bool
    ) -> PolicyDecision {
        if !avcOpened {
            guard avc_open(nil, 0) == 0 else {
                let code = errno
                // avc_open maps /sys/fs/selinux/status (`map` on security_t), else falls back to a NETLINK_SELINUX
                // socket, which exists only in the initial network namespace: a confined daemon needs the
                // reference policy's selinux_use_status_page (etc/selinux/raccoon.te has it).
                let hint = code == EACCES
                    ? " (the daemon's domain needs selinux_use_status_page: map on /sys/fs/selinux/status; see docs/labeled-ipsec.md)"
                    : ""
                return .checkFailed(
                    subject: subject, object: object,
                    reason: "cannot open the SELinux access vector cache: \(errorText(code))\(hint)")
            }
            avcOpened = true
        }
        var subjectSID: security_id_t?
        var objectSID: security_id_t?
        guard avc_context_to_sid(subject, &subjectSID) == 0, avc_context_to_sid(object, &objectSID) == 0 else {
            return .checkFailed(subject: subject, object: object, reason: "no SID: \(errorText(errno))")
        }
        _ = selinux_status_updated()
        let classValue = string_to_security_class(securityClass)
        let permissionValue = classValue == 0 ? 0 : string_to_av_perm(classValue, permission)
        guard classValue != 0, permissionValue != 0 else {
            // The loaded policy lacks the class or permission; deny_unknown says what the kernel does.
            return .checkFailed(
                subject: subject, object: object,
                reason: "the loaded policy has no \(securityClass):\(permission)"
                    + (security_deny_unknown() == 0 ? " (it allows unknown permissions)" : ""))
        }
        errno = 0
        if avc_has_perm(subjectSID, objectSID, classValue, permissionValue, nil, nil) == 0 { return .allowed }
        let code = errno
        if code == EACCES {
            return .denied(subject: subject, object: object, securityClass: securityClass, permission: permission)
        }
        return .checkFailed(subject: subject, object: object, reason: errorText(code))
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
