import Foundation
import PFKeyListener
import Testing

@testable import SetKeyCore

let fixedProtocols = ProtocolDatabase(
    byName: { ["tcp": 6, "udp": 17, "icmp": 1, "ipv6-icmp": 58, "gre": 47][$0] },
    byNumber: { [6: "tcp", 17: "udp", 1: "icmp", 58: "ipv6-icmp", 47: "gre"][$0] })

func utcFormatter(now: UInt64, withPorts: Bool = false) -> DumpFormatter {
    DumpFormatter(withPorts: withPorts, now: now, localTime: .utc, protocols: fixedProtocols)
}

func v4(_ text: String, port: UInt16 = 0) -> SADBSocketAddress { .ipv4(IPAddress(text)!, port: port) }

@Suite struct SADumpFormatTests {
    /// A SADB_DUMP reply built with the codec, with the values a Linux 6.1 kernel reports for the seed's
    /// first manual SA (the kernel's ctx_len counts one more byte than setkey sent).
    static func seedSA() -> SADBMessage {
        SADBMessage(
            type: .dump, saType: .esp, sequence: 1, pid: 0,
            extensions: [
                .securityAssociation(
                    SADBSecurityAssociation(
                        spi: 35590, replayWindow: 0, state: .mature, authAlgorithm: .init(rawValue: 2),
                        encryptionAlgorithm: .init(rawValue: 3), flags: 0)),
                .lifetimeHard(SADBLifetime()), .lifetimeSoft(SADBLifetime()),
                .lifetimeCurrent(SADBLifetime(allocations: 0, bytes: 0, addTime: 1_700_000_000, useTime: 0)),
                .sourceAddress(SADBAddress(v4("10.0.0.1"), prefixLength: 32, upperLayerProtocol: 255)),
                .destinationAddress(SADBAddress(v4("10.0.0.2"), prefixLength: 32, upperLayerProtocol: 255)),
                .authKey(SADBKey(KeyBytes(Array("IPSETEST89ABCDEF".utf8)))),
                .encryptionKey(SADBKey(KeyBytes(Array("06183223c23a21e8b36c566b".utf8)))),
                .sa2(SADBSA2(mode: .transport, reqid: 0)),
                .securityContext(
                    SADBSecurityContext(algorithm: 1, doi: 1, context: Array("system_u:object_r:unlabeled_t:s0".utf8) + [0, 0])),
            ])
    }

    @Test func labeledESPEntryFieldForField() {
        let text = utcFormatter(now: 1_700_000_057).formatSecurityAssociation(Self.seedSA())
        let expected = """
            10.0.0.1 10.0.0.2 
            \tesp mode=transport spi=35590(0x00008b06) reqid=0(0x00000000)
            \tE: 3des-cbc  30363138 33323233 63323361 32316538 62333663 35363662
            \tA: hmac-md5  49505345 54455354 38394142 43444546
            \tseq=0x00000000 replay=0 flags=0x00000000 state=mature 
            \tcreated: Nov 14 22:13:20 2023\tcurrent: Nov 14 22:14:17 2023
            \tdiff: 57(s)\thard: 0(s)\tsoft: 0(s)
            \tlast:                     \thard: 0(s)\tsoft: 0(s)
            \tcurrent: 0(bytes)\thard: 0(bytes)\tsoft: 0(bytes)
            \tallocated: 0\thard: 0\tsoft: 0
            \tsecurity context doi: 1
            \tsecurity context algorithm: 1
            \tsecurity context length: 34
            \tsecurity context: system_u:object_r:unlabeled_t:s0
            \tsadb_seq=1 pid=0 refcnt=0

            """
        #expect(text == expected)
    }

