import Foundation
import PFKeyListener
import Testing

@testable import XFRMNetlink

/// The bytes real kernels sent over NETLINK_XFRM (Fixtures/README.md: scripts/xfrm/capture.py on the build machine's
/// 6.18 kernel, without ESP or an LSM, and in the qemu guest's Debian 6.1 kernel with ESP and SELinux permissive).
/// Expected values come from the commands that made them (Fixtures/*/manifest.txt), not from this codec.
@Suite struct KernelCaptureTests {
    static let label = "system_u:object_r:unlabeled_t:s0:c0"
    static let a = IPAddress("10.0.0.1")!
    static let b = IPAddress("10.0.0.2")!
    static let kernels = ["host-6.18", "guest-6.1"]
    static let esp: UInt8 = 50
    static let inet: UInt16 = 2

    // MARK: - SPD

    @Test(arguments: kernels) func policyDumpEntryWithATemplate(kernel: String) throws {
        let (info, attributes) = try policy(capture("\(kernel)/policy-dump-tmpl.bin"), type: .newPolicy)
        // ip xfrm policy add src 10.0.0.2 dst 10.0.0.1 dir in tmpl proto esp mode transport level required
        #expect(info.selector.source == Self.b && info.selector.destination == Self.a)
        #expect(info.selector.sourcePrefixLength == 32 && info.selector.destinationPrefixLength == 32)
        #expect(info.selector.family == Self.inet && info.selector.upperLayerProtocol == 0)
        #expect(info.direction == XFRMPolicyInfo.Direction.inbound)
        #expect(info.action == XFRMPolicyInfo.Action.allow)
        #expect(info.index != 0)
        #expect(attributes.templates.count == 1)
        let template = try #require(attributes.templates.first)
        #expect(template.ipProtocol == Self.esp && template.mode == 0 && template.optional == 0)
        #expect(template.family == Self.inet)
        #expect(attributes.securityContext == nil)
        #expect(attributes.unknownTypes.isEmpty)
    }

    @Test func policyDumpEntryWithAContext() throws {
        let (info, attributes) = try policy(capture("guest-6.1/policy-dump-ctx.bin"), type: .newPolicy)
        // ip xfrm policy add src 10.0.0.1 dst 10.0.0.2 dir out ctx LABEL tmpl proto esp ...
        #expect(info.selector.source == Self.a && info.selector.destination == Self.b)
        #expect(info.direction == XFRMPolicyInfo.Direction.outbound)
        let context = try #require(attributes.securityContext)
        #expect(context.label == Self.label)
        #expect(context.doi == 1 && context.algorithm == 1)
        // ctx_len 37: the 35 characters, the NUL iproute2 sent and one the kernel adds (PF_KEY's dump says 37 too)
        #expect(context.context == Array(Self.label.utf8) + [0, 0])
        #expect(attributes.templates.count == 1)
    }

    @Test func theHostKernelDropsThePolicyContext() throws {
        // 6.18 without an LSM: the same `ctx LABEL` policy is accepted and its context dropped.
        let (info, attributes) = try policy(capture("host-6.18/newpolicy-event-out.bin"), type: .newPolicy)
        #expect(info.direction == XFRMPolicyInfo.Direction.outbound)
        #expect(attributes.securityContext == nil)
    }

    @Test func aNewPolicyEventCarriesNoContext() throws {
        // The guest kept the context (the dump has it), but xfrm_notify_policy does not send it.
        let (_, attributes) = try policy(capture("guest-6.1/newpolicy-event-out.bin"), type: .newPolicy)
        #expect(attributes.securityContext == nil)
        #expect(attributes.templates.count == 1)
    }

    @Test(arguments: kernels) func policyWithoutTemplates(kernel: String) throws {
        // ip xfrm policy add src 10.0.0.1 dst 10.0.0.2 proto udp dir fwd action allow
        for file in ["policy-dump-notmpl.bin", "newpolicy-event-fwd-allow.bin"] {
            let (info, attributes) = try policy(capture("\(kernel)/\(file)"), type: .newPolicy)
            #expect(info.direction == XFRMPolicyInfo.Direction.forward)
            #expect(info.selector.upperLayerProtocol == 17)
            #expect(info.action == XFRMPolicyInfo.Action.allow)
            #expect(attributes.templates.isEmpty)
        }
    }

    @Test(arguments: kernels) func policyDumpAsOneDatagram(kernel: String) throws {
        let first = try NetlinkMessage.parseDatagram(Array(fixture("\(kernel)/policy-dump.datagram-1.bin")))
        #expect(first.count == 3)
        let decoded = try first.map { message throws(XFRMWireError) in try XFRMMessage(message) }
        #expect(decoded.allSatisfy { if case .policy(.newPolicy, _, _) = $0 { true } else { false } })
        #expect(first.allSatisfy { $0.flags & NetlinkMessage.Flag.multipart != 0 })
        let last = try NetlinkMessage.parseDatagram(Array(fixture("\(kernel)/policy-dump.datagram-2.bin")))
        #expect(try last.map { message throws(XFRMWireError) in try XFRMMessage(message) } == [.done])
    }

