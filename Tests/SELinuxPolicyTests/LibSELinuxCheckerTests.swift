import Synchronization
import Testing

@testable import SELinuxPolicy

/// Whether this machine's kernel runs SELinux (read independently of the code under test).
private let kernelRunsSELinux: Bool = {
    guard let text = SmallFile.read("/proc/filesystems") else { return false }
    return text.contains("\tselinuxfs\n")
}()

/// libselinux on the build machine. Its kernel has no SELinux: these tests pin the disabled path,
/// which must refuse every labeled policy. (The enabled path runs in the qemu guest:
/// scripts/vm/guest/selinux-check.sh.)
@Suite(.serialized) struct LibSELinuxCheckerTests {
    let checker = LibSELinuxChecker()

    @Test(.enabled(if: !kernelRunsSELinux, "the kernel runs SELinux"))
    func statusSaysDisabledBecauseTheKernelHasNoSELinux() {
        let status = checker.status()
        #expect(!status.isEnabled)
        #expect(status.availability == .notInKernel)
        #expect(!status.mlsEnabled)
        #expect(status.enforcing == nil)
        #expect(status.policyVersion == nil)
        #expect(status.description.hasPrefix("SELinux is disabled (the kernel runs without SELinux)"))
    }

    @Test(.enabled(if: !kernelRunsSELinux, "the kernel runs SELinux"))
    func everyLabeledPolicyFailsToMatch() {
        let decision = checker.polmatch(
            subject: "system_u:system_r:kernel_t:s0", object: "system_u:object_r:ipsec_spd_t:s0")
        #expect(decision == .selinuxDisabled(.notInKernel))
        #expect(!decision.isAllowed)
        #expect(decision.description.hasPrefix("SELinux is disabled: labeled policy cannot match"))
    }

    @Test func malformedContextsAreRejectedBeforeLibSELinux() {
        let decision = checker.polmatch(subject: "system_u:system_r:kernel_t:s0\0x", object: "system_u:object_r:ipsec_spd_t:s0")
        guard case .invalidContext(_, .subject, let reason) = decision else {
            Issue.record("expected an invalid subject, got \(decision)")
            return
        }
        #expect(reason.contains("NUL"))
    }

    @Test(.enabled(if: SmallFile.read("/etc/selinux/config") != nil, "no /etc/selinux/config"))
    func policyTypeComesFromTheConfiguration() throws {
        // /etc/selinux/config names the policy even when the kernel runs without SELinux.
        let config = try #require(SmallFile.read("/etc/selinux/config"), "no /etc/selinux/config")
        let line = try #require(config.split(separator: "\n").first { $0.hasPrefix("SELINUXTYPE=") })
        #expect(checker.status().policyType == String(line.dropFirst("SELINUXTYPE=".count)))
    }

    @Test func logMessagesReachTheHandlerWithoutTrailingNewline() {
        let received = Mutex<[SELinuxLogMessage]>([])
        LibSELinuxChecker.setLogHandler { message in received.withLock { $0.append(message) } }
        defer { LibSELinuxChecker.setLogHandler(nil) }
        "avc:  denied  { polmatch } for scontext=a tcontext=b tclass=association permissive=1\n".withCString {
            raccoonSELinuxLogSink(3, $0)
        }
        "policy loaded\n".withCString { raccoonSELinuxLogSink(4, $0) }
        "surprise".withCString { raccoonSELinuxLogSink(42, $0) }
        let messages = received.withLock { $0 }
        #expect(
            messages == [
                SELinuxLogMessage(
                    kind: .avc,
                    text: "avc:  denied  { polmatch } for scontext=a tcontext=b tclass=association permissive=1"),
                SELinuxLogMessage(kind: .policyLoad, text: "policy loaded"),
                SELinuxLogMessage(kind: .other(42), text: "surprise"),
            ])
    }
}
