import Testing

@testable import SELinuxPolicy

@Suite struct StaticPolicyCheckerTests {
    static let flow = "system_u:system_r:kernel_t:s0"
    static let spd = "system_u:object_r:ipsec_spd_t:s0"
    static let unlabeled = "system_u:object_r:unlabeled_t:s0"
    static let mcsFlow = "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023"

    let checker = StaticPolicyChecker(rules: [
        .init(subject: flow, object: spd),
        .init(subject: mcsFlow, object: spd),
    ])

    @Test func allowsAPairInTheTable() {
        #expect(checker.polmatch(subject: Self.flow, object: Self.spd) == .allowed)
        #expect(checker.polmatch(subject: Self.mcsFlow, object: Self.spd).isAllowed)
    }

    @Test func deniesAPairNotInTheTableNamingClassAndPermission() {
        let decision = checker.polmatch(subject: Self.flow, object: Self.unlabeled)
        #expect(
            decision
                == .denied(
                    subject: Self.flow, object: Self.unlabeled, securityClass: "association", permission: "polmatch"))
        #expect(!decision.isAllowed)
        #expect(
            decision.description
                == "denied: association:polmatch from system_u:system_r:kernel_t:s0 to system_u:object_r:unlabeled_t:s0")
    }

    @Test func theRuleIsDirected() {
        #expect(!checker.polmatch(subject: Self.spd, object: Self.flow).isAllowed)
    }

    @Test(arguments: ["\0", "\0\0"])
    func ignoresTrailingNULs(suffix: String) {
        // Kernels report contexts with their NUL, some with one more than was sent.
        #expect(checker.polmatch(subject: Self.flow + suffix, object: Self.spd + suffix) == .allowed)
    }

    @Test func rejectsAnEmbeddedNUL() {
        // C would stop at the NUL and check "system_u:system_r:kernel_t:s0" instead.
        let forged = Self.flow + "\0garbage"
        guard case .invalidContext(let context, let role, _) = checker.polmatch(subject: forged, object: Self.spd)
        else {
            Issue.record("an embedded NUL must make the context invalid")
            return
        }
        #expect(context == forged)
        #expect(role == .subject)
    }

    @Test func rejectsEmptyAndOverlongContexts() {
        #expect(checker.polmatch(subject: "", object: Self.spd).isInvalidSubject)
        #expect(checker.polmatch(subject: "\0", object: Self.spd).isInvalidSubject)
        let long = "system_u:system_r:kernel_t:s0:c" + String(repeating: "1", count: 4096)
        #expect(checker.polmatch(subject: long, object: Self.spd).isInvalidSubject)
        guard case .invalidContext(_, .object, _) = checker.polmatch(subject: Self.flow, object: "") else {
            Issue.record("an empty object must be invalid")
            return
        }
    }

    @Test func acceptsLongContexts() {
        let long = "system_u:system_r:kernel_t:s0:c" + String(repeating: "1", count: 1000)
        let table = StaticPolicyChecker(rules: [.init(subject: long, object: Self.spd)])
        #expect(table.polmatch(subject: long, object: Self.spd) == .allowed)
    }

    @Test func knownContextsMakeOthersInvalid() {
        let table = StaticPolicyChecker(
            rules: [.init(subject: Self.flow, object: Self.spd)], knownContexts: [Self.flow, Self.spd])
        #expect(table.polmatch(subject: Self.flow, object: Self.spd) == .allowed)
        guard case .invalidContext(let context, .object, _) = table.polmatch(subject: Self.flow, object: Self.unlabeled)
        else {
            Issue.record("an unknown object context must be invalid")
            return
        }
        #expect(context == Self.unlabeled)
    }

    @Test func disabledSELinuxMatchesNothing() {
        let table = StaticPolicyChecker(
            rules: [.init(subject: Self.flow, object: Self.spd)],
            status: SELinuxStatus(
                availability: .notInKernel, mlsEnabled: false, enforcing: nil, policyType: nil, policyVersion: nil))
        let decision = table.polmatch(subject: Self.flow, object: Self.spd)
        #expect(decision == .selinuxDisabled(.notInKernel))
        #expect(decision.description.hasPrefix("SELinux is disabled: labeled policy cannot match"))
    }

    @Test func policyWithoutMLSMatchesNothing() {
        let table = StaticPolicyChecker(
            rules: [.init(subject: Self.flow, object: Self.spd)],
            status: SELinuxStatus(
                availability: .enabled, mlsEnabled: false, enforcing: true, policyType: "targeted", policyVersion: 33))
        #expect(table.polmatch(subject: Self.flow, object: Self.spd) == .mlsDisabled)
        #expect(!table.status().canMatchLabels)
    }

    @Test func conformsToTheSeam() {
        let seam: any SecurityPolicyChecker = checker
        #expect(seam.polmatch(subject: Self.flow, object: Self.spd).isAllowed)
        #expect(seam.status().canMatchLabels)
    }
}

extension PolicyDecision {
    var isInvalidSubject: Bool {
        if case .invalidContext(_, .subject, _) = self { return true }
        return false
    }
}
