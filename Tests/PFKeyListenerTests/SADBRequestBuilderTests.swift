import Testing
@testable import PFKeyListener

@Suite struct SADBRequestBuilderTests {
    let builder = SADBRequestBuilder(pid: 777)
    let me = IPAddress("192.0.2.1")!
    let peer = IPAddress("192.0.2.2")!

    @Test func getSPIIsForTheInboundSAWithModeAndReqid() {
        let message = builder.getSPI(
            GetSPIRequest(saType: .esp, source: peer, destination: me, mode: .tunnel, reqid: 16385), sequence: 41)
        #expect(message.type == .getSPI && message.saType == .esp && message.sequence == 41 && message.pid == 777)
        #expect(message.sourceAddress?.address == peer && message.destinationAddress?.address == me)
        #expect(message.sa2 == SADBSA2(mode: .tunnel, reqid: 16385))
        #expect(message.spiRange == nil, "the kernel picks ESP SPIs")
        let ipcomp = builder.getSPI(GetSPIRequest(saType: .ipcomp, source: peer, destination: me, mode: .transport, reqid: 0), sequence: 1)
        #expect(ipcomp.spiRange == SADBSPIRange(minimum: 0x100, maximum: 0xffff))
    }

    @Test func updateCarriesEverythingRacoonSends() throws {
        let label = SADBSecurityContext(label: "system_u:system_r:kernel_t:s0")
        let installation = SAInstallation(
            saType: .esp, spi: 0xdead_beef, source: peer, destination: me, mode: .transport, reqid: 3,
            authAlgorithm: .hmacSHA256, encryptionAlgorithm: .aesCBC, authKey: KeyBytes(Array(repeating: 0xaa, count: 32)),
            encryptionKey: KeyBytes(Array(repeating: 0xbb, count: 16)), lifetimeSeconds: 28800, lifetimeBytes: 1000,
            securityContext: label, natTraversal: NATTraversalSettings(sourcePort: 4500, destinationPort: 4501))
        let message = builder.update(installation, sequence: 9)
        let sa = try #require(message.securityAssociation)
        #expect(sa.spi == 0xdead_beef && sa.replayWindow == 4 && sa.state == .mature)
        #expect(sa.authAlgorithm == .hmacSHA256 && sa.encryptionAlgorithm == .aesCBC)
        #expect(message.hardLifetime == SADBLifetime(bytes: 1000, addTime: 28800))
        #expect(message.softLifetime == SADBLifetime(bytes: 800, addTime: 23040))
        #expect(message.authKey?.bits == 256 && message.encryptionKey?.bits == 128)
        #expect(message.securityContext == label)
        #expect(message.natTraversalType == SADBNATTraversalType(encapsulation: 2))
        #expect(message.natTraversalSourcePort?.port == 4500 && message.natTraversalDestinationPort?.port == 4501)
        #expect(message.sourceAddress?.socketAddress.port == 4500)
        // Bytes: soft addtime 23040 = 0x5a00 in host (little-endian) order inside LIFETIME_SOFT.
        let bytes = message.serialize()
        #expect(try SADBMessage(parsing: bytes) == message)
        #expect(builder.add(installation, sequence: 9).type == .add)
        let ipcomp = SAInstallation(
            saType: .ipcomp, spi: 0x1234, source: peer, destination: me, mode: .transport, reqid: 0, authAlgorithm: .none,
            encryptionAlgorithm: SADBEncryptionAlgorithm(rawValue: 2), authKey: nil, encryptionKey: nil, lifetimeSeconds: 60)
        #expect(builder.add(ipcomp, sequence: 1).securityAssociation?.replayWindow == 0)
        #expect(builder.add(ipcomp, sequence: 1).authKey == nil)
    }

    @Test func acquireWithErrnoIsAHeaderOnly() {
        let bytes = builder.acquireFailed(acquireSequence: 5).serialize()
        #expect(bytes == [2, 6, 2, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0x09, 0x03, 0, 0])
    }

