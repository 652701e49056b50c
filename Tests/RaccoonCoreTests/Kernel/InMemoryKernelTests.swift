import Glibc
import PFKeyListener
import RaccoonTestSupport
import Testing

/// The in-memory kernel driven through the real PFKeyListener session, request builder, mirror and events.
@Suite struct InMemoryKernelTests {
    static let me = IPAddress("10.77.0.1")!
    static let peer = IPAddress("10.77.0.2")!
    static let outSelector = TrafficSelector(source: me, sourcePrefixLength: 32, destination: peer, destinationPrefixLength: 32)
    static let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)

    /// A kernel with an out and an in policy, a registered session and a loaded mirror.
    struct Fixture {
        let kernel: InMemoryKernel
        let session: KernelSession
        var mirror: SPDMirror
        let outbound: SecurityPolicy
        let inbound: SecurityPolicy

        init(
            templateMismatch: InMemoryKernel.TemplateMismatch = .acceptButUnusable, label: SADBSecurityContext? = nil,
            reqid: UInt32 = 0
        ) throws {
            kernel = InMemoryKernel(templateMismatch: templateMismatch)
            let request = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: reqid == 0 ? .require : .unique, reqid: reqid)
            outbound = kernel.addPolicy(direction: .outbound, selector: InMemoryKernelTests.outSelector, requests: [request], securityContext: label)
            inbound = kernel.addPolicy(direction: .inbound, selector: InMemoryKernelTests.outSelector.reversed, requests: [request], securityContext: label)
            session = KernelSession(channel: kernel)
            _ = try session.register()
            mirror = try session.loadSecurityPolicies().mirror
            // The SPDADD broadcasts of the two policies were queued while waiting for replies.
            while let input = try session.receive() {
                guard case .message(let result) = input else { continue }
                mirror.apply(result.message)
            }
        }

        func nextEvent() throws -> KernelEvent? {
            guard let input = try session.receive() else { return nil }
            guard case .message(let result) = input else { Issue.record("malformed message from the kernel"); return nil }
            return try KernelEvent.classify(result.message, ownPID: session.pid)
        }

        func installation(spi: UInt32, inbound: Bool, reqid: UInt32 = 0, label: SADBSecurityContext? = nil, auth: [UInt8] = Array(repeating: 1, count: 20)) -> SAInstallation {
            SAInstallation(
                saType: .esp, spi: spi, source: inbound ? peer : me, destination: inbound ? me : peer, mode: .transport,
                reqid: reqid, authAlgorithm: .hmacSHA1, encryptionAlgorithm: .aesCBC, authKey: KeyBytes(auth),
                encryptionKey: KeyBytes(Array(repeating: 2, count: 16)), lifetimeSeconds: 3600, securityContext: label)
        }
    }

    @Test func registerReportsAlgorithmsAndRejectsASecondRegistration() throws {
        let kernel = InMemoryKernel()
        let session = KernelSession(channel: kernel)
        let supported = try session.register()
        #expect(throws: Never.self) { try supported.validate(SADBEncryptionAlgorithm.aesCBC, keyBits: 256) }
        #expect(throws: UnsupportedAlgorithmError.notSupported(name: "twofish", saType: .esp)) {
            try supported.validate(SADBEncryptionAlgorithm.twofishCBC)
        }
        #expect(throws: PFKeyError.requestFailed(request: .register, errno: UInt8(EEXIST))) {
            _ = try session.request(session.requests.register(.esp, sequence: session.nextSequence()))
        }
        #expect(kernel.registeredTypes == [.esp, .ah, .ipcomp])
    }

    @Test func emptySPDDumpGivesAnEmptyMirror() throws {
        let session = KernelSession(channel: InMemoryKernel())
        let load = try session.loadSecurityPolicies()
        #expect(load.mirror.policies.isEmpty)
        #expect(load.changes.isEmpty)
    }

    @Test func spdDumpAndBroadcastsKeepTheMirrorCurrent() throws {
        var fixture = try Fixture()
        #expect(fixture.mirror.policies.count == 2)
        #expect(fixture.mirror.policy(id: fixture.outbound.id) == fixture.outbound)
        #expect(fixture.outbound.id % 8 == 1 && fixture.inbound.id % 8 == 0)
        let third = fixture.kernel.addPolicy(
            direction: .outbound, selector: TrafficSelector(source: Self.me, sourcePrefixLength: 24, destination: Self.peer, destinationPrefixLength: 24),
            requests: [Self.esp], priority: 5)
        let added = try #require(try fixture.nextEvent())
        guard case .policyChange(let message) = added else { Issue.record("expected an SPD change, got \(added)"); return }
        #expect(fixture.mirror.apply(message) == .added(third))
        fixture.kernel.removePolicy(id: third.id)
        guard case .policyChange(let deleted)? = try fixture.nextEvent() else { Issue.record("no SPDDELETE"); return }
        #expect(fixture.mirror.apply(deleted) == .removed(id: third.id))
        #expect(fixture.mirror.policies.count == 2)
    }

    @Test func acquireGetSPIUpdateAddThenTrafficIsProtected() throws {
        let fixture = try Fixture()
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer) == .acquireSent(sequence: 1))
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer) == .droppedAwaitingKeys(acquireSequence: 1))
        guard case .acquire(let acquire)? = try fixture.nextEvent() else { Issue.record("no ACQUIRE"); return }
        #expect(acquire.policyID == fixture.outbound.id)
        #expect(acquire.source.address == Self.me && acquire.destination.address == Self.peer)
        #expect(acquire.proposal?.combinations.count == 24)
        #expect(!acquire.shouldBeIgnored)
        let outbound = try fixture.mirror.outboundPolicy(for: acquire)
        let inbound = try #require(fixture.mirror.inboundPolicy(reversing: outbound, flowContext: nil, contextMatches: SPDMirror.sameLabel))
        #expect(inbound.id == fixture.inbound.id)

        // GETSPI for the inbound SA with the ACQUIRE's seq.
        let getSPI = try fixture.session.request(
            fixture.session.requests.getSPI(
                GetSPIRequest(saType: .esp, source: Self.peer, destination: Self.me, mode: .transport, reqid: 0), sequence: acquire.sequence))
        let spi = try #require(getSPI.message.securityAssociation?.spi)
        #expect(getSPI.message.securityAssociation?.state == .larval)
        #expect((0x100...0x0fff_ffff).contains(spi))
        #expect(fixture.kernel.larval.contains { $0.spi == spi && $0.origin == .getSPI })

        _ = try fixture.session.request(fixture.session.requests.update(fixture.installation(spi: spi, inbound: true), sequence: acquire.sequence))
        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5000, inbound: false), sequence: acquire.sequence))
        #expect(fixture.kernel.installed.count == 2)
        #expect(fixture.kernel.larval.isEmpty, "ADD must remove the acquire state of its seq")
        let inboundSA = try #require(fixture.kernel.installed.first { $0.spi == spi })
        #expect(inboundSA.origin == .update && inboundSA.replayWindow == 4)
        #expect(inboundSA.hardLifetime?.addTime == 3600 && inboundSA.softLifetime?.addTime == 2880)
        #expect(inboundSA.authKey == KeyBytes(Array(repeating: 1, count: 20)))
        #expect(inboundSA.matchesPolicyTemplate)
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer) == .protected(spis: [0x5000]))
        #expect(fixture.kernel.installed.first { $0.spi == 0x5000 }?.packets == 1)
    }

    @Test func updateWithoutALarvalStateIsESRCHAndADuplicateAddIsEEXIST() throws {
        let fixture = try Fixture()
        #expect(throws: PFKeyError.requestFailed(request: .update, errno: UInt8(ESRCH))) {
            _ = try fixture.session.request(fixture.session.requests.update(fixture.installation(spi: 0x7777, inbound: true), sequence: 9))
        }
        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5000, inbound: false), sequence: 10))
        #expect(throws: PFKeyError.requestFailed(request: .add, errno: UInt8(EEXIST))) {
            _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5000, inbound: false), sequence: 11))
        }
    }

    @Test func anSAWithTheWrongReqidIsUnusableOrRefused() throws {
        let fixture = try Fixture(reqid: 16384)
        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5000, inbound: false, reqid: 1), sequence: 1))
        #expect(fixture.kernel.installed.first?.matchesPolicyTemplate == false)
        // As on Linux the packet finds no usable SA and the kernel asks again.
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer) == .acquireSent(sequence: 1))

        let strict = try Fixture(templateMismatch: .reject, reqid: 16384)
        #expect(throws: PFKeyError.requestFailed(request: .add, errno: UInt8(EINVAL))) {
            _ = try strict.session.request(strict.session.requests.add(strict.installation(spi: 0x5000, inbound: false, reqid: 1), sequence: 1))
        }
        _ = try strict.session.request(strict.session.requests.add(strict.installation(spi: 0x5001, inbound: false, reqid: 16384), sequence: 2))
        #expect(strict.kernel.installed.map(\.spi) == [0x5001])
    }

    @Test func badAlgorithmsKeysAndLabelsAreRefusedLikeLinux() throws {
        let fixture = try Fixture()
        var unknown = fixture.installation(spi: 0x5000, inbound: false)
        unknown.encryptionAlgorithm = .twofishCBC
        #expect(throws: PFKeyError.requestFailed(request: .add, errno: UInt8(ENOSYS))) {
            _ = try fixture.session.request(fixture.session.requests.add(unknown, sequence: 1))
        }
        let shortKey = fixture.installation(spi: 0x5001, inbound: false, auth: [1, 2, 3])
        #expect(throws: PFKeyError.requestFailed(request: .add, errno: UInt8(EINVAL))) {
            _ = try fixture.session.request(fixture.session.requests.add(shortKey, sequence: 2))
        }
        let badLabel = fixture.installation(spi: 0x5002, inbound: false, label: SADBSecurityContext(algorithm: 2, doi: 1, context: Array("x".utf8) + [0]))
        #expect(throws: PFKeyError.requestFailed(request: .add, errno: UInt8(EINVAL))) {
            _ = try fixture.session.request(fixture.session.requests.add(badLabel, sequence: 3))
        }
        #expect(fixture.kernel.installed.isEmpty)
    }

    @Test func anAcquireOvertakingTheRegisterReplyIsQueuedNotDropped() throws {
        let kernel = InMemoryKernel()
        let policy = kernel.addPolicy(direction: .outbound, selector: Self.outSelector, requests: [Self.esp])
        let session = KernelSession(channel: kernel)
        _ = try session.request(session.requests.register(.esp, sequence: session.nextSequence()))
        // The packet's ACQUIRE is queued before the AH REGISTER reply.
        #expect(kernel.injectOutboundPacket(source: Self.me, destination: Self.peer) == .acquireSent(sequence: 1))
        let reply = try session.request(session.requests.register(.ah, sequence: session.nextSequence()))
        #expect(reply.message.type == .register && reply.message.saType == .ah)
        var kinds: [SADBMessageType] = []
        while case .message(let result)? = try session.receive() { kinds.append(result.message.type) }
        #expect(kinds == [.spdAdd, .acquire])
        _ = policy
    }

    @Test func expiresDeletesAndFlushesBecomeTypedEvents() throws {
        let fixture = try Fixture()
        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5000, inbound: false), sequence: 1))
        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5001, inbound: false), sequence: 2))
        #expect(fixture.kernel.injectExpire(spi: 0x5000, hard: false))
        guard case .expire(let soft)? = try fixture.nextEvent() else { Issue.record("no soft EXPIRE"); return }
        #expect(!soft.isHard && soft.sa.spi == 0x5000 && soft.sa.destination == Self.peer)
        #expect(fixture.kernel.injectExpire(spi: 0x5000, hard: true))
        guard case .expire(let hard)? = try fixture.nextEvent() else { Issue.record("no hard EXPIRE"); return }
        #expect(hard.isHard)
        #expect(!fixture.kernel.installed.contains { $0.spi == 0x5000 })

        #expect(fixture.kernel.injectForeignDelete(spi: 0x5001, pid: 777))
        #expect(try fixture.nextEvent() == .foreignDelete(SAIdentity(saType: .esp, spi: 0x5001, source: Self.me, destination: Self.peer), pid: 777))

        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5002, inbound: false), sequence: 3))
        let delete = fixture.session.requests.delete(.esp, spi: 0x5002, source: Self.me, destination: Self.peer, sequence: 4)
        let echoed = try fixture.session.request(delete)
        #expect(try KernelEvent.classify(echoed.message, ownPID: fixture.session.pid) == .reply(echoed.message))
        #expect(throws: PFKeyError.requestFailed(request: .delete, errno: UInt8(ESRCH))) {
            _ = try fixture.session.request(fixture.session.requests.delete(.esp, spi: 0x5002, source: Self.me, destination: Self.peer, sequence: 5))
        }

        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5003, inbound: false), sequence: 6))
        fixture.kernel.injectForeignFlush(pid: 778)
        #expect(try fixture.nextEvent() == .foreignFlush(.unspecified, pid: 778))
        #expect(fixture.kernel.installed.isEmpty)
    }

    @Test func acquireWithErrnoMarksTheAcquireStateFailedWithoutAReply() throws {
        let fixture = try Fixture()
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer) == .acquireSent(sequence: 1))
        _ = try fixture.nextEvent()
        try fixture.session.send(fixture.session.requests.acquireFailed(acquireSequence: 1))
        #expect(fixture.kernel.pendingMessageCount == 0)
        #expect(fixture.kernel.states.first { $0.sequence == 1 }?.state == .dead)
        #expect(fixture.kernel.requestsReceived.last?.errno == UInt8(ENOENT))
        #expect(fixture.kernel.requestsReceived.last?.extensions.isEmpty == true)
    }

    @Test func labeledPolicyGivesALabeledAcquireAndLabeledSAs() throws {
        let spdLabel = SADBSecurityContext(label: "system_u:object_r:ipsec_spd_t:s0")
        let flow = SADBSecurityContext(label: "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023")
        let fixture = try Fixture(label: spdLabel)
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer) == .noPolicy, "an unlabeled flow misses a labeled policy")
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer, flowContext: flow) == .acquireSent(sequence: 1))
        guard case .acquire(let acquire)? = try fixture.nextEvent() else { Issue.record("no ACQUIRE"); return }
        #expect(acquire.securityContext == flow)
        let outbound = try fixture.mirror.outboundPolicy(for: acquire)
        #expect(outbound.securityContext == spdLabel)
        var asked: [(String, String)] = []
        let inbound = fixture.mirror.inboundPolicy(reversing: outbound, flowContext: acquire.securityContext) { flow, policy in
            asked.append((flow.label, policy.label))
            return true
        }
        #expect(inbound?.id == fixture.inbound.id)
        #expect(asked.count == 1 && asked.first?.0 == flow.label && asked.first?.1 == spdLabel.label)
        #expect(fixture.mirror.inboundPolicy(reversing: outbound, flowContext: acquire.securityContext) { _, _ in false } == nil)
        #expect(fixture.mirror.inboundPolicy(reversing: outbound, flowContext: nil, contextMatches: SPDMirror.sameLabel) == nil)

        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5000, inbound: false, label: flow), sequence: 1))
        #expect(fixture.kernel.installed.first?.securityContext == flow)
        #expect(fixture.kernel.injectOutboundPacket(source: Self.me, destination: Self.peer, flowContext: flow) == .protected(spis: [0x5000]))
    }

    @Test func malformedAndUnresolvableKernelMessagesAreReportedNotFatal() throws {
        let fixture = try Fixture()
        fixture.kernel.injectRawMessage([2, 6, 0, 3, 9, 0, 0, 0])
        #expect(try fixture.session.receive() == .malformed(.messageTooShort(length: 8), byteCount: 8))

        let noPolicy = SADBMessage(type: .acquire, saType: .esp, sequence: 5, extensions: [
            .sourceAddress(SADBAddress(host: Self.me)), .destinationAddress(SADBAddress(host: Self.peer)),
        ])
        fixture.kernel.injectRawMessage(noPolicy.serialize())
        #expect(throws: KernelEventError.missingExtension(.acquire, .policy)) { _ = try fixture.nextEvent() }

        var unknownPolicy = noPolicy
        unknownPolicy.extensions.append(.policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 4097)))
        fixture.kernel.injectRawMessage(unknownPolicy.serialize())
        guard case .acquire(let acquire)? = try fixture.nextEvent() else { Issue.record("no ACQUIRE"); return }
        #expect(throws: SPDMirrorError.noPolicyFound(id: 4097)) { _ = try fixture.mirror.outboundPolicy(for: acquire) }
        #expect(SPDMirrorError.noPolicyFound(id: 4097).description == "no policy found: id:4097")

        #expect(throws: PFKeyError.systemCall("send", errno: EINVAL)) { try fixture.kernel.send(bytes: [2, 1, 0, 3]) }
    }

    @Test func dumpListsEverySAWithCountdownSequence() throws {
        let fixture = try Fixture()
        #expect(try fixture.session.dump(fixture.session.requests.dump(.esp, sequence: 1)).isEmpty)
        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5000, inbound: false), sequence: 2))
        _ = try fixture.session.request(fixture.session.requests.add(fixture.installation(spi: 0x5001, inbound: false), sequence: 3))
        let replies = try fixture.session.dump(fixture.session.requests.dump(.esp, sequence: 4))
        #expect(replies.map(\.message.sequence) == [1, 0])
        #expect(replies.compactMap { $0.message.securityAssociation?.spi } == [0x5000, 0x5001])
    }

    @Test func getSPIHonoursTheRangeAndRequiresAddresses() throws {
        let fixture = try Fixture()
        let reply = try fixture.session.request(
            fixture.session.requests.getSPI(GetSPIRequest(saType: .ipcomp, source: Self.peer, destination: Self.me, mode: .transport, reqid: 0), sequence: 1))
        #expect((0x100...0xffff).contains(reply.message.securityAssociation?.spi ?? 0))
        #expect(fixture.kernel.requestsReceived.last?.spiRange == SADBSPIRange(minimum: 0x100, maximum: 0xffff))
        let bare = SADBMessage(type: .getSPI, saType: .esp, sequence: 2, pid: fixture.session.pid)
        #expect(throws: PFKeyError.requestFailed(request: .getSPI, errno: UInt8(EINVAL))) { _ = try fixture.session.request(bare) }
    }
}
