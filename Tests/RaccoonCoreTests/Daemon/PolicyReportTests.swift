import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import SELinuxPolicy
import Testing

@Suite("The SPD report at startup")
struct PolicyReportTests {
    static let a = IPAddress(bytes: [10, 0, 0, 1])!
    static let b = IPAddress(bytes: [10, 0, 0, 2])!
    static let label = "system_u:object_r:unlabeled_t:s0:c0"

    /// The walkthrough's two policies on machine A, as the kernel reports them.
    static func policies(labeled: Bool) throws -> [SADBMessage] {
        let kernel = InMemoryKernel()
        let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
        let context = labeled ? SADBSecurityContext(label: label) : nil
        kernel.addPolicy(
            direction: .outbound,
            selector: TrafficSelector(source: a, sourcePrefixLength: 32, destination: b, destinationPrefixLength: 32),
            requests: [esp], securityContext: context)
        kernel.addPolicy(
            direction: .inbound,
            selector: TrafficSelector(source: b, sourcePrefixLength: 32, destination: a, destinationPrefixLength: 32),
            requests: [esp], securityContext: context)
        var messages: [SADBMessage] = []
        while let bytes = try kernel.receiveBytes() { messages.append(try SADBMessage(parsing: bytes)) }
        return messages
    }

    static let disabled = SELinuxStatus(
        availability: .notInKernel, mlsEnabled: false, enforcing: nil, policyType: nil, policyVersion: nil)
    static let permissive = SELinuxStatus(
        availability: .enabled, mlsEnabled: true, enforcing: false, policyType: "default", policyVersion: 33)

    @Test func listsEveryPolicyWithItsContext() throws {
        let report = PolicyReport(policies: try Self.policies(labeled: true), selinux: Self.permissive)
        #expect(report.policyCount == 2 && report.labeledCount == 2)
        let texts = report.lines.map(\.text)
        #expect(texts.first == "SELinux: SELinux enabled, permissive, MLS/MCS on, policy default (version 33)")
        #expect(texts.contains("SPD: 2 security policies (2 labeled)"))
        let out = try #require(texts.first { $0.contains(" out ") })
        #expect(out.contains("10.0.0.1/32 10.0.0.2/32 proto any ipsec esp/transport//require"))
        #expect(out.contains("ctx \"\(Self.label)\""))
        #expect(!report.lines.contains { $0.level == .warning })
    }

    @Test func warnsWhenLabeledPoliciesCannotMatch() throws {
        let report = PolicyReport(policies: try Self.policies(labeled: true), selinux: Self.disabled)
        let warning = try #require(report.lines.first { $0.level == .warning })
        #expect(warning.text.hasPrefix("2 labeled security policies are loaded but SELinux is disabled"))
        #expect(warning.text.contains("will be refused"))
    }

    @Test func namesAPolicyWhoseContextTheLoadedPolicyDoesNotKnow() throws {
        let checker = StaticPolicyChecker(rules: [], knownContexts: ["system_u:object_r:ipsec_spd_t:s0"])
        let report = PolicyReport(
            policies: try Self.policies(labeled: true), selinux: Self.permissive, validate: checker.validate(context:))
        let warnings = report.lines.filter { $0.level == .warning }.map(\.text)
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy {
            $0.contains("has an invalid context \"\(Self.label)\": not a valid context in the loaded policy")
                && $0.contains("no flow can match it")
        })
        let known = StaticPolicyChecker(rules: [], knownContexts: [Self.label])
        let clean = PolicyReport(
            policies: try Self.policies(labeled: true), selinux: Self.permissive, validate: known.validate(context:))
        #expect(!clean.lines.contains { $0.level == .warning })
    }

    @Test func unlabeledPoliciesWithoutSELinuxAreFine() throws {
        let report = PolicyReport(policies: try Self.policies(labeled: false), selinux: Self.disabled)
        #expect(report.labeledCount == 0)
        #expect(!report.lines.contains { $0.level == .warning })
    }

    @Test func anEmptySPDSaysSo() {
        let report = PolicyReport(policies: [], selinux: nil)
        #expect(report.lines.map(\.text) == ["SPD: 0 security policies (0 labeled)"])
    }
}
