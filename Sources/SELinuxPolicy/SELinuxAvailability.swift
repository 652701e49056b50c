/// Whether SELinux is usable by this process and, if not, the most likely reason.
///
/// The answer comes from the kernel (selinuxfs registered and mounted), not from `/etc/selinux/config`:
/// libselinux's `is_selinux_enabled()` also requires that file to exist, and a confined daemon
/// (the reference policy's `racoon_t`) may not even look at it — the denial is `dontaudit`ed, so a
/// config-based answer says "disabled" on an enforcing host with nothing in the audit log.
public enum SELinuxAvailability: Sendable, Hashable, CustomStringConvertible {
    /// The kernel runs SELinux and selinuxfs is mounted in this mount namespace.
    case enabled
    /// The running kernel has no active SELinux: `selinuxfs` is not a registered file system
    /// type (`/proc/filesystems`), which is the case when SELinux is not compiled in or not
    /// selected at boot (`security=`, `selinux=0`).
    case notInKernel
    /// The kernel runs SELinux but no `selinuxfs` is mounted in this process's mount namespace.
    /// The usual cause is `ip netns exec`, which mounts a fresh `/sys` without `/sys/fs/selinux`;
    /// use `nsenter --net=/run/netns/NAME` instead.
    case selinuxfsNotMounted
    /// libselinux reports SELinux disabled and `/proc` could not be read to say why.
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
        case .disabled:
            return "libselinux reports SELinux disabled"
        }
    }

    /// Decides from what the kernel and this mount namespace show. Pure, so it is tested with
    /// captured `/proc` contents.
    ///
    /// - Parameters:
    ///   - libselinuxEnabled: `is_selinux_enabled() == 1` (selinuxfs found and `/etc/selinux/config` visible).
    ///   - filesystems: contents of `/proc/filesystems` (global to the kernel), `nil` if unreadable.
    ///   - mounts: contents of `/proc/self/mounts` (this mount namespace), `nil` if unreadable.
    static func diagnose(libselinuxEnabled: Bool, filesystems: String?, mounts: String?) -> SELinuxAvailability {
        if libselinuxEnabled { return .enabled }
        guard let filesystems else { return .disabled }
        // /proc/filesystems: "nodev\tselinuxfs" — selinuxfs is registered only when SELinux
        // initialised at boot (security/selinux/selinuxfs.c, init_sel_fs).
        let kernelHasSELinux = filesystems.split(separator: "\n").contains { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last == "selinuxfs"
        }
        guard kernelHasSELinux else { return .notInKernel }
        guard let mounts else { return .disabled }
        // /proc/self/mounts: "selinuxfs /sys/fs/selinux selinuxfs rw,relatime 0 0". Mounted means enabled,
        // whether or not /etc/selinux/config is present or readable.
        let mounted = mounts.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 2 && fields[2] == "selinuxfs"
        }
        return mounted ? .enabled : .selinuxfsNotMounted
    }
}