    @Test(arguments: kernels) func deletePolicyEvent(kernel: String) throws {
        guard case .policyDeleted(let id, let attributes) = try decode(capture("\(kernel)/delpolicy-event.bin")) else {
            Issue.record("not a DELPOLICY")
            return
        }
        #expect(id.direction == XFRMPolicyInfo.Direction.forward)
        #expect(id.selector.source == Self.a && id.selector.destination == Self.b)
        let whole = try #require(attributes.policy)
        #expect(whole.selector.upperLayerProtocol == 17)
    }

    @Test(arguments: kernels) func flushPolicyEvent(kernel: String) throws {
        #expect(try decode(capture("\(kernel)/flushpolicy-event.bin")) == .flushedPolicies)
    }

    @Test(arguments: kernels) func hardPolicyExpire(kernel: String) throws {
        // ip xfrm policy add src 10.0.0.1 dst 10.0.0.2 proto icmp dir out action allow limit time-hard 2
        guard case .policyExpire(let info, _) = try decode(capture("\(kernel)/polexpire-hard.bin")) else {
            Issue.record("not a POLEXPIRE")
            return
        }
        #expect(info.isHard)
        #expect(info.policy.selector.upperLayerProtocol == 1)
        #expect(info.policy.lifetime.hardAddExpiresSeconds == 2)
    }

    // MARK: - ACQUIRE, larval states, SPI allocation

    @Test(arguments: kernels) func acquire(kernel: String) throws {
        guard case .acquire(let info, let attributes) = try decode(capture("\(kernel)/acquire.bin")) else {
            Issue.record("not an ACQUIRE")
            return
        }
        #expect(info.source == Self.a && info.destination == Self.b)
        #expect(info.ipProtocol == Self.esp)
        #expect(info.policy.direction == XFRMPolicyInfo.Direction.outbound)
        #expect(info.selector.destination == Self.b)
        #expect(info.sequence != 0)
        #expect(attributes.templates.count == 1)
        if kernel == "guest-6.1" {
            // The flow's context (the larval state's), not the policy's.
            #expect(attributes.securityContext?.label == "system_u:system_r:kernel_t:s0")
        } else {
            #expect(attributes.securityContext == nil)
        }
    }

    @Test(arguments: kernels) func larvalStateExpires(kernel: String) throws {
        guard case .expire(let info, _) = try decode(capture("\(kernel)/expire-larval-hard.bin")) else {
            Issue.record("not an EXPIRE")
            return
        }
        #expect(info.isHard)
        #expect(info.state.spi == 0 && info.state.ipProtocol == Self.esp)
        #expect(info.state.source == Self.a && info.state.destination == Self.b)
    }

    @Test(arguments: kernels) func allocateSPIReply(kernel: String) throws {
        // XFRM_MSG_ALLOCSPI 10.0.0.1 -> 10.0.0.2 ESP, reqid 7, SPI range 0x1000-0x1fff
        let message = try capture("\(kernel)/allocspi-reply.bin")
        guard case .state(.newSA, let info, _) = try XFRMMessage(message) else {
            Issue.record("not a NEWSA")
            return
        }
        #expect((0x1000...0x1fff).contains(info.spi))
        #expect(info.reqid == 7 && info.ipProtocol == Self.esp)
        #expect(info.source == Self.a && info.destination == Self.b)
    }

    // MARK: - NLMSG_ERROR

    @Test(arguments: kernels) func errorAndAcknowledgement(kernel: String) throws {
        #expect(try decode(capture("\(kernel)/error-enoent.bin")) == .error(code: -2, requestType: 0x15))
        #expect(try decode(capture("\(kernel)/ack-delpolicy.bin")) == .error(code: 0, requestType: 0x14))
    }

    @Test func theHostKernelRefusesESP() throws {
        for file in ["error-newsa-noesp.bin", "error-newsa-noesp-extack.bin"] {
            #expect(try decode(capture("host-6.18/\(file)")) == .error(code: -93, requestType: 0x10))
        }
    }

    // MARK: - SAD (guest: ESP hmac(sha256)/128 + cbc(aes), ctx LABEL)

    @Test func espStateWithRFC4868Truncation() throws {
        for file in ["newsa-event.bin", "sa-dump-esp-sha256.bin"] {
            guard case .state(.newSA, let info, let attributes) = try decode(capture("guest-6.1/\(file)")) else {
                Issue.record("\(file): not a NEWSA")
                continue
            }
            try expectTheESPState(info, attributes)
        }
    }

    @Test func deleteStateEvent() throws {
        guard case .stateDeleted(let id, let attributes) = try decode(capture("guest-6.1/delsa-event.bin")) else {
            Issue.record("not a DELSA")
            return
        }
        #expect(id.spi == 0x1234 && id.ipProtocol == Self.esp && id.destination == Self.b)
        let whole = try #require(attributes.state)
        try expectTheESPState(whole, attributes)
    }

