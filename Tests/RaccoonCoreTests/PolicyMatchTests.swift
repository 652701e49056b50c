import PFKeyListener
import SELinuxPolicy
import Testing

@testable import RaccoonCore

/// The labeled-IPsec rule (`PolicyMatch`) that initiator and responder share.
@Suite("PolicyMatch: one decision for initiator and responder")
struct PolicyMatchTests {
    static let a = IPAddress(bytes: [10, 0, 0, 1])!
    static let b = IPAddress(bytes: [10, 0, 0, 2])!
    static let flow = "system_u:system_r:ping_t:s0:c1"
    static let spd = "system_u:object_r:ipsec_spd_t:s0"
    static let checker = StaticPolicyChecker(rules: [.init(subject: flow, object: spd)])

    static func policy(
        _ id: UInt32, _ direction: IPsecPolicyDirection, context: SADBSecurityContext? = nil, priority: UInt32 = 0
    ) -> SADBMessage {
        let (source, destination) = direction == .outbound ? (a, b) : (b, a)
        var extensions: [SADBExtension] = [
            .sourceAddress(SADBAddress(host: source)), .destinationAddress(SADBAddress(host: destination)),
            .policy(SADBPolicy(policyType: .ipsec, direction: direction, id: id, priority: priority, requests: [
                SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)])),
        ]
        if let context { extensions.append(.securityContext(context)) }
        return SADBMessage(type: .spdAdd, extensions: extensions)
    }

    /// Outbound 1 (labeled), inbound 8 (labeled, priority 5), 16 (labeled, priority 2), 24 (unlabeled).
    static func mirror() -> SPDMirror {
        var mirror = SPDMirror()
        let label = SADBSecurityContext(label: spd)
        mirror.apply(policy(1, .outbound, context: label))
        mirror.apply(policy(8, .inbound, context: label, priority: 5))
        mirror.apply(policy(16, .inbound, context: label, priority: 2))
        mirror.apply(policy(24, .inbound))
        return mirror
    }

    static func match(_ checker: any SecurityPolicyChecker = checker) -> PolicyMatch {
        PolicyMatch(spd: mirror(), checker: checker, proposer: "the peer proposes")
    }

    static let remote = ClientSelector(address: IPAddress(bytes: [10, 0, 0, 2])!)
    static let local = ClientSelector(address: IPAddress(bytes: [10, 0, 0, 1])!)

    @Test func initiatorAndResponderPickTheSamePolicy() throws {
        let match = Self.match()
        let outbound = try #require(match.spd.policy(id: 1))
        let label = SecurityLabel(Self.flow)
        let initiator = try match.inboundPolicy(reversing: outbound, for: label).get()
        let responder = try match.inboundPolicy(from: Self.remote, to: Self.local, for: label).get()
        // The allowed labeled policy with the lowest priority value, from both sides.
        #expect(initiator.id == 16 && responder.id == 16)
        // Unlabeled flows get the unlabeled policy, again from both sides.
        #expect(try match.inboundPolicy(reversing: outbound, for: nil).get().id == 24)
        #expect(try match.inboundPolicy(from: Self.remote, to: Self.local, for: nil).get().id == 24)
    }

    @Test func aDeniedPolmatchRefusesEveryLabeledPolicyWithTheDecision() throws {
        let match = Self.match(StaticPolicyChecker(rules: []))
        let outbound = try #require(match.spd.policy(id: 1))
        let label = SecurityLabel(Self.flow)
        for result in [
            match.inboundPolicy(reversing: outbound, for: label),
            match.inboundPolicy(from: Self.remote, to: Self.local, for: label),
        ] {
            guard case .failure(let refusals) = result else {
                Issue.record("a denied polmatch matched \(result)")
                continue
            }
            // In priority order: 24 (0) is unlabeled, 16 (2) and 8 (5) are denied.
            #expect(refusals.reasons.count == 3)
            #expect(refusals.reasons[0] == "the peer proposes security context \(Self.flow) but policy 24 is unlabeled")
            #expect(refusals.reasons[1].hasPrefix("polmatch \(Self.flow) -> \(Self.spd) for policy 16: denied"))
            #expect(refusals.reasons[2].hasPrefix("polmatch \(Self.flow) -> \(Self.spd) for policy 8: denied"))
        }
    }

    @Test func contextsOfAnotherDOIOrAlgorithmNeverMatch() {
        let match = Self.match()
        let policy = SecurityPolicy(
            id: 40, direction: .inbound, selector: TrafficSelector(
                source: Self.b, sourcePrefixLength: 32, destination: Self.a, destinationPrefixLength: 32),
            requests: [], securityContext: SADBSecurityContext(label: Self.spd))
        #expect(match.refusal(of: policy, for: SecurityLabel(Self.flow)) == nil)
        let otherDOI = SecurityLabel(doi: 2, algorithm: 1, context: Array(Self.flow.utf8))
        #expect(match.refusal(of: policy, for: otherDOI)?.contains("different kinds") == true)
        let otherAlgorithm = SecurityLabel(doi: 1, algorithm: 7, context: Array(Self.flow.utf8))
        #expect(match.refusal(of: policy, for: otherAlgorithm)?.contains("different kinds") == true)
        #expect(match.refusal(of: policy, for: nil) == "the peer proposes no security context but policy 40 is labeled \(Self.spd)")
    }

    @Test func noCandidateAtAllIsAnEmptyRefusal() {
        let match = PolicyMatch(spd: SPDMirror(), checker: Self.checker, proposer: "the peer proposes")
        guard case .failure(let refusals) = match.inboundPolicy(from: Self.remote, to: Self.local, for: nil) else {
            Issue.record("an empty SPD matched")
            return
        }
        #expect(refusals.isEmpty)
    }
}
