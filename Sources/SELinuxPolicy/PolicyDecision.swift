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

    /// One line for the log, naming subject, object, class and permission on a denial.
    public var description: String {
        switch self {
        case .allowed:
            return "allowed"
        case .denied(let subject, let object, let securityClass, let permission):
            return "denied: \(securityClass):\(permission) from \(subject) to \(object)"
        case .selinuxDisabled(let availability):
            return "SELinux is disabled: labeled policy cannot match (\(availability))"
        case .mlsDisabled:
            return "SELinux policy has no MLS/MCS: labeled policy cannot match"
        case .invalidContext(let context, let role, let reason):
            return "invalid \(role.rawValue) context \"\(context)\": \(reason)"
        case .checkFailed(let subject, let object, let reason):
            return "polmatch check from \(subject) to \(object) failed: \(reason)"
        }
    }
}
