import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import SELinuxPolicy
import Testing

/// Two hosts, A = 10.0.0.1 and B = 10.0.0.2, with transport-mode ESP policies both ways and a shared PSK.
struct HostPair {
    let bed: EngineTestbed
    var a: EngineTestbed.Node { bed.nodes[0] }
    var b: EngineTestbed.Node { bed.nodes[1] }

    static let addressA = IPAddress("10.0.0.1")!
    static let addressB = IPAddress("10.0.0.2")!

    /// The remote block both sides use, with racoon's defaults unless overridden.
    static func remote(
        _ proposals: [Phase1Proposal] = [Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024)],
        modes: [Phase1ExchangeMode] = [.main], check: ProposalCheckRule = .strict, initialContact: Bool = true,
        dpdDelay: Int = 0
    ) -> RemotePolicy {
        RemotePolicy(
            address: nil, exchangeModes: modes, proposals: proposals, proposalCheck: check,
            initialContact: initialContact, dpdDelay: dpdDelay)
    }

    /// The anonymous sainfo both sides use.
    static func saInfo(
        encryption: [ESPEncryption] = [.aes(keyBits: 128)], authentication: [ESPAuthentication] = [.hmacSHA1],
        pfs: DiffieHellmanGroupID? = nil, lifetime: UInt32 = 3600
    ) -> SAInfoPolicy {
        SAInfoPolicy(pfsGroup: pfs, lifetimeSeconds: lifetime, encryption: encryption, authentication: authentication)
    }

    static func configuration(
        remote: RemotePolicy = HostPair.remote(), saInfo: SAInfoPolicy = HostPair.saInfo(), psk: String = "s3cret",
        peer: IPAddress, retransmission: RetransmissionPolicy = .racoonDefault,
        halfOpen: (Int, Int) = (1024, 256)
    ) -> EngineConfiguration {
        EngineConfiguration(
            remotes: [remote], saInfos: [saInfo], retransmission: retransmission,
            preSharedKeys: PreSharedKeyTable(["\(peer)": Array(psk.utf8)]), maximumHalfOpenPhase1: halfOpen.0,
            maximumHalfOpenPhase1PerPeer: halfOpen.1)
    }

    /// Builds the pair; `configureA`/`configureB` default to identical configurations.
    init(
        a configurationA: EngineConfiguration? = nil, b configurationB: EngineConfiguration? = nil, seed: UInt64 = 1,
        checker: any SecurityPolicyChecker = StaticPolicyChecker(rules: []), labels: SADBSecurityContext? = nil,
        protocols: [UInt8] = [255], labelsB: SADBSecurityContext?? = nil, traceLogging: Bool = false
    ) {
        let bed = EngineTestbed(traceLogging: traceLogging)
        let a = bed.addNode(
            name: "A", address: Self.addressA, configuration: configurationA ?? Self.configuration(peer: Self.addressB),
            random: SeededRandom(seed: seed), policyChecker: checker, firstSPI: 0x0a00_0000, pid: 1001)
        let b = bed.addNode(
            name: "B", address: Self.addressB, configuration: configurationB ?? Self.configuration(peer: Self.addressA),
            random: SeededRandom(seed: seed &+ 1000), policyChecker: checker, firstSPI: 0x0b00_0000, pid: 1002)
        for (node, me, peer) in [(a, Self.addressA, Self.addressB), (b, Self.addressB, Self.addressA)] {
            let label = node === b ? (labelsB ?? labels) : labels
            for (index, proto) in protocols.enumerated() {
                // Several flows get their own SAs only with distinct reqids (`unique`), as on Linux.
                let esp = protocols.count == 1
                    ? SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
                    : SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .unique, reqid: UInt32(100 + index))
                node.kernel.addPolicy(
                    direction: .outbound,
                    selector: TrafficSelector(
                        source: me, sourcePrefixLength: 32, destination: peer,
                        destinationPrefixLength: 32, upperLayerProtocol: proto),
                    requests: [esp], securityContext: label)
                node.kernel.addPolicy(
                    direction: .inbound,
                    selector: TrafficSelector(
                        source: peer, sourcePrefixLength: 32, destination: me,
                        destinationPrefixLength: 32, upperLayerProtocol: proto),
                    requests: [esp], securityContext: label)
            }
        }
        bed.run()
        self.bed = bed
    }

    /// A ping from A to B: the kernel queues an ACQUIRE.
    @discardableResult
    func pingFromA(context: SADBSecurityContext? = nil, upperLayerProtocol: UInt8 = 1) -> PacketOutcome {
        a.kernel.injectOutboundPacket(
            source: Self.addressA, destination: Self.addressB,
            upperLayerProtocol: upperLayerProtocol, flowContext: context)
    }

    /// A ping from B to A.
    @discardableResult
    func pingFromB() -> PacketOutcome {
        b.kernel.injectOutboundPacket(source: Self.addressB, destination: Self.addressA)
    }

    /// Asserts that both kernels hold one mature SA per direction, mirrored: same SPI, addresses, algorithms and
    /// keys on the sending and the receiving side.
    func expectMirroredSAs(count: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) {
        let installedA = a.kernel.keyed
        let installedB = b.kernel.keyed
        #expect(installedA.count == count, "A holds \(installedA.count) SAs", sourceLocation: sourceLocation)
        #expect(installedB.count == count, "B holds \(installedB.count) SAs", sourceLocation: sourceLocation)
        for sa in installedA {
            let twin = installedB.first { $0.spi == sa.spi && $0.destination == sa.destination }
            #expect(twin != nil, "no twin for A's SA \(sa.spi)", sourceLocation: sourceLocation)
            guard let twin else { continue }
            #expect(twin.source == sa.source, sourceLocation: sourceLocation)
            #expect(twin.encryptionAlgorithm == sa.encryptionAlgorithm, sourceLocation: sourceLocation)
            #expect(twin.authAlgorithm == sa.authAlgorithm, sourceLocation: sourceLocation)
            #expect(twin.encryptionKey == sa.encryptionKey, "encryption keys differ", sourceLocation: sourceLocation)
            #expect(twin.authKey == sa.authKey, "authentication keys differ", sourceLocation: sourceLocation)
            #expect(twin.mode == sa.mode, sourceLocation: sourceLocation)
            #expect(twin.securityContext == sa.securityContext, sourceLocation: sourceLocation)
            #expect(twin.hardLifetime == sa.hardLifetime, sourceLocation: sourceLocation)
            #expect(sa.matchesPolicyTemplate, sourceLocation: sourceLocation)
        }
        let outboundA = installedA.filter { $0.source == Self.addressA }
        let inboundA = installedA.filter { $0.destination == Self.addressA }
        #expect(outboundA.count == count / 2 && inboundA.count == count / 2, sourceLocation: sourceLocation)
    }
}
