import Foundation
import PFKeyListener
import Testing

@testable import SetKeyCore

@Suite struct BuilderTests {
    let builder = SetKeyCore.SADBRequestBuilder(pid: 4242)

    @Test func seedPolicyBecomesSPDADDWithTheLabelAndItsNUL() throws {
        let statements = try SetKeyParser.parse(Array(try fixture("seed-policy-a.conf")), file: "a")
        let out = builder.requests(for: statements[0].command)
        #expect(out.count == 1)
        let message = out[0]
        #expect(message.type == .spdAdd && message.pid == 4242 && message.saType == .unspecified)
        #expect(message.policy == SADBPolicy(
            policyType: .ipsec, direction: .outbound, id: 0, priority: 0x8000_0000,
            requests: [SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)]))
        #expect(message.sourceAddress == SADBAddress(v4("10.0.0.1"), prefixLength: 32, upperLayerProtocol: 255))
        #expect(message.destinationAddress == SADBAddress(v4("10.0.0.2"), prefixLength: 32, upperLayerProtocol: 255))
        let context = try #require(message.securityContext)
        #expect(context.doi == 1 && context.algorithm == 1)
        #expect(context.context == Array("system_u:object_r:unlabeled_t:s0:c0".utf8) + [0])
        // Round trip through the codec: what goes on the wire parses back to the same message.
        #expect(try SADBMessage(parsing: message.serialize()) == message)
    }

    @Test func inboundPolicyAlsoInstallsFwdInRFCMode() throws {
        let command = try parseOne("spdadd 10.0.0.2 10.0.0.1 any -P in ipsec esp/transport//unique:7 ah/transport//unique:8;")
        let rfc = builder.requests(for: command)
        #expect(rfc.map { $0.policy?.direction } == [.inbound, .forward])
        #expect(rfc[1].policy?.requests[0].level == .require && rfc[1].policy?.requests[0].reqid == 0)
        #expect(rfc[1].policy?.requests[1].reqid == 8)
        #expect(SetKeyCore.SADBRequestBuilder(pid: 1, rfcMode: false).requests(for: command).count == 1)
    }

    @Test func addCarriesWhatSetkeySends() throws {
        let statements = try SetKeyParser.parse(Array(try fixture("seed-manual-sa.conf")), file: "sa")
        let message = try #require(builder.requests(for: statements[0].command).first)
        #expect(message.type == .add && message.saType == .esp)
        #expect(message.extensions.map(\.type) == [.keyEncrypt, .keyAuth, .securityContext, .sa, .sa2, .addressSource, .addressDestination])
        let sa = try #require(message.securityAssociation)
        #expect(sa.spi == 35590 && sa.state == .larval && sa.flags == 0x40)
        #expect(sa.encryptionAlgorithm.rawValue == 3 && sa.authAlgorithm.rawValue == 2)
        #expect(message.sa2 == SADBSA2(mode: .transport, reqid: 0))
        #expect(message.encryptionKey?.bits == 192 && message.authKey?.bits == 128)
        #expect(message.securityContext?.context.count == 33)
        #expect(try SADBMessage(parsing: message.serialize()) == message)
    }

    @Test func lifetimesSpirangeAndNATT() throws {
        let getspi = builder.requests(for: try parseOne("getspi 10.0.0.1 10.0.0.2 esp 0x2000 -lh 60 -bs 100;"))[0]
        #expect(getspi.spiRange?.minimum == 0x2000 && getspi.spiRange?.maximum == 0x2000)
        #expect(getspi.hardLifetime?.addTime == 60 && getspi.softLifetime?.bytes == 100)
        let natt = builder.requests(for: try parseOne(
            "add 10.0.0.1 10.0.0.2[4501] esp-udp 0x3000 -E aes-cbc \"0123456789abcdef\";"))[0]
        #expect(natt.natTraversalType?.encapsulation == 2)
        #expect(natt.natTraversalSourcePort?.port == 4500 && natt.natTraversalDestinationPort?.port == 4501)
    }

    @Test func deleteallKeepsOnlyMatchingSAs() {
        func entry(_ src: String, _ dst: String, spi: UInt32) -> SADBMessage {
            SADBMessage(type: .dump, saType: .esp, extensions: [
                .securityAssociation(SADBSecurityAssociation(spi: spi)),
                .sourceAddress(SADBAddress(v4(src))), .destinationAddress(SADBAddress(v4(dst))),
            ])
        }
        let deletes = builder.deleteRequests(
            matching: [entry("10.0.0.1", "10.0.0.2", spi: 1), entry("10.0.0.2", "10.0.0.1", spi: 2), entry("10.0.0.1", "10.0.0.2", spi: 3)],
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), satype: .esp)
        #expect(deletes.map { $0.securityAssociation?.spi } == [1, 3])
        #expect(deletes.allSatisfy { $0.type == .delete })
    }
}

