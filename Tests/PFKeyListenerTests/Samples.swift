@testable import PFKeyListener

/// Representative values of every extension and message type, shared by the codec tests.
enum Samples {
    static let a = IPAddress("10.77.0.1")!
    static let b = IPAddress("10.77.0.2")!
    static let v6 = IPAddress("2001:db8::1")!

    static let authKey = KeyBytes((1...20).map { UInt8($0) })
    static let encKey = KeyBytes((0x21..<0x21 + 24).map { UInt8($0) })

    static let label = SADBSecurityContext(label: "system_u:system_r:kernel_t:s0")

    /// Every known extension type at least once (IPv4 and IPv6 sockaddrs, tunnel and transport requests).
    static let extensions: [(String, SADBExtension)] = [
        ("sa", .securityAssociation(
            SADBSecurityAssociation(
                spi: 0xc0ff_ee01, replayWindow: 4, state: .mature, authAlgorithm: .hmacSHA1,
                encryptionAlgorithm: .aesCBC, flags: 0x8000_0000))),
        ("lifetimeCurrent", .lifetimeCurrent(SADBLifetime(allocations: 3, bytes: 1 << 40, addTime: 1_700_000_000, useTime: 1_700_000_010))),
        ("lifetimeHard", .lifetimeHard(SADBLifetime(addTime: 28800))),
        ("lifetimeSoft", .lifetimeSoft(SADBLifetime(addTime: 23040))),
        ("sourceAddress", .sourceAddress(SADBAddress(SADBSocketAddress(a, port: 500), prefixLength: 24, upperLayerProtocol: 17))),
        ("destinationAddress", .destinationAddress(SADBAddress(host: b))),
        ("destinationAddress6", .destinationAddress(
            SADBAddress(.ipv6(v6, port: 4500, flowInfo: 0x12345, scopeID: 3), prefixLength: 64, upperLayerProtocol: 58))),
        ("proxyAddress", .proxyAddress(SADBAddress(host: v6))),
        ("authKey", .authKey(SADBKey(authKey))),
        ("encryptionKey", .encryptionKey(SADBKey(encKey))),
        ("sourceIdentity", .sourceIdentity(SADBIdentity(identityType: 2, identifier: 7, data: Array("host.example.".utf8) + [0, 0, 0]))),
        ("destinationIdentity", .destinationIdentity(SADBIdentity(identityType: 3, data: Array("user@example.org".utf8)))),
        ("sensitivity", .sensitivity(
            SADBSensitivity(protectionDomain: 1, sensitivityLevel: 2, integrityLevel: 3, sensitivityBitmap: [0xff, 1], integrityBitmap: [42]))),
        ("proposal", .proposal(
            SADBProposal(replayWindow: 32, combinations: [
                SADBCombination(authAlgorithm: .hmacSHA1, encryptionAlgorithm: .tripleDESCBC, authKeyBits: 160...160, encryptionKeyBits: 192...192,
                    softAllocations: 1, hardAllocations: 2, softBytes: 3, hardBytes: 4, softAddTime: 23040, hardAddTime: 28800, softUseTime: 5, hardUseTime: 6),
                SADBCombination(authAlgorithm: .hmacSHA256, encryptionAlgorithm: .aesCBC, flags: 1, authKeyBits: 256...256, encryptionKeyBits: 128...256),
            ]))),
        ("supportedAuth", .supportedAuth(SADBSupported(algorithms: [
            SADBAlgorithmDescriptor(identifier: 2, minimumBits: 128, maximumBits: 128),
            SADBAlgorithmDescriptor(identifier: 3, minimumBits: 160, maximumBits: 160),
        ]))),
        ("supportedEncrypt", .supportedEncrypt(SADBSupported(algorithms: [
            SADBAlgorithmDescriptor(identifier: 12, ivLength: 8, minimumBits: 128, maximumBits: 256),
        ]))),
        ("spiRange", .spiRange(SADBSPIRange(minimum: 0x100, maximum: 0xffff))),
        ("kmPrivate", .kmPrivate(SADBKMPrivate(data: [1, 2, 3, 4, 5, 6, 7, 8]))),
        ("policyTransport", .policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 9, priority: 0x8000_0000, requests: [
            SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require, reqid: 0),
            SADBIPsecRequest(ipProtocol: 108, mode: .transport, level: .use, reqid: 16385),
        ]))),
        ("policyTunnel6", .policy(SADBPolicy(policyType: .ipsec, direction: .inbound, id: 16, priority: 1, requests: [
            SADBIPsecRequest(ipProtocol: 50, mode: .tunnel, level: .unique, reqid: 7,
                tunnelSource: .ipv6(v6, port: 0, flowInfo: 0, scopeID: 0), tunnelDestination: .ipv6(IPAddress("2001:db8::2")!, port: 0, flowInfo: 0, scopeID: 0)),
        ]))),
        ("policyTunnel4", .policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 25, requests: [
            SADBIPsecRequest(ipProtocol: 50, mode: .tunnel, level: .require, reqid: 1, tunnelSource: SADBSocketAddress(a), tunnelDestination: SADBSocketAddress(b)),
        ]))),
        ("sa2", .sa2(SADBSA2(mode: .tunnel, reqid: 16384, sequence: 77))),
        ("natTraversalType", .natTraversalType(SADBNATTraversalType())),
        ("natTraversalSourcePort", .natTraversalSourcePort(SADBNATTraversalPort(port: 4500))),
        ("natTraversalDestinationPort", .natTraversalDestinationPort(SADBNATTraversalPort(port: 61000))),
        ("natTraversalOriginalAddress", .natTraversalOriginalAddress(SADBAddress(host: IPAddress("192.168.1.10")!))),
        ("securityContext", .securityContext(label)),
        ("securityContextLong", .securityContext(SADBSecurityContext(label: String(repeating: "c", count: 4095)))),
        ("kmAddress4", .kmAddress(SADBKMAddress(local: SADBSocketAddress(a, port: 500), remote: SADBSocketAddress(b, port: 500)))),
        ("kmAddress6", .kmAddress(SADBKMAddress(local: SADBSocketAddress(v6), remote: SADBSocketAddress(v6, port: 4500)))),
        ("filter", .filter(SADBFilter(source: a, sourcePrefixLength: 24, destination: b, destinationPrefixLength: 32))),
        ("unknown", .unknown(type: 200, body: [9, 9, 9, 9])),
    ]

    /// One message per message type, with the extensions the kernel or racoon put in it.
    static var messages: [(String, SADBMessage)] {
        let src = SADBExtension.sourceAddress(SADBAddress(host: a, upperLayerProtocol: 0))
        let dst = SADBExtension.destinationAddress(SADBAddress(host: b, upperLayerProtocol: 0))
        let sa = SADBExtension.securityAssociation(SADBSecurityAssociation(spi: 0x1234, replayWindow: 4, authAlgorithm: .hmacSHA1, encryptionAlgorithm: .aesCBC))
        let policy = SADBExtension.policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 1, requests: [
            SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)]))
        return [
            ("getSPI", SADBMessage(type: .getSPI, saType: .esp, sequence: 1, pid: 100, extensions: [src, dst, .sa2(SADBSA2(mode: .transport, reqid: 0)), .spiRange(SADBSPIRange(minimum: 0x100, maximum: 0xffff))])),
            ("update", SADBMessage(type: .update, saType: .esp, sequence: 2, pid: 100, extensions: [sa, src, dst, .authKey(SADBKey(authKey)), .encryptionKey(SADBKey(encKey)), .sa2(SADBSA2(mode: .transport, reqid: 0)), .lifetimeHard(SADBLifetime(addTime: 3600)), .lifetimeSoft(SADBLifetime(addTime: 2880)), .securityContext(label)])),
            ("add", SADBMessage(type: .add, saType: .esp, sequence: 3, pid: 100, extensions: [sa, src, dst, .natTraversalType(SADBNATTraversalType()), .natTraversalSourcePort(SADBNATTraversalPort(port: 4500)), .natTraversalDestinationPort(SADBNATTraversalPort(port: 4500))])),
            ("delete", SADBMessage(type: .delete, saType: .ah, sequence: 4, pid: 100, extensions: [sa, src, dst])),
            ("get", SADBMessage(type: .get, saType: .esp, sequence: 5, pid: 100, extensions: [sa, src, dst])),
            ("acquire", SADBMessage(type: .acquire, saType: .esp, sequence: 6, extensions: [src, dst, policy, .proposal(SADBProposal(replayWindow: 32, combinations: [])), .securityContext(label)])),
            ("acquireErrno", SADBMessage(type: .acquire, sequence: 6, pid: 100, errno: 2)),
            ("register", SADBMessage(type: .register, saType: .ipcomp, sequence: 7, pid: 100)),
            ("expire", SADBMessage(type: .expire, saType: .esp, extensions: [sa, .lifetimeCurrent(SADBLifetime(addTime: 5)), .lifetimeSoft(SADBLifetime(addTime: 4)), src, dst])),
            ("flush", SADBMessage(type: .flush, saType: .unspecified, sequence: 9, pid: 100)),
            ("dump", SADBMessage(type: .dump, saType: .esp, sequence: 10, pid: 100)),
            ("promisc", SADBMessage(type: .promisc, sequence: 11, pid: 100)),
            ("pchange", SADBMessage(type: .pchange, sequence: 12)),
            ("spdUpdate", SADBMessage(type: .spdUpdate, sequence: 13, pid: 100, extensions: [src, dst, policy])),
            ("spdAdd", SADBMessage(type: .spdAdd, sequence: 14, extensions: [.lifetimeHard(SADBLifetime()), src, dst, policy, .securityContext(label)])),
            ("spdDelete", SADBMessage(type: .spdDelete, sequence: 15, extensions: [src, dst, policy])),
            ("spdGet", SADBMessage(type: .spdGet, sequence: 16, extensions: [policy])),
            ("spdAcquire", SADBMessage(type: .spdAcquire, sequence: 17, extensions: [policy])),
            ("spdDump", SADBMessage(type: .spdDump, sequence: 18, pid: 100)),
            ("spdFlush", SADBMessage(type: .spdFlush, sequence: 19)),
            ("spdSetIndex", SADBMessage(type: .spdSetIndex, sequence: 20, extensions: [src, dst])),
            ("spdExpire", SADBMessage(type: .spdExpire, sequence: 21, extensions: [src, dst, policy])),
            ("spdDelete2", SADBMessage(type: .spdDelete2, sequence: 22, extensions: [policy])),
            ("natTraversalNewMapping", SADBMessage(type: .natTraversalNewMapping, saType: .esp, extensions: [sa, src, .natTraversalSourcePort(SADBNATTraversalPort(port: 4501)), dst, .natTraversalDestinationPort(SADBNATTraversalPort(port: 4500))])),
            ("migrate", SADBMessage(type: .migrate, extensions: [.kmAddress(SADBKMAddress(local: SADBSocketAddress(a), remote: SADBSocketAddress(b))), src, dst, policy])),
            ("unknownType", SADBMessage(type: .unknown(99), extensions: [.unknown(type: 77, body: [1, 2, 3, 4])])),
        ]
    }
}

/// Hex helpers for literal golden bytes.
enum Hex {
    static func bytes(_ text: String) -> [UInt8] {
        let digits = text.filter { $0.isHexDigit }
        var result: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            result.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func string(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
