/// The SELinux state seen by this process, as the daemon reports it at startup.
public struct SELinuxStatus: Sendable, Hashable, CustomStringConvertible {
    /// Whether SELinux is usable here, and if not, why.
    public var availability: SELinuxAvailability
    /// Whether the loaded policy has MLS/MCS (`/sys/fs/selinux/mls`); labels need it.
    public var mlsEnabled: Bool
    /// Whether SELinux enforces (`nil` when disabled or unreadable).
    public var enforcing: Bool?
    /// `SELINUXTYPE` from `/etc/selinux/config` (e.g. `default`, `targeted`, `mls`), if readable.
    public var policyType: String?
    /// Version of the loaded policy (`/sys/fs/selinux/policyvers`), if SELinux is enabled.
    public var policyVersion: Int?
    /// This process's own context (`getcon(3)`), e.g. `system_u:system_r:racoon_t:s0` when confined.
    public var processContext: String?

    /// Creates a status value (for tests and for `StaticPolicyChecker`).
    public init(
        availability: SELinuxAvailability, mlsEnabled: Bool, enforcing: Bool?,
        policyType: String?, policyVersion: Int?, processContext: String? = nil
    ) {
        self.availability = availability
        self.mlsEnabled = mlsEnabled
        self.enforcing = enforcing
        self.policyType = policyType
        self.policyVersion = policyVersion
        self.processContext = processContext
    }

    /// True when SELinux is enabled in this process.
    public var isEnabled: Bool { availability == .enabled }

    /// True when labeled policies can match at all (enabled and MLS/MCS).
    public var canMatchLabels: Bool { isEnabled && mlsEnabled }

    /// E.g. "SELinux enabled, permissive, MLS/MCS on, policy default (version 33)" or
    /// "SELinux is disabled (the kernel runs without SELinux): labeled policies cannot match".
    public var description: String {
        guard isEnabled else {
            return "SELinux is disabled (\(availability)): labeled policies cannot match"
        }
        var text = "SELinux enabled"
        switch enforcing {
        case .some(true): text += ", enforcing"
        case .some(false): text += ", permissive"
        case .none: text += ", enforcing mode unknown"
        }
        text += mlsEnabled ? ", MLS/MCS on" : ", MLS/MCS off: labeled policies cannot match"
        if let policyType { text += ", policy \(policyType)" }
        if let policyVersion { text += " (version \(policyVersion))" }
        if let processContext { text += ", running as \(processContext)" }
        return text
    }
}
