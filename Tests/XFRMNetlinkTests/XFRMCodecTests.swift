import Testing
@testable import PFKeyListener
@testable import XFRMNetlink

/// The wire structures against `<linux/xfrm.h>`'s sizes and offsets on 64-bit Linux, and hostile framing.
@Suite struct XFRMCodecTests {
    @Test func structureSizesMatchTheKernelHeader() {
        // sizeof() from linux-libc-dev 6.1 on x86_64 (gcc): the kernel rejects any other length.
        #expect(XFRMSelector.size == 56)
        #expect(XFRMStateInfo.size == 224)
        #expect(XFRMPolicyInfo.size == 168)
        #expect(XFRMTemplate.size == 64)
        #expect(XFRMStateID.size == 24)
        #expect(XFRMPolicyID.size == 64)
        #expect(XFRMAcquireInfo.size == 280)
        #expect(XFRMExpireInfo.size == 232)
        #expect(XFRMPolicyExpireInfo.size == 176)
        var writer = WireWriter()
        KernelSide.state(spi: 1).write(into: &writer)
        #expect(writer.count == 224)
        writer = WireWriter()
        KernelSide.policy(index: 1).write(into: &writer)
        #expect(writer.count == 168)
        writer = WireWriter()
        KernelSide.espTemplate().write(into: &writer)
        #expect(writer.count == 64)
    }

    @Test func stateRoundTripsWithFieldOffsets() throws {
        let info = KernelSide.state(spi: 0x0102_0304, sequence: 9)
        var writer = WireWriter()
        info.write(into: &writer)
        let bytes = writer.bytes
        // id.daddr at 56, id.spi (network order) at 72, saddr at 80, seq at 204, reqid at 208, family at 212.
        #expect(Array(bytes[56..<60]) == [10, 0, 0, 2])
        #expect(Array(bytes[72..<76]) == [1, 2, 3, 4])
        #expect(Array(bytes[80..<84]) == [10, 0, 0, 1])
        #expect(bytes[204] == 9 && bytes[208] == 7 && bytes[212] == 2)
        var reader = WireReader(bytes[...], structure: "test")
        #expect(try XFRMStateInfo(parsing: &reader) == info)
    }

    @Test func policyAndTemplatesRoundTrip() throws {
        var attributes = XFRMAttributes()
        attributes.templates = [KernelSide.espTemplate(reqid: 0x4000)]
        attributes.securityContext = KernelSide.label
        let message = KernelSide.message(.newPolicy, { KernelSide.policy(index: 17).write(into: &$0) }, attributes: attributes)
        let parsed = try NetlinkMessage.parseDatagram(message.serialize())
        #expect(parsed == [message])
        guard case .policy(.newPolicy, let info, let decoded) = try XFRMMessage(parsed[0]) else {
            Issue.record("not a policy")
            return
        }
        #expect(info == KernelSide.policy(index: 17))
        #expect(decoded.templates == attributes.templates)
        #expect(decoded.securityContext == KernelSide.label)
    }

    @Test func algorithmsCarryKeyAndICVLength() throws {
        let algorithm = XFRMAlgorithm(name: "hmac(sha256)", key: KeyBytes([UInt8](repeating: 7, count: 32)), icvBits: 128)
        let payload = algorithm.payload()
        #expect(payload.count == 64 + 4 + 4 + 32)
        let decoded = try XFRMAlgorithm(parsing: payload, type: .authenticationTruncated, hasICVLength: true)
        #expect(decoded == algorithm)
        #expect(decoded.description == "hmac(sha256) (256-bit key, 128-bit ICV)")
        // A key length past the attribute is refused, not read past.
        var long = payload
        long[64] = 0xff
        #expect(throws: XFRMWireError.self) { try XFRMAlgorithm(parsing: long, type: .authenticationTruncated, hasICVLength: true) }
    }

    @Test func datagramsWithSeveralMessagesAreSplit() throws {
        let first = KernelSide.message(.flushPolicy, sequence: 1, { _ in })
        let second = KernelSide.message(.flushSA, sequence: 2, { $0.write(UInt8(50)) })
        let messages = try NetlinkMessage.parseDatagram(first.serialize() + second.serialize())
        #expect(messages.map(\.sequence) == [1, 2])
        #expect(try XFRMMessage(messages[1]) == .flushedStates(ipProtocol: 50))
    }

    @Test func hostileFramingIsRefused() {
        let good = KernelSide.message(.newPolicy, { KernelSide.policy(index: 1).write(into: &$0) }).serialize()
        // A header cut short, a length past the datagram, a length below the header.
        #expect(throws: XFRMWireError.headerTruncated(offset: 0)) { try NetlinkMessage.parseDatagram(Array(good.prefix(10))) }
        var long = good
        long[0] = UInt8(truncatingIfNeeded: good.count + 4)
        #expect(throws: XFRMWireError.self) { try NetlinkMessage.parseDatagram(long) }
        var short = good
        short[0] = 8
        short[1] = 0
        #expect(throws: XFRMWireError.self) { try NetlinkMessage.parseDatagram(short) }
        // A structure shorter than the kernel's.
        let truncated = NetlinkMessage(type: XFRMMessageType.newPolicy.rawValue, flags: 0, sequence: 0, payload: [UInt8](repeating: 0, count: 100))
        #expect(throws: XFRMWireError.structureTruncated("XFRM_MSG_NEWPOLICY", needed: 168, available: 100)) { try XFRMMessage(truncated) }
        // An attribute whose length runs past the message.
        var withAttribute = KernelSide.message(.newPolicy, { KernelSide.policy(index: 1).write(into: &$0) })
        withAttribute.payload += [200, 0, 5, 0]
        #expect(throws: XFRMWireError.invalidAttributeLength(type: 5, length: 200, remaining: 4)) { try XFRMMessage(withAttribute) }
        // A templates attribute that is not a whole number of templates.
        var ragged = KernelSide.message(.newPolicy, { KernelSide.policy(index: 1).write(into: &$0) })
        ragged.payload += [8, 0, 5, 0, 1, 2, 3, 4]
        #expect(throws: XFRMWireError.self) { try XFRMMessage(ragged) }
        // A prefix longer than the family allows.
        var badPrefix = KernelSide.policy(index: 1)
        badPrefix.selector.sourcePrefixLength = 33
        #expect(throws: XFRMWireError.invalidPrefixLength(33, family: 2)) {
            try XFRMMessage(KernelSide.message(.newPolicy, { badPrefix.write(into: &$0) }))
        }
    }

    @Test func unknownAttributeTypesAreSkippedAndListed() throws {
        var message = KernelSide.message(.newPolicy, { KernelSide.policy(index: 1).write(into: &$0) })
        message.payload += [8, 0, 0xe8, 0x03, 1, 2, 3, 4]  // type 1000, 4 bytes
        guard case .policy(_, _, let attributes) = try XFRMMessage(message) else {
            Issue.record("not a policy")
            return
        }
        #expect(attributes.unknownTypes == [1000])
    }

    @Test func socketBypassPolicyHasTheFamilyAndAllowAction() {
        let bytes = XFRMPolicyInfo.socketBypass(inbound: false, ipv6: true)
        #expect(bytes.count == 168)
        #expect(bytes[40] == 10 && bytes[41] == 0)  // sel.family AF_INET6
        #expect(bytes[160] == 1 && bytes[161] == 0)  // dir OUT, action ALLOW
        #expect(bytes[56..<64].allSatisfy { $0 == 0xff })  // lft.soft_byte_limit XFRM_INF
    }
}
