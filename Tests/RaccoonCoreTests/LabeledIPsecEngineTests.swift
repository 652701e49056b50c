import IKECrypto
import ISAKMP
import PFKeyListener
import SELinuxPolicy
import Testing

@testable import RaccoonCore
import RaccoonTestSupport

@Suite("Labeled IPsec through the engine")
struct LabeledIPsecEngineTests {
    static let spd = "system_u:object_r:ipsec_spd_t:s0"
    static let flow = "system_u:system_r:kernel_t:s0"

    static func checker(allowing subject: String = flow) -> StaticPolicyChecker {
        StaticPolicyChecker(rules: [.init(subject: subject, object: spd)])
    }

    static func labeledPair(
        flow: String = flow, checkerB: StaticPolicyChecker? = nil, unlabeledB: Bool = false,
        attributeTypes: (UInt16, UInt16) = (10, 10)
    ) -> HostPair {
        var a = HostPair.configuration(peer: HostPair.addressB)
        a.securityContextAttributeType = attributeTypes.0
        var b = HostPair.configuration(peer: HostPair.addressA)
        b.securityContextAttributeType = attributeTypes.1
        let pair = HostPair(
            a: a, b: b, checker: checker(allowing: flow), labels: SADBSecurityContext(label: spd),
            labelsB: unlabeledB ? .some(nil) : nil)
        if let checkerB {
            // B's checker differs: rebuild B with it (same kernel policies).
            pair.bed.restart(pair.b, configuration: b, random: SeededRandom(seed: 1001), policyChecker: checkerB, firstSPI: 0x0b00_0000)
        }
        _ = pair.a.kernel.injectOutboundPacket(
            source: HostPair.addressA, destination: HostPair.addressB,
            flowContext: SADBSecurityContext(label: flow))
        pair.bed.run()
        return pair
    }

    @Test func matchingContextInstallsLabeledSAsBothWays() {
        let pair = Self.labeledPair()
        pair.expectMirroredSAs()
        for sa in pair.a.kernel.keyed + pair.b.kernel.keyed {
            #expect(sa.securityContext?.label == Self.flow)
        }
        #expect(pair.a.logged("ACQUIRE carries security context doi=1 alg=1"))
    }

    @Test(arguments: [54, 1000])
    func longContexts(length: Int) {
        // An MCS context padded with categories to the wanted length.
        var context = "system_u:system_r:kernel_t:s0-s0:c0"
        var category = 1
        while context.utf8.count < length {
            context += ",c\(category)"
            category += 1
        }
        while context.utf8.count > length { context.removeLast() }
        if context.hasSuffix(",") || context.hasSuffix(",c") { context = String(context.dropLast(2)) + "c9" }
        let pair = Self.labeledPair(flow: context)
        pair.expectMirroredSAs()
        #expect(pair.a.kernel.keyed.first?.securityContext?.label == context)
    }

    @Test func aPolicyContextUnknownToTheLoadedPolicyIsReportedWhenItIsAdded() {
        let typo = "system_u:object_r:ipsec_spd_tt:s0"
        let known = StaticPolicyChecker(rules: [.init(subject: Self.flow, object: Self.spd)], knownContexts: [Self.flow, Self.spd])
        let pair = Self.labeledPair(checkerB: known)
        let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
        let added = pair.b.kernel.addPolicy(
            direction: .outbound,
            selector: TrafficSelector(
                source: HostPair.addressB, sourcePrefixLength: 32,
                destination: HostPair.addressA, destinationPrefixLength: 32, upperLayerProtocol: 17),
            requests: [esp], securityContext: SADBSecurityContext(label: typo))
        pair.bed.run()
        #expect(pair.b.logged(
            "SPD: policy id:\(added.id) has an invalid context \"\(typo)\": not a valid context in the loaded policy"))
        // The known context of the pair's own policies draws no warning, and negotiation was unaffected.
        #expect(!pair.b.logged("has an invalid context \"\(Self.spd)\""))
        pair.expectMirroredSAs()
    }

    @Test func deniedContextGetsNoProposalChosen() {
        let pair = Self.labeledPair(checkerB: StaticPolicyChecker(rules: []))
        #expect(pair.b.logged("denied: association:polmatch from \(Self.flow) to \(Self.spd)"))
        #expect(pair.b.logged("sending notify NO-PROPOSAL-CHOSEN"))
        #expect(pair.a.logged("the peer refused with NO-PROPOSAL-CHOSEN"))
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
        // No SA at all: A deleted the SPI it reserved and failed the ACQUIRE (seen on a real kernel: the larval
        // SA lingered for 30 s in `setkey -D`).
        #expect(pair.a.kernel.larval.isEmpty && pair.b.kernel.larval.isEmpty)
    }

    @Test func labelOnOneSideOnly() {
        let pair = Self.labeledPair(unlabeledB: true)
        #expect(pair.b.logged("the peer proposes security context \(Self.flow) but policy"))
        #expect(pair.b.logged("is unlabeled"))
        #expect(pair.a.logged("the peer refused with NO-PROPOSAL-CHOSEN"))
        #expect(pair.b.kernel.keyed.isEmpty)
    }

    @Test func libreswanAttributeTypeWorksWhenBothSidesUseIt() {
        let pair = Self.labeledPair(attributeTypes: (32001, 32001))
        pair.expectMirroredSAs()
    }

    @Test func attributeTypeMismatchIsRefused() {
        let pair = Self.labeledPair(attributeTypes: (10, 32001))
        #expect(pair.b.logged("the peer proposes no security context but policy"))
        #expect(pair.a.kernel.keyed.isEmpty && pair.b.kernel.keyed.isEmpty)
    }

    @Test(arguments: [
        DataAttribute(type: 10, value: .basic(5)),
        DataAttribute(type: 10, value: .variable([1, 1, 0, 0])),
        DataAttribute(type: 10, value: .variable([1, 1, 0, 9, 0x61, 0x62, 0])),
        DataAttribute(type: 10, value: .variable([1, 1, 0, 3, 0x61, 0x62, 0x63])),
        DataAttribute(type: 10, value: .variable([2, 1, 0, 3, 0x61, 0x62, 0])),
        DataAttribute(type: 10, value: .variable([1, 2, 0, 3, 0x61, 0x62, 0])),
        DataAttribute(type: 10, value: .variable([1, 1, 0])),
    ])
    func malformedContextAttributesThrowWithANotify(attribute: DataAttribute) {
        let transform = TransformPayload(
            number: 1, transformID: 12,
            attributes: [
                .integer(type: 1, 1), .integer(type: 2, 3600), .integer(type: 4, 2), .integer(type: 5, 2),
                .integer(type: 6, 128), attribute,
            ])
        #expect(throws: SecurityContextError.self) {
            _ = try Phase2Transform.parse(transform, securityProtocol: .esp, securityContextAttributeType: 10)
        }
        do {
            _ = try Phase2Transform.parse(transform, securityProtocol: .esp, securityContextAttributeType: 10)
        } catch {
            let notify = Phase2Error.malformedSecurityContext(error).notifyType
            #expect(notify == .attributesNotSupported || notify == .payloadMalformed || notify == .badProposalSyntax)
        }
    }
}
