/// Whether SELinux is usable by this process and, if not, the most likely reason.
public enum SELinuxAvailability: Sendable, Hashable, CustomStringConvertible {
    /// libselinux reports SELinux enabled.
    case enabled
    /// The running kernel has no active SELinux: `selinuxfs` is not a registered file system
    /// type (`/proc/filesystems`), which is the case when SELinux is not compiled in or not
    /// selected at boot (`security=`, `selinux=0`).
    case notInKernel
    /// The kernel runs SELinux but no `selinuxfs` is mounted in this process's mount namespace.
    /// The usual cause is `ip netns exec`, which mounts a fresh `/sys` without `/sys/fs/selinux`;
    /// use `nsenter --net=/run/netns/NAME` instead.
    case selinuxfsNotMounted
    /// `selinuxfs` is mounted but `/etc/selinux/config` is missing, so libselinux treats
    /// SELinux as disabled.
    case noConfiguration
    /// libselinux reports SELinux disabled for a reason not listed above.
    case disabled

    /// The reason in plain words.
    public var description: String {
        switch self {
        case .enabled:
            return "enabled"
        case .notInKernel:
            return "the kernel runs without SELinux"
        case .selinuxfsNotMounted:
            return "the kernel runs SELinux but selinuxfs is not mounted in this mount namespace"
                + " (started by `ip netns exec`, which remounts /sys; use `nsenter --net=/run/netns/NAME`)"
        case .noConfiguration:
            return "selinuxfs is mounted but /etc/selinux/config is missing"
        case .disabled:
            return "libselinux reports SELinux disabled"
        }
    }

    /// Tells apart why libselinux says "disabled", from what the kernel and this mount
    /// namespace show. Pure, so it is tested with captured `/proc` contents.
    ///
    /// - Parameters:
    ///   - libselinuxEnabled: `is_selinux_enabled() == 1`.
    ///   - filesystems: contents of `/proc/filesystems` (global to the kernel), `nil` if unreadable.
    ///   - mounts: contents of `/proc/self/mounts` (this mount namespace), `nil` if unreadable.
    ///   - configPresent: whether `/etc/selinux/config` exists.
    static func diagnose(
        libselinuxEnabled: Bool, filesystems: String?, mounts: String?, configPresent: Bool
    ) -> SELinuxAvailability {
        if libselinuxEnabled { return .enabled }
        guard let filesystems else { return .disabled }
        // /proc/filesystems: "nodev\tselinuxfs" — selinuxfs is registered only when SELinux
        // initialised at boot (security/selinux/selinuxfs.c, init_sel_fs).
        let kernelHasSELinux = filesystems.split(separator: "\n").contains { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last == "selinuxfs"
        }
        guard kernelHasSELinux else { return .notInKernel }
        if let mounts {
            // /proc/self/mounts: "selinuxfs /sys/fs/selinux selinuxfs rw,relatime 0 0"
            let mounted = mounts.split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.count > 2 && fields[2] == "selinuxfs"
            }
            guard mounted else { return .selinuxfsNotMounted }
        }
        return configPresent ? .disabled : .noConfiguration
    }
}
