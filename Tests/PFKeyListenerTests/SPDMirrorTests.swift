import Testing
@testable import PFKeyListener

@Suite struct SPDMirrorTests {
    static let a = IPAddress("10.0.0.1")!
    static let b = IPAddress("10.0.0.2")!

    static func spdMessage(
        _ type: SADBMessageType, id: UInt32, direction: IPsecPolicyDirection, reversed: Bool = false,
        context: SADBSecurityContext? = nil, priority: UInt32 = 0
    ) -> SADBMessage {
        let (source, destination) = reversed ? (b, a) : (a, b)
        var extensions: [SADBExtension] = [
            .sourceAddress(SADBAddress(host: source)), .destinationAddress(SADBAddress(host: destination)),
            .policy(SADBPolicy(policyType: .ipsec, direction: direction, id: id, priority: priority, requests: [
                SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)])),
        ]
        if let context { extensions.append(.securityContext(context)) }
        return SADBMessage(type: type, extensions: extensions)
    }

    @Test func perSocketPoliciesAreSkipped() {
        var mirror = SPDMirror()
        for id: UInt32 in [3, 4, 5, 11, 13] {
            #expect(mirror.apply(Self.spdMessage(.spdAdd, id: id, direction: .outbound)) == .skippedPerSocket(id: id))
        }
        #expect(mirror.policies.isEmpty)
    }

    @Test func addReplaceDeleteFlush() {
        var mirror = SPDMirror()
        guard case .added = mirror.apply(Self.spdMessage(.spdAdd, id: 1, direction: .outbound)) else { Issue.record("not added"); return }
        guard case .replaced(let replaced) = mirror.apply(Self.spdMessage(.spdUpdate, id: 1, direction: .outbound, priority: 9)) else {
            Issue.record("not replaced")
            return
        }
        #expect(replaced.priority == 9)
        mirror.apply(Self.spdMessage(.spdAdd, id: 8, direction: .inbound, reversed: true))
        #expect(mirror.apply(Self.spdMessage(.spdDelete, id: 8, direction: .inbound, reversed: true)) == .removed(id: 8))
        #expect(mirror.apply(SADBMessage(type: .spdExpire, extensions: [.policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 1))])) == .removed(id: 1))
        mirror.apply(Self.spdMessage(.spdAdd, id: 16, direction: .inbound))
        #expect(mirror.apply(SADBMessage(type: .spdFlush)) == .flushed)
        #expect(mirror.policies.isEmpty)
    }

    @Test func failedRepliesAndBrokenMessagesDoNotChangeTheMirror() {
        var mirror = SPDMirror()
        var failed = Self.spdMessage(.spdAdd, id: 1, direction: .outbound)
        failed.errno = 17
        #expect(mirror.apply(failed) == .ignored)
        #expect(mirror.apply(SADBMessage(type: .spdAdd)) == .rejected(.missingPolicy(.spdAdd)))
        #expect(mirror.apply(SADBMessage(type: .spdAdd, extensions: [.policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 9))])) == .rejected(.missingSelector(id: 9)))
        #expect(mirror.apply(SADBMessage(type: .acquire)) == .ignored)
        #expect(mirror.policies.isEmpty)
    }

    @Test func inboundLookupComparesLabelsWithoutTrailingNULs() {
        var mirror = SPDMirror()
        let sent = SADBSecurityContext(context: Array("system_u:object_r:ipsec_spd_t:s0".utf8) + [0])
        // Linux reports a user-supplied label back with ctx_len one larger (an extra NUL).
        let echoed = SADBSecurityContext(context: Array("system_u:object_r:ipsec_spd_t:s0".utf8) + [0, 0])
        mirror.apply(Self.spdMessage(.spdAdd, id: 1, direction: .outbound, context: echoed))
        mirror.apply(Self.spdMessage(.spdAdd, id: 8, direction: .inbound, reversed: true, context: echoed, priority: 5))
        mirror.apply(Self.spdMessage(.spdAdd, id: 16, direction: .inbound, reversed: true, context: echoed, priority: 2))
        mirror.apply(Self.spdMessage(.spdAdd, id: 24, direction: .inbound, reversed: true))
        let outbound = mirror.policy(id: 1)!
        #expect(sent.hasSameLabel(as: echoed) && sent != echoed)
        #expect(mirror.inboundPolicy(reversing: outbound, flowContext: sent, contextMatches: SPDMirror.sameLabel)?.id == 16)
        #expect(mirror.inboundPolicy(reversing: outbound, flowContext: nil, contextMatches: SPDMirror.sameLabel)?.id == 24)
        let otherDOI = SADBSecurityContext(algorithm: 1, doi: 2, context: sent.context)
        #expect(mirror.inboundPolicy(reversing: outbound, flowContext: otherDOI) { _, _ in true } == nil)
    }
}
