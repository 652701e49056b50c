/// The answer to a `polmatch` question, with the reason in plain words (`description`).
public enum PolicyDecision: Sendable, Hashable, CustomStringConvertible {
    /// The policy grants `association:polmatch` (in permissive mode libselinux also answers
    /// "allowed" for what enforcing mode would deny, and logs the denial with `permissive=1`).
    case allowed
    /// The policy denies the permission.
    case denied(subject: String, object: String, securityClass: String, permission: String)
    /// SELinux is not usable in this process, so no labeled policy can match (racoon's
    /// behaviour: `mls_ready` stays 0 and `within_range()` returns 0).
    case selinuxDisabled(SELinuxAvailability)
    /// SELinux is enabled but the loaded policy has no MLS/MCS, so labeled policies cannot
    /// match (racoon: "MLS support is not enabled.").
    case mlsDisabled
    /// A context is not valid: malformed text, or not a context of the loaded policy.
    case invalidContext(context: String, role: ContextRole, reason: String)
    /// libselinux failed for another reason (out of memory, unknown class, ...).
    case checkFailed(subject: String, object: String, reason: String)

    /// Which side of the check a context was on.
    public enum ContextRole: String, Sendable, Hashable {
        /// The flow's (candidate's) context.
        case subject
        /// The SPD entry's context.
        case object
    }

    /// True only for `.allowed`: every other decision means "this labeled policy does not match".
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    /// One line for the log, naming subject, object, class and permission on a denial, and what to check.
    public var description: String {
        switch self {
        case .allowed:
            return "allowed"
        case .denied(let subject, let object, let securityClass, let permission):
            return "denied: \(securityClass):\(permission) from \(subject) to \(object)"
                + " (\(Self.deniedAdvice(subject: subject, object: object, securityClass: securityClass, permission: permission)))"
        case .selinuxDisabled(let availability):
            return "SELinux is disabled: labeled policy cannot match (\(availability))"
        case .mlsDisabled:
            return "SELinux policy has no MLS/MCS: labeled policy cannot match"
        case .invalidContext(let context, let role, let reason):
            return "invalid \(role.rawValue) context \"\(context)\": \(reason); \(ContextValidation.advice)"
        case .checkFailed(let subject, let object, let reason):
            return "polmatch check from \(subject) to \(object) failed: \(reason)"
        }
    }

    /// What to check after a denial: the type rule, and for MLS/MCS the dominance of the levels (`polmatch` is
    /// constrained in the reference policy's mls/mcs files: the flow's level must lie within the policy's range).
    static func deniedAdvice(subject: String, object: String, securityClass: String, permission: String) -> String {
        let subjectType = typeField(subject) ?? "SUBJECT_TYPE"
        let objectType = typeField(object) ?? "OBJECT_TYPE"
        return "check the type rule with `sesearch -A -s \(subjectType) -t \(objectType) -c \(securityClass) -p \(permission)`"
            + " and that the subject's level lies within the object's range (MLS/MCS constraint);"
            + " the AVC record is in the audit log (ausearch -m avc -c raccoon)"
    }

    /// The log text for the kernel's EACCES on adding a labeled SA: SELinux checks `association:setcontext` from
    /// the daemon's domain (`process`, from `getcon`) to the SA's context (security/selinux/xfrm.c).
    public static func setcontextRefusal(process: String?, context: String) -> String {
        let subject = process ?? "the daemon's context"
        return "SELinux denied association:setcontext from \(subject) to \(context): "
            + deniedAdvice(subject: subject, object: context, securityClass: "association", permission: "setcontext")
            + "; a confined raccoon needs etc/selinux/raccoon.te (docs/labeled-ipsec.md)"
    }

    /// The third field of `user:role:type:level`.
    static func typeField(_ context: String) -> Substring? {
        let fields = context.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        return fields.count >= 3 ? fields[2] : nil
    }
}