    @Test func deleteFlushDumpRegister() {
        let delete = builder.delete(.ah, spi: 0x100, source: me, destination: peer, sequence: 3)
        #expect(delete.saType == .ah && delete.securityAssociation?.spi == 0x100)
        #expect(delete.sourceAddress?.address == me && delete.destinationAddress?.address == peer)
        #expect(builder.flush(.unspecified, sequence: 4).serialize() == [2, 9, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 0x09, 0x03, 0, 0])
        #expect(builder.spdDump(sequence: 5).serialize() == [2, 18, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0x09, 0x03, 0, 0])
        #expect(builder.dump(.esp, sequence: 6).serialize() == [2, 10, 0, 3, 2, 0, 0, 0, 6, 0, 0, 0, 0x09, 0x03, 0, 0])
        #expect(builder.register(.ipcomp, sequence: 7).serialize() == [2, 7, 0, 9, 2, 0, 0, 0, 7, 0, 0, 0, 0x09, 0x03, 0, 0])
    }
}

/// A scripted channel for the session tests.
final class ScriptedChannel: KernelChannel {
    let pid: UInt32 = 50
    var sent: [SADBMessage] = []
    var inbox: [[UInt8]] = []
    /// Called for each sent message; returns what the "kernel" queues in response.
    var respond: (SADBMessage) -> [SADBMessage] = { _ in [] }

    func send(bytes: [UInt8]) throws(PFKeyError) {
        guard let message = try? SADBMessage(parsing: bytes) else { throw .systemCall("send", errno: 22) }
        sent.append(message)
        inbox += respond(message).map { $0.serialize() }
    }
    func receiveBytes() throws(PFKeyError) -> [UInt8]? { inbox.isEmpty ? nil : inbox.removeFirst() }
    func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool { !inbox.isEmpty }
}

@Suite struct KernelSessionTests {
    @Test func unrelatedMessagesAreQueuedInOrderWhileWaiting() throws {
        let channel = ScriptedChannel()
        channel.respond = { request in
            [
                SADBMessage(type: .spdAdd, sequence: 0, pid: 0),
                SADBMessage(type: .register, saType: request.saType, sequence: request.sequence, pid: 99),
                SADBMessage(type: .acquire, saType: .esp, sequence: 1),
                SADBMessage(type: .register, saType: request.saType, sequence: request.sequence, pid: request.pid),
            ]
        }
        channel.inbox = [[1, 2, 3]]
        let session = KernelSession(channel: channel, firstSequence: 10)
        let reply = try session.request(session.requests.register(.esp, sequence: session.nextSequence()))
        #expect(reply.message.pid == 50 && reply.message.sequence == 10)
        #expect(session.queuedCount == 4)
        #expect(try session.receive() == .malformed(.messageTooShort(length: 3), byteCount: 3))
        var types: [SADBMessageType] = []
        while case .message(let result)? = try session.receive() { types.append(result.message.type) }
        #expect(types == [.spdAdd, .register, .acquire])
        #expect(session.queuedCount == 0)
    }

    @Test func errnoRepliesAndTimeoutsAreTypedErrors() throws {
        let channel = ScriptedChannel()
        channel.respond = { request in
            request.type == .update ? [SADBMessage(type: .update, sequence: request.sequence, pid: request.pid, errno: 13)] : []
        }
        let session = KernelSession(channel: channel)
        #expect(throws: PFKeyError.requestFailed(request: .update, errno: 13)) {
            _ = try session.request(SADBMessage(type: .update, sequence: 1, pid: 50), timeout: .milliseconds(10))
        }
        #expect(throws: PFKeyError.timedOut(request: .add, sequence: 2)) {
            _ = try session.request(SADBMessage(type: .add, sequence: 2, pid: 50), timeout: .milliseconds(10))
        }
    }

    @Test func sequenceNumbersSkipZero() {
        let session = KernelSession(channel: ScriptedChannel(), firstSequence: UInt32.max)
        #expect(session.nextSequence() == UInt32.max)
        #expect(session.nextSequence() == 1)
    }
}
