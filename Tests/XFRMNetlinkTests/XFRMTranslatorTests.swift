import Testing
@testable import PFKeyListener
@testable import XFRMNetlink

/// The translation of the engine's and setkey's PF_KEY requests into XFRM and of the kernel's answers back.
@Suite struct XFRMTranslatorTests {
    let portID: UInt32 = 4242
    let enginePID: UInt32 = 31

    func walkthroughPolicy(level: IPsecLevel = .require, type: SADBMessageType = .spdAdd) -> SADBMessage {
        SADBMessage(
            type: type, sequence: 5, pid: enginePID,
            extensions: [
                .sourceAddress(SADBAddress(host: KernelSide.a)), .destinationAddress(SADBAddress(host: KernelSide.b)),
                .policy(
                    SADBPolicy(
                        policyType: .ipsec, direction: .outbound,
                        requests: [SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: level)])),
                .securityContext(KernelSide.label),
            ])
    }

    @Test func labeledPolicyBecomesNewPolicyAndTheAcknowledgementItsReply() throws {
        var translator = XFRMTranslator(portID: portID)
        let output = translator.translate(walkthroughPolicy())
        let (request, decoded) = try output.onlyRequest()
        #expect(request.flags & NetlinkMessage.Flag.acknowledge != 0)
        guard case .policy(.newPolicy, let info, let attributes) = decoded else {
            Issue.record("not NEWPOLICY: \(String(describing: decoded))")
            return
        }
        #expect(info.direction == XFRMPolicyInfo.Direction.outbound && info.action == XFRMPolicyInfo.Action.allow)
        #expect(info.selector.source == KernelSide.a && info.selector.sourcePrefixLength == 32)
        #expect(info.selector.upperLayerProtocol == 0, "IPSEC_ULPROTO_ANY is XFRM's 0")
        #expect(info.lifetime == XFRMLifetimeConfiguration(), "no lifetime: XFRM_INF everywhere")
        #expect(attributes.templates.map(\.ipProtocol) == [50] && attributes.templates[0].reqid == 0)
        #expect(attributes.securityContext == KernelSide.label)
        let reply = translator.receiveReply(KernelSide.acknowledgement(request))
        #expect(reply.messages.count == 1)
        #expect(reply.messages[0].type == .spdAdd && reply.messages[0].errno == 0)
        #expect(reply.messages[0].sequence == 5 && reply.messages[0].pid == enginePID)
        #expect(translator.pendingCount == 0)
    }

    @Test func uniqueWithoutReqidGetsOneNoPolicyUses() throws {
        var translator = XFRMTranslator(portID: portID)
        let (dump, _) = try translator.translate(walkthroughPolicy(level: .unique)).onlyRequest()
        #expect(dump.flags & NetlinkMessage.Flag.dump == NetlinkMessage.Flag.dump)
        var attributes = XFRMAttributes()
        attributes.templates = [KernelSide.espTemplate(reqid: 0x4000)]
        let entry = KernelSide.message(.newPolicy, sequence: dump.sequence, flags: NetlinkMessage.Flag.multipart,
                                       { KernelSide.policy(index: 9).write(into: &$0) }, attributes: attributes)
        #expect(translator.receiveReply(entry).requests.isEmpty)
        let (install, decoded) = try translator.receiveReply(KernelSide.done(dump)).onlyRequest()
        guard case .policy(.newPolicy, _, let installed) = decoded else {
            Issue.record("no NEWPOLICY after the scan")
            return
        }
        #expect(installed.templates.map(\.reqid) == [0x4001], "0x4000 is taken, 0x4001 is next (af_key's gen_reqid)")
        #expect(translator.receiveReply(KernelSide.acknowledgement(install)).messages.map(\.errno) == [0])
    }

    @Test func getSPIAllocatesAndTheLarvalStateAnswers() throws {
        var translator = XFRMTranslator(portID: portID)
        let request = SADBRequestBuilder(pid: enginePID).getSPI(
            GetSPIRequest(saType: .esp, source: KernelSide.b, destination: KernelSide.a, mode: .transport, reqid: 3),
            sequence: 77)
        let (allocate, _) = try translator.translate(request).onlyRequest()
        #expect(allocate.type == XFRMMessageType.allocateSPI.rawValue)
        var reader = WireReader(allocate.payload[...], structure: "xfrm_userspi_info")
        let info = try XFRMStateInfo(parsing: &reader)
        #expect(info.destination == KernelSide.a && info.source == KernelSide.b && info.ipProtocol == 50)
        #expect(info.sequence == 77 && info.reqid == 3)
        #expect(try reader.readUInt32() == 0x100 && reader.readUInt32() == 0x0fff_ffff, "af_key's default SPI range")
        var larval = info
        larval.spi = 0xc0ff_ee01
        let reply = translator.receiveReply(
            KernelSide.message(.newSA, sequence: allocate.sequence, { larval.write(into: &$0) }))
        #expect(reply.messages.count == 1)
        let getSPI = reply.messages[0]
        #expect(getSPI.type == .getSPI && getSPI.sequence == 77 && getSPI.pid == enginePID)
        #expect(getSPI.securityAssociation?.spi == 0xc0ff_ee01 && getSPI.securityAssociation?.state == .larval)
    }

    @Test func sha256InstallsTheRFC4868ICVAndTheReplyHasNoKeys() throws {
        var translator = XFRMTranslator(portID: portID)
        let installation = SAInstallation(
            saType: .esp, spi: 0x1234, source: KernelSide.a, destination: KernelSide.b, mode: .transport, reqid: 0,
            authAlgorithm: .hmacSHA256, encryptionAlgorithm: .aesCBC, authKey: KeyBytes([UInt8](repeating: 1, count: 32)),
            encryptionKey: KeyBytes([UInt8](repeating: 2, count: 16)), lifetimeSeconds: 3600,
            securityContext: KernelSide.flowLabel)
        let (request, decoded) = try translator.translate(SADBRequestBuilder(pid: enginePID).add(installation, sequence: 8)).onlyRequest()
        guard case .state(.newSA, let info, let attributes) = decoded else {
            Issue.record("not NEWSA")
            return
        }
        #expect(info.spi == 0x1234 && info.replayWindow == 4 && info.sequence == 8)
        #expect(info.lifetime.hardAddExpiresSeconds == 3600 && info.lifetime.softAddExpiresSeconds == 2880)
        #expect(info.lifetime.hardByteLimit == XFRMLifetimeConfiguration.infinite)
        #expect(attributes.authentication?.name == "hmac(sha256)" && attributes.authentication?.icvBits == 128)
        #expect(attributes.authentication?.key == KeyBytes([UInt8](repeating: 1, count: 32)))
        #expect(attributes.encryption?.name == "cbc(aes)" && attributes.encryption?.keyBits == 128)
        #expect(attributes.securityContext == KernelSide.flowLabel)
        let reply = translator.receiveReply(KernelSide.acknowledgement(request)).messages
        #expect(reply.count == 1 && reply[0].type == .add && reply[0].errno == 0 && reply[0].sequence == 8)
        #expect(reply[0].authKey == nil && reply[0].encryptionKey == nil)
    }

    @Test func gcmIsInstalledAsAEAD() throws {
        var translator = XFRMTranslator(portID: portID)
        let installation = SAInstallation(
            saType: .esp, spi: 9, source: KernelSide.a, destination: KernelSide.b, mode: .tunnel, reqid: 1,
            authAlgorithm: .none, encryptionAlgorithm: .aesGCM16, authKey: nil,
            encryptionKey: KeyBytes([UInt8](repeating: 3, count: 20)), lifetimeSeconds: 60)
        let (_, decoded) = try translator.translate(SADBRequestBuilder(pid: enginePID).update(installation, sequence: 1)).onlyRequest()
        guard case .state(.updateSA, let info, let attributes) = decoded else {
            Issue.record("not UPDSA")
            return
        }
        #expect(info.mode == 1)
        #expect(attributes.aead?.name == "rfc4106(gcm(aes))" && attributes.aead?.icvBits == 128 && attributes.aead?.keyBits == 160)
        #expect(attributes.encryption == nil && attributes.authentication == nil)
    }

    @Test func kernelErrorsBecomeTheReplyErrno() throws {
        var translator = XFRMTranslator(portID: portID)
        let delete = SADBRequestBuilder(pid: enginePID).delete(.esp, spi: 5, source: KernelSide.a, destination: KernelSide.b, sequence: 3)
        let (request, decoded) = try translator.translate(delete).onlyRequest()
        guard case .stateDeleted(let id, let attributes) = decoded else {
            Issue.record("not DELSA")
            return
        }
        #expect(id.spi == 5 && id.destination == KernelSide.b && attributes.sourceAddress == KernelSide.a)
        let reply = translator.receiveReply(KernelSide.acknowledgement(request, code: -3)).messages
        #expect(reply.map(\.errno) == [3] && reply[0].type == .delete && reply[0].sequence == 3)
    }

    @Test func requestsWithoutAnXFRMEquivalentAreAnsweredNotDropped() {
        var translator = XFRMTranslator(portID: portID)
        let output = translator.translate(SADBMessage(type: .promisc, sequence: 4, pid: enginePID))
        #expect(output.requests.isEmpty)
        #expect(output.messages.map(\.errno) == [95] && output.messages[0].sequence == 4)
        #expect(output.notices.count == 1)
        // The give-up ACQUIRE has no XFRM message: acknowledged with its own errno, as af_key echoes it.
        let giveUp = translator.translate(SADBRequestBuilder(pid: enginePID).acquireFailed(acquireSequence: 12))
        #expect(giveUp.requests.isEmpty && giveUp.messages.map(\.errno) == [2])
        // REGISTER lists the kernel's algorithms; SHA-256 and AES-GCM among them.
        let register = translator.translate(SADBRequestBuilder(pid: enginePID).register(.esp, sequence: 1)).messages
        #expect(register.first?.supportedAuth?.algorithms.contains { $0.identifier == 5 } == true)
        #expect(register.first?.supportedEncrypt?.algorithms.contains { $0.identifier == 20 } == true)
    }

    @Test func acquireCarriesPolicyIDSequenceAndFlowContext() {
        var translator = XFRMTranslator(portID: portID)
        let output = translator.receiveEvent(KernelSide.acquire(index: 1, sequence: 99, context: KernelSide.flowLabel))
        #expect(output.messages.count == 1)
        let acquire = output.messages[0]
        #expect(acquire.type == .acquire && acquire.saType == .esp && acquire.sequence == 99 && acquire.pid == 0)
        #expect(acquire.policy?.id == 1 && acquire.policy?.direction == .outbound)
        #expect(acquire.sourceAddress?.address == KernelSide.a && acquire.destinationAddress?.address == KernelSide.b)
        #expect(acquire.securityContext == KernelSide.flowLabel)
        #expect((try? SADBAcquire(acquire)) != nil, "the engine's own decoder accepts it")
    }

    @Test func expiresSaySoftOrHardAsPFKeyDoes() throws {
        var translator = XFRMTranslator(portID: portID)
        for hard in [false, true] {
            let event = KernelSide.message(.expire, {
                KernelSide.state(spi: 0x55).write(into: &$0)
                $0.write(UInt8(hard ? 1 : 0))
                $0.writeZeros(7)
            }, attributes: KernelSide.keyedAttributes())
            let messages = translator.receiveEvent(event).messages
            #expect(messages.count == 1)
            let expiry = try SAExpiry(messages[0])
            #expect(expiry.isHard == hard && expiry.sa.spi == 0x55 && expiry.sa.saType == .esp)
            #expect(messages[0].authKey == nil, "no keys in notifications")
            #expect(messages[0].securityAssociation?.authAlgorithm == .hmacSHA256)
        }
    }

    @Test func ownNotificationsAreDroppedForeignOnesTranslated() throws {
        var translator = XFRMTranslator(portID: portID)
        func deleted(by sender: UInt32) -> NetlinkMessage {
            var attributes = XFRMAttributes()
            attributes.state = KernelSide.state(spi: 0x77)
            return KernelSide.message(.deleteSA, portID: sender, {
                XFRMStateID(destination: KernelSide.b, spi: 0x77, ipProtocol: 50).write(into: &$0)
            }, attributes: attributes)
        }
        #expect(translator.receiveEvent(deleted(by: portID)).messages.isEmpty)
        let foreign = translator.receiveEvent(deleted(by: 999)).messages
        #expect(foreign.count == 1 && foreign[0].pid == 999)
        let identity = try SAIdentity(foreign[0])
        #expect(identity.spi == 0x77 && identity.source == KernelSide.a && identity.destination == KernelSide.b)
        #expect(translator.receiveEvent(KernelSide.message(.flushSA, portID: 999, { $0.write(UInt8(255)) })).messages
            == [SADBMessage(type: .flush, saType: .unspecified, pid: 999)])
    }

    @Test func policyNotificationsAreReadBackForTheirContext() throws {
        var translator = XFRMTranslator(portID: portID)
        var notified = XFRMAttributes()
        notified.templates = [KernelSide.espTemplate()]
        let event = KernelSide.message(.newPolicy, portID: 555, { KernelSide.policy(index: 1).write(into: &$0) }, attributes: notified)
        let output = translator.receiveEvent(event)
        #expect(output.messages.isEmpty)
        let (get, _) = try output.onlyRequest()
        #expect(get.type == XFRMMessageType.getPolicy.rawValue)
        var full = notified
        full.securityContext = KernelSide.label
        let reply = translator.receiveReply(
            KernelSide.message(.newPolicy, sequence: get.sequence, { KernelSide.policy(index: 1).write(into: &$0) }, attributes: full))
        #expect(reply.messages.count == 1)
        var mirror = SPDMirror()
        guard case .added(let policy) = mirror.apply(reply.messages[0]) else {
            Issue.record("the mirror did not take the policy")
            return
        }
        #expect(policy.id == 1 && policy.direction == .outbound && policy.securityContext == KernelSide.label)
        #expect(policy.requests.map(\.level) == [.require])
        // Removed before it was read back: nothing, the DELPOLICY notification will follow.
        let again = try translator.receiveEvent(event).onlyRequest().0
        #expect(translator.receiveReply(KernelSide.acknowledgement(again, code: -2)).messages.isEmpty)
    }

    @Test func dumpsAreNumberedDownToZeroAndFilteredByType() throws {
        var translator = XFRMTranslator(portID: portID)
        let (dump, _) = try translator.translate(SADBRequestBuilder(pid: enginePID).dump(.esp, sequence: 6)).onlyRequest()
        for (spi, proto) in [(UInt32(1), UInt8(50)), (2, 51), (3, 50)] {
            var state = KernelSide.state(spi: spi)
            state.ipProtocol = proto
            _ = translator.receiveReply(
                KernelSide.message(.newSA, sequence: dump.sequence, flags: NetlinkMessage.Flag.multipart,
                                   { state.write(into: &$0) }, attributes: KernelSide.keyedAttributes()))
        }
        let entries = translator.receiveReply(KernelSide.done(dump)).messages
        #expect(entries.map(\.sequence) == [1, 0])
        #expect(entries.compactMap(\.securityAssociation?.spi) == [1, 3], "AH left out of an ESP dump")
        #expect(entries.allSatisfy { $0.authKey != nil && $0.encryptionKey != nil }, "dumps show keys, as setkey -D does")
        // An empty database is ENOENT, as PF_KEY says it.
        let (empty, _) = try translator.translate(SADBRequestBuilder(pid: enginePID).spdDump(sequence: 2)).onlyRequest()
        #expect(translator.receiveReply(KernelSide.done(empty)).messages.map(\.errno) == [2])
    }

    @Test func unknownAttributeTypesAreReportedOnce() {
        var translator = XFRMTranslator(portID: portID)
        var event = KernelSide.acquire(index: 1, sequence: 1, context: nil)
        event.payload += [8, 0, 0xe8, 0x03, 0, 0, 0, 0]
        #expect(translator.receiveEvent(event).notices.count == 1)
        #expect(translator.receiveEvent(event).notices.isEmpty)
    }

    @Test func malformedNotificationsAreNoticedNotFatal() {
        var translator = XFRMTranslator(portID: portID)
        let short = NetlinkMessage(type: XFRMMessageType.acquire.rawValue, flags: 0, sequence: 0, payload: [1, 2, 3])
        let output = translator.receiveEvent(short)
        #expect(output.messages.isEmpty && output.notices.count == 1)
    }
}