    @Test func flushStateEvent() throws {
        // `ip xfrm state flush` sends protocol 0, which the kernel treats as every protocol.
        #expect(try decode(capture("guest-6.1/flushsa-event.bin")) == .flushedStates(ipProtocol: 0))
    }

    @Test func softAndHardExpire() throws {
        for (file, hard) in [("expire-soft.bin", false), ("expire-hard.bin", true)] {
            guard case .expire(let info, _) = try decode(capture("guest-6.1/\(file)")) else {
                Issue.record("\(file): not an EXPIRE")
                continue
            }
            #expect(info.isHard == hard)
            #expect(info.state.spi == 0x2345 && info.state.reqid == 8)
            #expect(info.state.lifetime.softAddExpiresSeconds == 1 && info.state.lifetime.hardAddExpiresSeconds == 3)
        }
    }

    // MARK: - round trips through the codec's own serialisation

    @Test(arguments: kernels) func everyCaptureReserialisesByteForByte(kernel: String) throws {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures/\(kernel)", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".bin") }
        #expect(names.count == (kernel == "host-6.18" ? 17 : 24))
        for name in names {
            let bytes = Array(try fixture("\(kernel)/\(name)"))
            let messages = try NetlinkMessage.parseDatagram(bytes)
            #expect(messages.flatMap { $0.serialize() } == bytes, "\(kernel)/\(name)")
            for message in messages { _ = try XFRMMessage(message) }
        }
    }

    @Test func aPolicyRequestRebuildsTheKernelsStructure() throws {
        let kernelMessage = try capture("guest-6.1/policy-dump-ctx.bin")
        let (info, attributes) = try policy(kernelMessage, type: .newPolicy)
        let request = XFRMRequest.installPolicy(info, attributes: attributes, update: false)
        // The fixed xfrm_userpolicy_info is the kernel's, byte for byte.
        #expect(Array(request.payload.prefix(XFRMPolicyInfo.size)) == Array(kernelMessage.payload.prefix(XFRMPolicyInfo.size)))
        let (again, againAttributes) = try policy(request.message(sequence: 1, portID: 0), type: .newPolicy)
        #expect(again == info)
        #expect(againAttributes.templates == attributes.templates)
        #expect(againAttributes.securityContext == attributes.securityContext)
    }

    @Test func aStateRequestRebuildsTheKernelsStructure() throws {
        let kernelMessage = try capture("guest-6.1/newsa-event.bin")
        guard case .state(_, let info, let attributes) = try XFRMMessage(kernelMessage) else {
            Issue.record("not a NEWSA")
            return
        }
        let request = XFRMRequest.installState(info, attributes: attributes, update: false)
        #expect(Array(request.payload.prefix(XFRMStateInfo.size)) == Array(kernelMessage.payload.prefix(XFRMStateInfo.size)))
        guard case .state(.newSA, let again, let againAttributes) = try XFRMMessage(request.message(sequence: 1, portID: 0))
        else {
            Issue.record("the request does not decode as a NEWSA")
            return
        }
        #expect(again == info)
        try expectTheESPState(again, againAttributes)
    }

    // MARK: - helpers

    func expectTheESPState(_ info: XFRMStateInfo, _ attributes: XFRMAttributes) throws {
        #expect(info.spi == 0x1234 && info.reqid == 7 && info.replayWindow == 32 && info.mode == 0)
        #expect(info.source == Self.a && info.destination == Self.b && info.ipProtocol == Self.esp)
        let authentication = try #require(attributes.authentication)
        #expect(authentication.name == "hmac(sha256)")
        #expect(authentication.keyBits == 256 && authentication.icvBits == 128)
        #expect(authentication.key == KeyBytes([UInt8](repeating: 0x11, count: 32)))
        let encryption = try #require(attributes.encryption)
        #expect(encryption.name == "cbc(aes)" && encryption.keyBits == 128 && encryption.icvBits == nil)
        #expect(encryption.key == KeyBytes([UInt8](repeating: 0x22, count: 16)))
        #expect(attributes.securityContext?.label == Self.label)
    }

    func policy(_ message: NetlinkMessage, type: XFRMMessageType) throws -> (XFRMPolicyInfo, XFRMAttributes) {
        guard case .policy(let decodedType, let info, let attributes) = try XFRMMessage(message), decodedType == type else {
            throw CaptureError.unexpected("\(message.type)")
        }
        return (info, attributes)
    }

    func decode(_ message: NetlinkMessage) throws -> XFRMMessage { try XFRMMessage(message) }

    /// The one netlink message of a capture file.
    func capture(_ name: String) throws -> NetlinkMessage {
        let messages = try NetlinkMessage.parseDatagram(Array(try fixture(name)))
        try #require(messages.count == 1, "\(name) holds \(messages.count) messages")
        return messages[0]
    }

    func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try Data(contentsOf: url)
    }

    enum CaptureError: Error { case unexpected(String) }
}
