public import PFKeyListener

/// Prints a PF_KEY message field by field, as libipsec's `kdebug_sadb()` does for `setkey -x` and `-v`.
///
/// One difference: kdebug_sadb stops at extensions it does not know (it prints "invalid ext_type 24" for a
/// security context); this prints SADB_X_EXT_SEC_CTX, and skips other unknown extensions with a line naming them.
public struct KernelDebugFormatter: Sendable {
    /// Creates a formatter.
    public init() {}

    /// The whole message.
    public func format(_ message: SADBMessage, length: Int) -> String {
        var out = "sadb_msg{ version=2 type=\(message.type.rawValue) errno=\(message.errno) satype=\(message.saType.rawValue)\n"
        out += "  len=\(length / 8) reserved=\(message.reserved) seq=\(message.sequence) pid=\(message.pid)\n"
        for ext in message.extensions {
            out += "sadb_ext{ len=\(wordLength(ext)) type=\(ext.type.rawValue) }\n"
            out += body(ext)
        }
        return out
    }

    private func wordLength(_ ext: SADBExtension) -> Int {
        let message = SADBMessage(type: .dump, extensions: [ext])
        return message.serialize().count / 8 - 2
    }

    private func body(_ ext: SADBExtension) -> String {
        switch ext {
        case .securityAssociation(let sa):
            return "sadb_sa{ spi=\(sa.spi) replay=\(sa.replayWindow) state=\(sa.state.rawValue)\n"
                + "  auth=\(sa.authAlgorithm.rawValue) encrypt=\(sa.encryptionAlgorithm.rawValue) flags=0x\(CFormat.hex(sa.flags, width: 8)) }\n"
        case .lifetimeCurrent(let lifetime), .lifetimeHard(let lifetime), .lifetimeSoft(let lifetime):
            return "sadb_lifetime{ alloc=\(lifetime.allocations), bytes=\(UInt32(truncatingIfNeeded: lifetime.bytes))\n"
                + "  addtime=\(UInt32(truncatingIfNeeded: lifetime.addTime)), usetime=\(UInt32(truncatingIfNeeded: lifetime.useTime)) }\n"
        case .sourceAddress(let address), .destinationAddress(let address), .proxyAddress(let address),
            .natTraversalOriginalAddress(let address):
            return "sadb_address{ proto=\(address.upperLayerProtocol) prefixlen=\(address.prefixLength) reserved=0x0000 }\n"
                + sockaddr(address.socketAddress)
        case .authKey(let key), .encryptionKey(let key):
            let bytes = key.key.withUnsafeBytes { Array($0.prefix(Int(key.bits) / 8)) }
            return "sadb_key{ bits=\(key.bits) reserved=0\n  key=\(CFormat.hexdump(bytes)) }\n"
        case .sourceIdentity(let identity), .destinationIdentity(let identity):
            let side = ext.type == .identitySource ? "src" : "dst"
            var text = "sadb_ident_\(side){ type=\(identity.identityType) id=\(identity.identifier)"
            if !identity.data.isEmpty {
                text += "\n  str=\""
                for byte in identity.data.prefix(while: { $0 != 0 }) {
                    if byte >= 0x20 && byte < 0x7F {
                        text += String(Character(Unicode.Scalar(byte)))
                    } else {
                        let octal = String(byte, radix: 8)
                        text += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
                    }
                }
                text += "\""
            }
            return text + " }\n"
        case .proposal(let proposal):
            var text = "sadb_prop{ replay=\(proposal.replayWindow)\n"
            for comb in proposal.combinations {
                text += "sadb_comb{ auth=\(comb.authAlgorithm.rawValue) encrypt=\(comb.encryptionAlgorithm.rawValue) "
                text += "flags=0x\(CFormat.hex(comb.flags, width: 4)) reserved=0x00000000\n"
                text += "  auth_minbits=\(comb.authMinimumBits) auth_maxbits=\(comb.authMaximumBits) "
                text += "encrypt_minbits=\(comb.encryptionMinimumBits) encrypt_maxbits=\(comb.encryptionMaximumBits)\n"
                text += "  soft_alloc=\(comb.softAllocations) hard_alloc=\(comb.hardAllocations) "
                text += "soft_bytes=\(comb.softBytes) hard_bytes=\(comb.hardBytes)\n"
                text += "  soft_alloc=\(comb.softAddTime) hard_alloc=\(comb.hardAddTime) "
                text += "soft_bytes=\(comb.softUseTime) hard_bytes=\(comb.hardUseTime) }\n"
            }
            return text + "}\n"
        case .supportedAuth(let supported), .supportedEncrypt(let supported):
            var text = "sadb_sup{\n"
            for alg in supported.algorithms {
                text += "  { id=\(alg.identifier) ivlen=\(alg.ivLength) min=\(alg.minimumBits) max=\(alg.maximumBits) }\n"
            }
            return text + "}\n"
        case .policy(let policy):
            var text = "sadb_x_policy{ type=\(policy.policyType.rawValue) dir=\(policy.direction.rawValue) "
            text += "id=\(String(policy.id, radix: 16)) priority=\(policy.priority) }\n"
            guard policy.policyType == .ipsec else { return text }
            for request in policy.requests {
                let length = 16 + (request.tunnelSource.map(socketLength) ?? 0) + (request.tunnelDestination.map(socketLength) ?? 0)
                text += " { len=\(length) proto=\(request.ipProtocol) mode=\(request.mode.rawValue) "
                text += "level=\(request.level.rawValue) reqid=\(request.reqid)\n"
                if let source = request.tunnelSource, let destination = request.tunnelDestination {
                    text += sockaddr(source) + sockaddr(destination)
                }
                text += " }\n"
            }
            return text
        case .sa2(let sa2):
            return "sadb_x_sa2{ mode=\(sa2.mode.rawValue) reqid=\(sa2.reqid)\n"
                + "  reserved1=0 reserved2=0 sequence=\(sa2.sequence) }\n"
        case .natTraversalType(let type):
            return "sadb_x_nat_t_type{ type=\(type.encapsulation) }\n"
        case .natTraversalSourcePort(let port), .natTraversalDestinationPort(let port):
            return "sadb_x_nat_t_port{ port=\(port.port) }\n"
        case .securityContext(let context):
            return "sadb_x_sec_ctx{ alg=\(context.algorithm) doi=\(context.doi) len=\(context.context.count)\n"
                + "  ctx=\"\(CFormat.cString(context.context))\" }\n"
        case .kmAddress(let km):
            return "sadb_x_kmaddress{ reserved=0x00000000 }\n" + sockaddr(km.local) + sockaddr(km.remote)
        case .sensitivity, .spiRange, .kmPrivate:
            return ""
        case .filter, .unknown:
            return "kdebug_sadb: extension type \(ext.type.rawValue) not decoded.\n"
        }
    }

    private func socketLength(_ socket: SADBSocketAddress) -> Int {
        switch socket {
        case .ipv4: return 16
        case .ipv6: return 28
        case .other(_, let bytes): return 2 + bytes.count
        }
    }

    private func sockaddr(_ socket: SADBSocketAddress) -> String {
        switch socket {
        case .ipv4(let host, let port):
            return "sockaddr{ len=16 family=2 port=\(port)\n\(CFormat.hexdump(host.bytes))  }\n"
        case .ipv6(let host, let port, let flow, let scope):
            return "sockaddr{ len=28 family=10 port=\(port)\n"
                + "  flowinfo=0x\(CFormat.hex(flow, width: 8)), scope_id=0x\(CFormat.hex(scope, width: 8))\n"
                + "\(CFormat.hexdump(host.bytes))  }\n"
        case .other(let family, let bytes):
            return "sockaddr{ len=\(bytes.count + 2) family=\(family)  }\n"
        }
    }
}
