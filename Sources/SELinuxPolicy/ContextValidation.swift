/// Whether a security context is one the loaded SELinux policy knows (`security_check_context(3)`).
/// The daemon asks for every SPD entry's context at startup and at each SPD change, so that a typo
/// is reported when the policy is loaded, not at the first negotiation.
public enum ContextValidation: Sendable, Hashable, CustomStringConvertible {
    /// The loaded policy knows the context.
    case valid
    /// Malformed text, or a user, role, type or level the loaded policy does not define.
    case invalid(context: String, reason: String)
    /// SELinux is not usable here, so the context was not checked (the reason says why).
    case notChecked(String)

    /// The reason given when the kernel answers EINVAL.
    static let unknownToPolicy = "not a valid context in the loaded policy"

    /// What to check, for an invalid context: the parts of a context the policy must define, and
    /// the MCS/MLS translation daemon for level aliases such as `SystemLow` or `s0:Company`.
    public static let advice =
        "check that the loaded policy defines its user, role, type and level (seinfo -u, seinfo -r, seinfo -t TYPE;"
        + " an MLS/MCS level must be within the user's range), and if the level is a translated alias (e.g."
        + " SystemLow, a setrans.conf name) that mcstransd runs and defines it, or write the raw level (s0:c1)"

    /// One log line: the context, the reason and what to check.
    public var description: String {
        switch self {
        case .valid: return "valid"
        case .invalid(let context, let reason): return "invalid context \"\(context)\": \(reason); \(Self.advice)"
        case .notChecked(let why): return "not checked: \(why)"
        }
    }
}
