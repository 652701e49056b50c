import Testing

@testable import SELinuxPolicy

/// `/proc` contents as seen in the qemu guest (Debian 6.1 kernel) and on this build machine.
@Suite struct SELinuxAvailabilityTests {
    static let filesystemsWithSELinux = "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tselinuxfs\n\text4\nnodev\toverlay\n"
    static let filesystemsWithout = "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tsecurityfs\n\text4\nnodev\toverlay\n"
    static let mountsWithSelinuxfs = """
        overlay / overlay rw,relatime,lowerdir=/hostroot,upperdir=/ram/upper,workdir=/ram/work 0 0
        proc /proc proc rw,relatime 0 0
        sysfs /sys sysfs rw,relatime 0 0
        selinuxfs /sys/fs/selinux selinuxfs rw,relatime 0 0

        """
    /// After `ip netns exec`: a fresh sysfs on /sys, nothing mounted below it.
    static let mountsAfterIpNetnsExec = """
        overlay / overlay rw,relatime,lowerdir=/hostroot,upperdir=/ram/upper,workdir=/ram/work 0 0
        proc /proc proc rw,relatime 0 0
        a /sys sysfs rw,relatime 0 0

        """

    @Test func libselinuxEnabledWins() {
        #expect(
            SELinuxAvailability.diagnose(
                libselinuxEnabled: true, filesystems: nil, mounts: nil) == .enabled)
    }

    @Test func kernelWithoutSELinux() {
        #expect(
            SELinuxAvailability.diagnose(
                libselinuxEnabled: false, filesystems: Self.filesystemsWithout, mounts: Self.mountsWithSelinuxfs,
                ) == .notInKernel)
    }

    @Test func ipNetnsExecHidSelinuxfs() {
        let availability = SELinuxAvailability.diagnose(
            libselinuxEnabled: false, filesystems: Self.filesystemsWithSELinux, mounts: Self.mountsAfterIpNetnsExec,
            )
        #expect(availability == .selinuxfsNotMounted)
        #expect(availability.description.contains("nsenter --net=/run/netns/NAME"))
    }

    /// A confined daemon (racoon_t) may not read /etc/selinux/config, so libselinux's is_selinux_enabled() says 0;
    /// the kernel's selinuxfs, mounted here, decides.
    @Test func mountedSelinuxfsMeansEnabledWhateverTheConfigFile() {
        #expect(
            SELinuxAvailability.diagnose(
                libselinuxEnabled: false, filesystems: Self.filesystemsWithSELinux, mounts: Self.mountsWithSelinuxfs
            ) == .enabled)
    }

    @Test func unexplainedDisabled() {
        #expect(
            SELinuxAvailability.diagnose(
                libselinuxEnabled: false, filesystems: Self.filesystemsWithSELinux, mounts: nil) == .disabled)
        #expect(
            SELinuxAvailability.diagnose(
                libselinuxEnabled: false, filesystems: nil, mounts: nil) == .disabled)
    }

    @Test func aNameMerelyContainingSelinuxfsDoesNotCount() {
        let lookalike = "nodev\tnotselinuxfs\nnodev\tselinuxfs2\n"
        #expect(
            SELinuxAvailability.diagnose(
                libselinuxEnabled: false, filesystems: lookalike, mounts: nil) == .notInKernel)
    }

    @Test func statusDescriptions() {
        let enabled = SELinuxStatus(
            availability: .enabled, mlsEnabled: true, enforcing: false, policyType: "default", policyVersion: 33)
        #expect(enabled.description == "SELinux enabled, permissive, MLS/MCS on, policy default (version 33)")
        #expect(enabled.canMatchLabels)
        let disabled = SELinuxStatus(
            availability: .notInKernel, mlsEnabled: false, enforcing: nil, policyType: "default", policyVersion: nil)
        #expect(
            disabled.description
                == "SELinux is disabled (the kernel runs without SELinux): labeled policies cannot match")
        #expect(!disabled.canMatchLabels)
    }
}