    @Test func longKeysWrapEvery32BytesAndPortsAndNATT() {
        var message = Self.seedSA()
        message.extensions = message.extensions.filter { $0.type != .securityContext && $0.type != .keyAuth }
        message.extensions = message.extensions.map {
            if case .encryptionKey = $0 { return .encryptionKey(SADBKey(KeyBytes([UInt8](0..<36)))) }
            return $0
        }
        message.extensions.append(.natTraversalType(SADBNATTraversalType()))
        message.extensions.append(.natTraversalSourcePort(SADBNATTraversalPort(port: 4500)))
        message.extensions.append(.natTraversalDestinationPort(SADBNATTraversalPort(port: 4501)))
        let text = utcFormatter(now: 1_700_000_057, withPorts: true).formatSecurityAssociation(message)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "10.0.0.1[0][4500] 10.0.0.2[0][4501] ")
        #expect(lines[1] == "\tesp-udp mode=transport spi=35590(0x00008b06) reqid=0(0x00000000)")
        #expect(lines[2] == "\tE: 3des-cbc  00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f")
        #expect(lines[3] == " 20212223")
    }

    @Test func ipcompLineHasNoNewlineAsInSetkey() {
        let message = SADBMessage(
            type: .dump, saType: .ipcomp, sequence: 0, pid: 7,
            extensions: [
                .securityAssociation(SADBSecurityAssociation(spi: 0x4000, state: .mature, encryptionAlgorithm: .init(rawValue: 2))),
                .sourceAddress(SADBAddress(v4("1.1.1.1"))), .destinationAddress(SADBAddress(v4("2.2.2.2"))),
                .sa2(SADBSA2(mode: .any, reqid: 3)),
            ])
        #expect(
            utcFormatter(now: 0).formatSecurityAssociation(message)
                == "1.1.1.1 2.2.2.2 \n\tipcomp mode=any spi=16384(0x00004000) reqid=3(0x00000003)\n"
                + "\tC: deflate \tseq=0x00000000 replay=0 flags=0x00000000 state=mature \n\tsadb_seq=0 pid=7 refcnt=0\n")
    }

    @Test func missingExtensionsAreNamed() {
        let message = SADBMessage(type: .dump, saType: .esp, extensions: [.sourceAddress(SADBAddress(v4("1.1.1.1")))])
        #expect(utcFormatter(now: 0).formatSecurityAssociation(message) == "1.1.1.1  no ADDRESS_DST extension.\n")
    }
}

