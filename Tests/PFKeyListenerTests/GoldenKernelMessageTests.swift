import Foundation
import Testing
@testable import PFKeyListener

/// Messages captured from Linux 6.1 (see Fixtures/README): each decodes without warnings and re-encodes to the
/// identical bytes, and its fields are what the kernel was asked for.
@Suite struct GoldenKernelMessageTests {
    static let names = [
        "register-esp-reply", "register-ah-reply", "register-ipcomp-reply", "spddump-1", "spddump-2", "acquire",
        "getspi-reply", "update-reply", "add-reply", "add-broadcast-from-ip-xfrm", "expire-hard", "flush-reply", "expire-soft", "selinux-acquire",
        "selinux-spddump", "selinux-update-reply",
    ]

    static func load(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "hex", subdirectory: "Fixtures"))
        return Hex.bytes(try String(contentsOf: url, encoding: .utf8))
    }

    static func message(_ name: String) throws -> SADBMessage { try SADBMessage(parsing: load(name)) }

    static let a = IPAddress("10.77.0.1")!
    static let b = IPAddress("10.77.0.2")!

    @Test(arguments: names)
    func decodesCleanlyAndRoundTripsExactly(name: String) throws {
        let bytes = try Self.load(name)
        let result = try SADBMessage.parse(bytes)
        #expect(result.warnings.isEmpty)
        #expect(result.message.serialize() == bytes)
    }

    @Test func registerReplyListsTheKernelsAlgorithms() throws {
        var supported = SupportedAlgorithms()
        for name in ["register-esp-reply", "register-ah-reply", "register-ipcomp-reply"] {
            let reply = try Self.message(name)
            #expect(reply.type == .register && reply.errno == 0)
            supported.record(registerReply: reply)
        }
        #expect(supported.descriptor(for: SADBEncryptionAlgorithm.aesCBC) == SADBAlgorithmDescriptor(identifier: 12, ivLength: 8, minimumBits: 128, maximumBits: 256))
        #expect(supported.descriptor(for: SADBAuthenticationAlgorithm.hmacSHA1)?.maximumBits == 160)
        #expect(throws: Never.self) { try supported.validate(SADBEncryptionAlgorithm.tripleDESCBC, keyBits: 192) }
        #expect(throws: Never.self) { try supported.validate(SADBAuthenticationAlgorithm.hmacSHA256, saType: .ah) }
        #expect(throws: UnsupportedAlgorithmError.keyLengthOutOfRange(name: "aes", bits: 512, minimum: 128, maximum: 256)) {
            try supported.validate(SADBEncryptionAlgorithm.aesCBC, keyBits: 512)
        }
        // Debian's 6.1 kernel has no AES-GCM over PF_KEY (pfkey_supported is 0 for AEADs).
        #expect(throws: UnsupportedAlgorithmError.notSupported(name: "aes_gcm_16", saType: .esp)) {
            try supported.validate(SADBEncryptionAlgorithm.aesGCM16)
        }
        #expect(UnsupportedAlgorithmError.notSupported(name: "aes_gcm_16", saType: .esp).description
            == "algorithm aes_gcm_16 not supported by the kernel (missing module?)")
        #expect(supported.authentication.keys.sorted { $0.rawValue < $1.rawValue } == [.ah, .esp, .ipcomp])
    }

    @Test func spdDumpFillsTheMirror() throws {
        var mirror = SPDMirror()
        let first = try Self.message("spddump-1")
        let last = try Self.message("spddump-2")
        #expect(first.sequence == 1 && last.sequence == 0)
        mirror.apply(first)
        mirror.apply(last)
        let outbound = try #require(mirror.policy(id: 1))
        #expect(outbound.direction == .outbound && outbound.policyType == .ipsec)
        #expect(outbound.selector == TrafficSelector(source: Self.a, sourcePrefixLength: 32, destination: Self.b, destinationPrefixLength: 32))
        #expect(outbound.requests == [SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)])
        let inbound = try #require(mirror.policy(id: 8))
        #expect(inbound.direction == .inbound)
        #expect(mirror.inboundPolicy(reversing: outbound, flowContext: nil, contextMatches: SPDMirror.sameLabel) == inbound)
    }

    @Test func acquireFromAPing() throws {
        let message = try Self.message("acquire")
        #expect(Array(try Self.load("acquire").prefix(16)) == Hex.bytes("02 06 00 03 03 02 00 00 01 00 00 00 00 00 00 00"))
        guard case .acquire(let acquire) = try KernelEvent.classify(message, ownPID: 4242) else {
            Issue.record("not classified as an ACQUIRE")
            return
        }
        #expect(acquire.sequence == 1 && acquire.saType == .esp && acquire.policyID == 1)
        #expect(acquire.source.address == Self.a && acquire.destination.address == Self.b)
        #expect(acquire.policyDirection == .outbound && acquire.securityContext == nil)
        let proposal = try #require(acquire.proposal)
        #expect(proposal.combinations.count == 56)
        #expect(proposal.combinations.contains {
            $0.encryptionAlgorithm == .aesCBC && $0.authAlgorithm == .hmacSHA1 && $0.encryptionMinimumBits == 128 && $0.encryptionMaximumBits == 256
        })
        var mirror = SPDMirror()
        #expect(throws: SPDMirrorError.noPolicyFound(id: 1)) { try mirror.outboundPolicy(for: acquire) }
        mirror.apply(try Self.message("spddump-2"))
        mirror.apply(try Self.message("spddump-1"))
        #expect(try mirror.outboundPolicy(for: acquire).id == 1)
    }

    @Test func getSPIUpdateAndAddReplies() throws {
        let getSPI = try Self.message("getspi-reply")
        #expect(getSPI.type == .getSPI && getSPI.sequence == 1)
        let sa = try #require(getSPI.securityAssociation)
        #expect(sa.state == .larval && sa.spi == 0x087a_7b38)
        #expect(getSPI.hardLifetime?.addTime == 30)
        #expect(getSPI.sourceAddress?.address == Self.b && getSPI.destinationAddress?.address == Self.a)

        let update = try Self.message("update-reply")
        #expect(update.type == .update && update.errno == 0)
        #expect(update.securityAssociation?.spi == 0x087a_7b38)
        #expect(update.securityAssociation?.encryptionAlgorithm == .aesCBC)
        #expect(update.encryptionKey?.key == KeyBytes((0x61..<0x71).map { UInt8($0) }))
        #expect(update.hardLifetime?.addTime == 3600 && update.softLifetime?.addTime == 2880)

        let add = try Self.message("add-reply")
        #expect(add.type == .add && add.securityAssociation?.encryptionAlgorithm == .tripleDESCBC)
        #expect(add.authKey?.key == KeyBytes((1...20).map { UInt8($0) }))
        #expect(try KernelEvent.classify(add, ownPID: add.pid) == .reply(add))
        #expect(try KernelEvent.classify(add, ownPID: 1) == .other(add))
    }

    @Test func expireAndFlush() throws {
        let expire = try Self.message("expire-hard")
        guard case .expire(let expiry) = try KernelEvent.classify(expire, ownPID: 4242) else {
            Issue.record("not an EXPIRE")
            return
        }
        #expect(expiry.isHard)
        #expect(expiry.sa == SAIdentity(saType: .esp, spi: 0x7777, source: Self.a, destination: Self.b))
        let flush = try Self.message("flush-reply")
        #expect(flush.type == .flush && flush.extensions.isEmpty)
        #expect(try KernelEvent.classify(flush, ownPID: flush.pid) == .reply(flush))
        #expect(try KernelEvent.classify(flush, ownPID: 1) == .foreignFlush(.esp, pid: flush.pid))
    }

    @Test func builtRequestsMatchWhatTheKernelEchoed() throws {
        // The UPDATE reply echoes the SA, SA2, addresses, keys and lifetimes the request carried.
        let echoed = try Self.message("update-reply")
        let built = SADBRequestBuilder(pid: echoed.pid).update(
            SAInstallation(
                saType: .esp, spi: 0x087a_7b38, source: Self.b, destination: Self.a, mode: .transport, reqid: 0,
                authAlgorithm: .hmacMD5, encryptionAlgorithm: .aesCBC, authKey: KeyBytes((0x41..<0x51).map { UInt8($0) }),
                encryptionKey: KeyBytes((0x61..<0x71).map { UInt8($0) }), lifetimeSeconds: 3600),
            sequence: echoed.sequence)
        #expect(built.securityAssociation?.spi == echoed.securityAssociation?.spi)
        #expect(built.securityAssociation?.authAlgorithm == echoed.securityAssociation?.authAlgorithm)
        #expect(built.authKey == echoed.authKey && built.encryptionKey == echoed.encryptionKey)
        #expect(built.hardLifetime?.addTime == echoed.hardLifetime?.addTime)
        #expect(built.softLifetime?.addTime == echoed.softLifetime?.addTime)
        #expect(built.sa2 == echoed.sa2)
    }

    @Test func softExpire() throws {
        guard case .expire(let expiry) = try KernelEvent.classify(try Self.message("expire-soft"), ownPID: 4242) else {
            Issue.record("not an EXPIRE")
            return
        }
        #expect(!expiry.isHard)
        #expect(expiry.sa.spi == 0x7777)
        #expect(try Self.message("expire-soft").securityAssociation?.state == .dying)
    }

    @Test func labeledAcquireCarriesTheFlowContext() throws {
        guard case .acquire(let acquire) = try KernelEvent.classify(try Self.message("selinux-acquire"), ownPID: 4242) else {
            Issue.record("not an ACQUIRE")
            return
        }
        let context = try #require(acquire.securityContext)
        #expect(context.algorithm == 1 && context.doi == 1)
        #expect(context.context.count == 30)
        #expect(context.label == "system_u:system_r:kernel_t:s0")
        #expect(acquire.proposal?.combinations.count == 56)
    }

    @Test func labeledPolicyDumpReportsTheLabelOneByteLonger() throws {
        var mirror = SPDMirror()
        guard case .added(let policy) = mirror.apply(try Self.message("selinux-spddump")) else {
            Issue.record("policy not mirrored")
            return
        }
        let context = try #require(policy.securityContext)
        // `ip xfrm policy … ctx` sent 33 bytes (32 + NUL); Linux 6.1 reports ctx_len 34.
        #expect(context.context.count == 34)
        #expect(context.label == "system_u:object_r:unlabeled_t:s0")
        #expect(context.hasSameLabel(as: SADBSecurityContext(label: "system_u:object_r:unlabeled_t:s0")))
    }

    @Test func labeledUpdateReply() throws {
        let reply = try Self.message("selinux-update-reply")
        #expect(reply.type == .update && reply.errno == 0)
        #expect(reply.securityContext?.label == "system_u:system_r:kernel_t:s0")
    }
}
