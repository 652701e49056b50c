public import Logging
public import PFKeyListener
public import SELinuxPolicy

/// What the daemon says about the SPD it learned at startup: one line per policy (with its security context), and
/// a warning when labeled policies are loaded where SELinux cannot match them.
///
/// Per-socket policies (racoon skips them, inventory §4.2) are counted, not listed.
public struct PolicyReport: Sendable {
    /// One log line.
    public struct Line: Hashable, Sendable {
        /// Its level.
        public var level: Logger.Level
        /// Its text.
        public var text: String
    }

    /// The lines, in order.
    public let lines: [Line]
    /// The number of global (not per-socket) policies.
    public let policyCount: Int
    /// How many of those carry a security context.
    public let labeledCount: Int

    /// The report for the dumped policies; `selinux` is the SELinux state seen by the daemon (nil: unknown);
    /// `validate` asks the loaded policy about each policy context (nil: not checked, as in tests).
    public init(
        policies: [SADBMessage], selinux: SELinuxStatus?, validate: ((String) -> ContextValidation)? = nil
    ) {
        var mirror = SPDMirror()
        for message in policies { _ = mirror.apply(message) }
        let global = mirror.policies.values.filter { !SecurityPolicy.isPerSocket(id: $0.id) }.sorted { $0.id < $1.id }
        let labeled = global.filter { $0.securityContext != nil }
        var lines: [Line] = []
        if let selinux { lines.append(Line(level: .info, text: "SELinux: \(selinux)")) }
        lines.append(Line(level: .info, text: "SPD: \(global.count) security policies (\(labeled.count) labeled)"))
        for policy in global {
            lines.append(Line(level: .info, text: "SPD: \(policy)"))
            if let validate, let problem = Self.contextProblem(of: policy, validate: validate) {
                lines.append(Line(level: .warning, text: problem))
            }
        }
        if !labeled.isEmpty, let selinux, !selinux.canMatchLabels {
            // racoon said nothing here and silently failed every labeled negotiation.
            lines.append(Line(
                level: .warning,
                text: "\(labeled.count) labeled security policies are loaded but \(selinux); ACQUIREs for them and"
                    + " peers' proposals with a security context will be refused"))
        }
        self.lines = lines
        self.policyCount = global.count
        self.labeledCount = labeled.count
    }

    /// The warning for a policy whose context the loaded SELinux policy does not know (nil: no context, a valid
    /// one, or SELinux off, which the report says once). Said at startup and at each SPD change, so that a typo
    /// shows when the policy is loaded, not when the first flow is refused.
    public static func contextProblem(
        of policy: SecurityPolicy, validate: (String) -> ContextValidation
    ) -> String? {
        guard let context = policy.securityContext else { return nil }
        let validation = validate(context.label)
        guard case .invalid = validation else { return nil }
        return "SPD: policy id:\(policy.id) has an \(validation); no flow can match it"
    }

    /// Writes the lines to `logger`.
    public func log(to logger: Logger) {
        for line in lines { logger.log(level: line.level, "\(line.text)") }
    }
}