@Suite struct SPDumpFormatTests {
    static func seedPolicy(id: UInt32 = 1, priority: UInt32 = 0x8000_0000, requests: [SADBIPsecRequest]? = nil) -> SADBMessage {
        SADBMessage(
            type: .spdDump, saType: .unspecified, sequence: 0, pid: 0,
            extensions: [
                .lifetimeHard(SADBLifetime()), .lifetimeSoft(SADBLifetime()),
                .lifetimeCurrent(SADBLifetime(addTime: 1_700_000_000)),
                .sourceAddress(SADBAddress(v4("10.0.0.1"), prefixLength: 32, upperLayerProtocol: 255)),
                .destinationAddress(SADBAddress(v4("10.0.0.2"), prefixLength: 32, upperLayerProtocol: 255)),
                .policy(
                    SADBPolicy(
                        policyType: .ipsec, direction: .outbound, id: id, priority: priority,
                        requests: requests ?? [SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)])),
                .securityContext(
                    SADBSecurityContext(algorithm: 1, doi: 1, context: Array("system_u:object_r:unlabeled_t:s0:c0".utf8) + [0, 0])),
            ])
    }

    @Test func labeledPolicyFieldForField() {
        let expected = """
            10.0.0.1[any] 10.0.0.2[any] 255
            \tout prio def ipsec
            \tesp/transport//require
            \tcreated: Nov 14 22:13:20 2023  lastused:                     
            \tlifetime: 0(s) validtime: 0(s)
            \tsecurity context doi: 1
            \tsecurity context algorithm: 1
            \tsecurity context length: 37
            \tsecurity context: system_u:object_r:unlabeled_t:s0:c0
            \tspid=1 seq=0 pid=0
            \trefcnt=0

            """
        #expect(utcFormatter(now: 1_700_000_100).formatPolicy(Self.seedPolicy()) == expected)
    }

    static let priorityCases: [(UInt32, String)] = [
        (0, "out ipsec"),
        (0x8000_0000, "out prio def ipsec"),
        (0x8000_0000 - 10, "out prio def + 10 ipsec"),
        (0x8000_0000 + 10, "out prio def - 10 ipsec"),
        (0x4000_0000, "out prio high ipsec"),
        (0x4000_0000 - 5, "out prio high + 5 ipsec"),
        (0xC000_0000 + 3, "out prio low - 3 ipsec"),
    ]

    @Test(arguments: priorityCases)
    func priorities(priority: UInt32, line: String) {
        let text = utcFormatter(now: 0).formatPolicy(Self.seedPolicy(priority: priority))
        #expect(text.split(separator: "\n")[1] == "\t" + line)
    }

    @Test func tunnelRequestsAndReqids() {
        let requests = [
            SADBIPsecRequest(ipProtocol: 50, mode: .tunnel, level: .unique, reqid: 42,
                             tunnelSource: v4("192.168.0.1", port: 4500), tunnelDestination: v4("192.168.1.2", port: 30000)),
            SADBIPsecRequest(ipProtocol: 51, mode: .transport, level: .unique, reqid: 16385),
            SADBIPsecRequest(ipProtocol: 108, mode: .transport, level: .use),
        ]
        let lines = utcFormatter(now: 0).formatPolicy(Self.seedPolicy(requests: requests)).split(separator: "\n")
        #expect(lines[2] == "\tesp/tunnel/192.168.0.1-192.168.1.2/unique:42")
        #expect(lines[3] == "\tah/transport//unique#16385")
        #expect(lines[4] == "\tipcomp/transport//use")
        let withPorts = utcFormatter(now: 0, withPorts: true).formatPolicy(Self.seedPolicy(requests: requests))
        #expect(withPorts.contains("\tesp/tunnel/192.168.0.1[4500]-192.168.1.2[30000]/unique:42\n"))
    }

    @Test func selectorsWithPrefixPortsAndICMP() {
        let tcp = SADBMessage(
            type: .spdDump,
            extensions: [
                .sourceAddress(SADBAddress(v4("10.0.11.0", port: 21), prefixLength: 24, upperLayerProtocol: 6)),
                .destinationAddress(SADBAddress(v4("10.0.12.0"), prefixLength: 24, upperLayerProtocol: 6)),
                .policy(SADBPolicy(policyType: .discard, direction: .inbound, id: 8, priority: 0)),
            ])
        #expect(utcFormatter(now: 0).formatPolicy(tcp) == "10.0.11.0/24[21] 10.0.12.0/24[any] tcp\n\tin discard\n\tspid=8 seq=0 pid=0\n\trefcnt=0\n")
        let any6 = IPAddress("::")!
        let icmp = SADBMessage(
            type: .spdDump,
            extensions: [
                .sourceAddress(SADBAddress(.ipv6(any6, port: 135, flowInfo: 0, scopeID: 0), prefixLength: 0, upperLayerProtocol: 58)),
                .destinationAddress(SADBAddress(.ipv6(any6, port: 0, flowInfo: 0, scopeID: 0), prefixLength: 0, upperLayerProtocol: 58)),
                .policy(SADBPolicy(policyType: .none, direction: .inbound, id: 16, priority: 0x8000_0000)),
            ])
        #expect(utcFormatter(now: 0).formatPolicy(icmp).hasPrefix("::/0 ::/0 ipv6-icmp 135,0\n\tin prio def none\n"))
    }

    @Test func perSocketPolicies() {
        #expect(utcFormatter(now: 0).formatPolicy(Self.seedPolicy(id: 4)).hasPrefix("(per-socket policy) \n\tout prio def ipsec\n"))
    }
}

@Suite struct KernelDebugFormatTests {
    @Test func acquireWithLabelAndPolicy() {
        let message = SADBMessage(
            type: .acquire, saType: .esp, sequence: 3, pid: 0,
            extensions: [
                .sourceAddress(SADBAddress(v4("10.0.0.1"), prefixLength: 32, upperLayerProtocol: 0)),
                .policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 17, priority: 0x8000_0000,
                                   requests: [SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)])),
                .securityContext(SADBSecurityContext(algorithm: 1, doi: 1, context: Array("system_u:system_r:kernel_t:s0".utf8) + [0])),
            ])
        let text = KernelDebugFormatter().format(message, length: message.serialize().count)
        #expect(text == """
            sadb_msg{ version=2 type=6 errno=0 satype=3
              len=14 reserved=0 seq=3 pid=0
            sadb_ext{ len=3 type=5 }
            sadb_address{ proto=0 prefixlen=32 reserved=0x0000 }
            sockaddr{ len=16 family=2 port=0
             0a000001  }
            sadb_ext{ len=4 type=18 }
            sadb_x_policy{ type=2 dir=2 id=11 priority=2147483648 }
             { len=16 proto=50 mode=1 level=2 reqid=0
             }
            sadb_ext{ len=5 type=24 }
            sadb_x_sec_ctx{ alg=1 doi=1 len=30
              ctx="system_u:system_r:kernel_t:s0" }

            """)
    }
}
