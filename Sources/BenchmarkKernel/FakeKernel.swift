internal import Glibc
public import PFKeyListener

/// A PF_KEY kernel that keeps no SA, like strongSwan's `fake_kernel`: GETSPI hands out the next SPI, UPDATE, ADD
/// and DELETE succeed and are echoed as Linux echoes them, SPD changes are echoed as broadcasts and the policies are
/// kept for SPDDUMP. Every SA request costs O(1) and no SA is stored, so the figures of a responder with 50k peers
/// are the engine's, not the fake's (`InMemoryKernel`, which checks what tests need, keeps everything).
///
/// Used by `raccoon --kernel=memory` and `raccoon-loadgen --respond` (docs/performance.md).
public final class FakeKernel: KernelChannel {
    public let pid: UInt32
    private var outbox = FIFOQueue<[UInt8]>()
    private var nextSPI: UInt32 = 0x0100_0000
    private var nextPolicyID: UInt32 = 8
    /// The SPD, as SADB_X_SPDADD messages, for SPDDUMP (the daemon's startup dump).
    private var policies: [SADBMessage] = []
    /// SAs installed minus SAs deleted.
    public private(set) var installedCount = 0

    /// A kernel for the PF_KEY socket of process `pid`.
    public init(pid: UInt32) {
        self.pid = pid
    }

    public func send(bytes: [UInt8]) throws(PFKeyError) {
        guard let message = try? SADBMessage(parsing: bytes) else { throw .systemCall("send", errno: EINVAL) }
        switch message.type {
        case .register:
            deliver(SADBMessage(
                type: .register, saType: message.saType, sequence: message.sequence, pid: message.pid,
                extensions: [
                    .supportedAuth(SADBSupported(algorithms: DebianKernelAlgorithms.authentication)),
                    .supportedEncrypt(SADBSupported(algorithms: DebianKernelAlgorithms.encryption)),
                ]))
        case .getSPI:
            guard let source = message.sourceAddress?.address, let destination = message.destinationAddress?.address else {
                return reply(to: message, errno: EINVAL)
            }
            var spi = nextSPI
            if let range = message.spiRange, !(range.minimum...range.maximum).contains(spi) { spi = range.minimum }
            nextSPI = nextSPI == 0x0fff_ffff ? 0x0100_0000 : nextSPI + 1
            deliver(SADBMessage(
                type: .getSPI, saType: message.saType, sequence: message.sequence, pid: message.pid,
                extensions: [
                    .securityAssociation(SADBSecurityAssociation(spi: spi, state: .larval)),
                    .sa2(SADBSA2(mode: message.sa2?.mode ?? .any, reqid: message.sa2?.reqid ?? 0)),
                    .sourceAddress(SADBAddress(host: source, upperLayerProtocol: 0)),
                    .destinationAddress(SADBAddress(host: destination, upperLayerProtocol: 0)),
                ]))
        case .update, .add:
            installedCount += 1
            echo(message)
        case .delete:
            installedCount -= 1
            echo(message)
        case .spdAdd, .spdUpdate:
            var echoed = message
            echoed.errno = 0
            if var policy = message.policy, policy.id == 0 {
                policy.id = makePolicyID(policy.direction)
                echoed.extensions = message.extensions.map { if case .policy = $0 { return .policy(policy) } else { return $0 } }
            }
            policies.append(echoed)
            deliver(echoed)
        case .spdDelete, .spdDelete2:
            if let id = message.policy?.id, id != 0 {
                policies.removeAll { $0.policy?.id == id }
            } else {
                policies.removeAll {
                    $0.policy?.direction == message.policy?.direction && $0.sourceAddress == message.sourceAddress
                        && $0.destinationAddress == message.destinationAddress
                }
            }
            echo(message)
        case .spdFlush:
            policies.removeAll()
            echo(message)
        case .flush:
            installedCount = 0
            echo(message)
        case .acquire:
            break
        case .spdDump:
            // Linux: one message per policy, sadb_msg_seq counting down to 0 on the last; ENOENT when empty.
            guard !policies.isEmpty else { return reply(to: message, errno: ENOENT) }
            for (offset, policy) in policies.enumerated() {
                var dumped = policy
                dumped.type = .spdDump
                dumped.sequence = UInt32(policies.count - 1 - offset)
                dumped.pid = message.pid
                deliver(dumped)
            }
        case .dump:
            reply(to: message, errno: ENOENT)
        default:
            reply(to: message, errno: EOPNOTSUPP)
        }
    }

    public func receiveBytes() throws(PFKeyError) -> [UInt8]? { outbox.popFirst() }

    public func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool { outbox.count > 0 }

    /// Broadcasts SADB_X_SPDADD for a policy, as `ip xfrm policy add` would (not kept for SPDDUMP: the load
    /// generator's responder learns it from the broadcast).
    public func addPolicy(direction: IPsecPolicyDirection, selector: TrafficSelector, requests: [SADBIPsecRequest]) {
        deliver(SADBMessage(
            type: .spdAdd, sequence: 0, pid: 0,
            extensions: [
                .sourceAddress(SADBAddress(
                    SADBSocketAddress(selector.source, port: selector.sourcePort), prefixLength: selector.sourcePrefixLength,
                    upperLayerProtocol: selector.upperLayerProtocol)),
                .destinationAddress(SADBAddress(
                    SADBSocketAddress(selector.destination, port: selector.destinationPort),
                    prefixLength: selector.destinationPrefixLength, upperLayerProtocol: selector.upperLayerProtocol)),
                .policy(SADBPolicy(
                    policyType: .ipsec, direction: direction, id: makePolicyID(direction), requests: requests)),
            ]))
    }

    private func makePolicyID(_ direction: IPsecPolicyDirection) -> UInt32 {
        // Linux: id = (index << 3) | direction.
        nextPolicyID += 8
        return nextPolicyID | UInt32(direction.rawValue & 7)
    }

    private func echo(_ message: SADBMessage) {
        var echoed = message
        echoed.errno = 0
        deliver(echoed)
    }

    private func reply(to request: SADBMessage, errno code: Int32) {
        deliver(SADBMessage(
            type: request.type, saType: request.saType, sequence: request.sequence, pid: request.pid,
            errno: UInt8(truncatingIfNeeded: code)))
    }

    private func deliver(_ message: SADBMessage) {
        outbox.append(message.serialize())
    }
}
