internal import RaccoonCore

/// What `raccoon -V` prints: the version and what this build can and cannot do.
///
/// Keep `compiledFeatures` honest: list a feature only once the code for it is in the build.
public enum RaccoonVersion {
    /// The version of this build.
    public static let version = "0.1.0-dev"

    /// Features present in this build.
    public static let compiledFeatures = [
        "racoon 0.8.2 configuration syntax (racoon.conf, psk.txt with racoon's permission check)",
        "Configuration check (-t)",
        "IKEv1 Main Mode and Aggressive Mode with pre-shared keys, Quick Mode with PFS",
        "Security context (SELinux labeled IPsec through libselinux)",
        "Security context SA attribute type selectable (security_context_attribute)",
        "Dead Peer Detection (answers R-U-THERE)",
        "Admin port (raccoonctl)",
        "Kernel interfaces: PF_KEY v2 (af_key) and XFRM netlink (xfrm_user), chosen at startup"
            + " (--kernel=, kernel_interface)",
        "Monotonic clock",
    ]

    /// racoon features this build does not have.
    public static let missingFeatures = [
        "NAT Traversal", "IKE fragmentation", "XAuth / mode_cfg / Hybrid",
        "GSS-API", "Certificates (rsasig)", "Privilege separation", "Hook scripts",
    ]

    /// The full `-V` text.
    public static var text: String {
        var lines = ["Raccoon \(version): a racoon-compatible IKEv1 keying daemon for Linux", "Compiled with:"]
        lines += compiledFeatures.map { "- \($0)" }
        lines.append("Not compiled in:")
        lines += missingFeatures.map { "- \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