/// A kernel stand-in: answers requests like Linux af_key (replies carry the requester's pid).
final class FakeKernel: KernelChannel {
    let pid: UInt32 = 77
    var pending: [[UInt8]] = []
    var sadb: [UInt32: SADBMessage] = [:]
    var sent: [SADBMessage] = []

    func send(bytes: [UInt8]) throws(PFKeyError) {
        guard let message = try? SADBMessage(parsing: bytes) else { return }
        sent.append(message)
        var reply = message
        switch message.type {
        case .add:
            let spi = message.securityAssociation?.spi ?? 0
            if sadb[spi] != nil {
                reply.extensions = []
                reply.errno = 17  // EEXIST
            } else {
                sadb[spi] = message
            }
        case .dump:
            if sadb.isEmpty {
                reply.errno = 2  // ENOENT
            } else {
                for (index, key) in sadb.keys.sorted().enumerated() {
                    var entry = sadb[key]!
                    entry.type = .dump
                    entry.sequence = UInt32(sadb.count - 1 - index)
                    pending.append(entry.serialize())
                }
                return
            }
        default:
            break
        }
        // Another process's broadcast first: it must be ignored.
        pending.append(SADBMessage(type: message.type, pid: 9999).serialize())
        pending.append(reply.serialize())
    }

    func receiveBytes() throws(PFKeyError) -> [UInt8]? { pending.isEmpty ? nil : pending.removeFirst() }
    func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool { !pending.isEmpty }
}

final class Captured: @unchecked Sendable {
    var standard = ""
    var error = ""
    var output: SetKeyOutput {
        SetKeyOutput(standard: { self.standard += $0 }, error: { self.error += $0 })
    }
}

@Suite struct SessionTests {
    @Test func refusalNamesTheStatementAndTheRestIsStillTried() throws {
        let kernel = FakeKernel()
        let captured = Captured()
        let session = SetKeySession(
            channel: kernel, options: SetKeyOptions(mode: .script(path: "x")), output: captured.output,
            clock: { 1_700_000_000 }, localTime: .utc, protocols: fixedProtocols, replyTimeout: .seconds(1))
        let statements = try SetKeyParser.parse(
            "add 1.1.1.1 2.2.2.2 esp 0x1000 -E null;\nadd 1.1.1.1 2.2.2.2 esp 0x1000 -E null;\n  add 1.1.1.1 2.2.2.2 esp 0x1001 -E null;",
            file: "/etc/ipsec-tools.conf")
        let failures = session.apply(statements)
        #expect(failures.count == 1)
        #expect(failures.first?.location == SourceLocation(file: "/etc/ipsec-tools.conf", line: 2, column: 1))
        #expect(captured.error.hasPrefix("setkey: /etc/ipsec-tools.conf:2:1: add: pfkey SADB_ADD failed: File exists"))
        #expect(kernel.sadb.keys.sorted() == [0x1000, 0x1001])
    }

    @Test func emptyDumpsSayNoEntries() {
        let captured = Captured()
        let session = SetKeySession(
            channel: FakeKernel(), options: SetKeyOptions(mode: .dump), output: captured.output,
            clock: { 0 }, localTime: .utc, protocols: fixedProtocols, replyTimeout: .seconds(1))
        #expect(session.run(commandLine: .dump))
        #expect(captured.standard == "No SAD entries.\n")
    }

    @Test func dumpPrintsEveryEntryUntilSequenceZero() throws {
        let kernel = FakeKernel()
        let captured = Captured()
        let session = SetKeySession(
            channel: kernel, options: SetKeyOptions(mode: .dump), output: captured.output,
            clock: { 0 }, localTime: .utc, protocols: fixedProtocols, replyTimeout: .seconds(1))
        session.apply(try SetKeyParser.parse(
            "add 1.1.1.1 2.2.2.2 esp 0x1000 -m transport -E null; add 1.1.1.1 2.2.2.3 esp 0x1001 -E null;", file: "f"))
        #expect(session.run(commandLine: .dump))
        #expect(captured.standard.components(separatedBy: "\tesp mode=").count == 3)
        #expect(captured.standard.contains("1.1.1.1 2.2.2.3 \n\tesp mode=any spi=4097(0x00001001)"))
    }
}
