/// An in-memory rule table standing in for SELinux in tests: a `polmatch` is allowed exactly
/// when its (subject, object) pair is in the table. No C, no kernel.
public struct StaticPolicyChecker: SecurityPolicyChecker {
    /// One allowed pair: flows labeled `subject` may use policies labeled `object`.
    public struct Rule: Sendable, Hashable {
        /// The flow's context.
        public var subject: String
        /// The SPD entry's context.
        public var object: String

        /// Creates a rule.
        public init(subject: String, object: String) {
            self.subject = subject
            self.object = object
        }
    }

    /// The allowed pairs.
    public let rules: Set<Rule>
    /// If set, any other context is answered `.invalidContext` (as the loaded policy would).
    public let knownContexts: Set<String>?
    private let reportedStatus: SELinuxStatus

    /// A table with SELinux enabled, enforcing, MLS/MCS on.
    public init(rules: [Rule], knownContexts: Set<String>? = nil) {
        self.init(
            rules: rules, knownContexts: knownContexts,
            status: SELinuxStatus(
                availability: .enabled, mlsEnabled: true, enforcing: true,
                policyType: "static", policyVersion: nil))
    }

    /// A table reporting `status`; with SELinux disabled or without MLS every check fails the
    /// way `LibSELinuxChecker` fails on such a host.
    public init(rules: [Rule], knownContexts: Set<String>? = nil, status: SELinuxStatus) {
        self.rules = Set(rules)
        self.knownContexts = knownContexts
        self.reportedStatus = status
    }

    /// The status given at creation.
    public func status() -> SELinuxStatus { reportedStatus }

    /// Valid when `knownContexts` is unset or contains the context.
    public func validate(context: String) -> ContextValidation {
        switch SecurityContextText.normalize(context) {
        case .failure(let why): return .invalid(context: context, reason: why.description)
        case .success(let text):
            guard reportedStatus.isEnabled else { return .notChecked("SELinux is disabled (\(reportedStatus.availability))") }
            if let knownContexts, !knownContexts.contains(text) {
                return .invalid(context: text, reason: ContextValidation.unknownToPolicy)
            }
            return .valid
        }
    }

    /// Looks the pair up in the table.
    public func polmatch(subject: String, object: String) -> PolicyDecision {
        SecurityContextText.withNormalizedPair(subject: subject, object: object, lookUp)
    }

    private func lookUp(subject subjectText: String, object objectText: String) -> PolicyDecision {
        guard reportedStatus.isEnabled else { return .selinuxDisabled(reportedStatus.availability) }
        guard reportedStatus.mlsEnabled else { return .mlsDisabled }
        for (context, role) in [(subjectText, PolicyDecision.ContextRole.subject), (objectText, .object)] {
            if case .invalid(_, let reason) = validate(context: context) {
                return .invalidContext(context: context, role: role, reason: reason)
            }
        }
        if rules.contains(Rule(subject: subjectText, object: objectText)) { return .allowed }
        return .denied(
            subject: subjectText, object: objectText,
            securityClass: LibSELinuxChecker.securityClass, permission: LibSELinuxChecker.permission)
    }
}
