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
            decision.description.hasPrefix(
                "denied: association:polmatch from system_u:system_r:kernel_t:s0 to system_u:object_r:unlabeled_t:s0"))
        // What to check: the type rule for exactly these types, and the MLS/MCS dominance.
        #expect(decision.description.contains("sesearch -A -s kernel_t -t unlabeled_t -c association -p polmatch"))
        #expect(decision.description.contains("level lies within the object's range"))
    }

    @Test func validatesContextsAgainstTheKnownSet() {
        let known = StaticPolicyChecker(rules: [], knownContexts: [Self.flow])
        #expect(known.validate(context: Self.flow) == .valid)
        #expect(known.validate(context: Self.flow + "\0") == .valid)
        let typo = "system_u:object_r:ipsec_spd_tt:s0"
        #expect(known.validate(context: typo) == .invalid(context: typo, reason: "not a valid context in the loaded policy"))
        #expect(known.validate(context: typo).description.contains("seinfo -t TYPE"))
        #expect(known.validate(context: typo).description.contains("mcstransd"))
        let off = StaticPolicyChecker(
            rules: [], knownContexts: [Self.flow],
            status: SELinuxStatus(
                availability: .notInKernel, mlsEnabled: false, enforcing: nil, policyType: nil, policyVersion: nil))
        guard case .notChecked(let why) = off.validate(context: typo) else {
            Issue.record("expected notChecked")
            return
        }
        #expect(why.contains("the kernel runs without SELinux"))
    }

    @Test func setcontextRefusalNamesBothContextsAndThePermission() {
        let text = PolicyDecision.setcontextRefusal(
            process: "system_u:system_r:racoon_t:s0", context: "system_u:system_r:kernel_t:s0:c2")
        #expect(text.hasPrefix(
            "SELinux denied association:setcontext from system_u:system_r:racoon_t:s0 to system_u:system_r:kernel_t:s0:c2"))
        #expect(text.contains("sesearch -A -s racoon_t -t kernel_t -c association -p setcontext"))
        #expect(PolicyDecision.setcontextRefusal(process: nil, context: "x").contains("from the daemon's context to x"))
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
