internal import IKECrypto
internal import InMemoryLogging
internal import PFKeyListener
@_spi(FixedKeyHarness) public import RaccoonCore

/// The engine fuzz target's harness (`Fuzz/EngineFuzzer`, replayed by `EngineFuzzRegressionTests`): a responder
/// `IKEEngine` with an in-memory kernel, a fixed configuration (anonymous remote, Main and Aggressive Mode, a
/// pre-shared key for 10.0.0.1) and a ``ReplayableRandom``, fed one ``EngineFuzzInput`` at a time.
///
/// Two responders are kept between inputs: one before phase 1, and one that completed a fixed Main Mode and Quick
/// Mode with an initiator engine (replayed from the reference negotiation: the responder's random stream is rewound,
/// so it answers exactly as it did then). Encrypted inputs are sealed with that ISAKMP SA's keys through the
/// engine's own sealer (`sealedDatagram`, the fixed-key seam), so they reach Quick Mode and Informational parsing.
/// A responder that an input changed (a record, a timer or a kernel request) is rebuilt before the next input;
/// one that only answered is reused, which keeps an execution cheap.
///
/// `run` returns the properties the input violated: none is the only acceptable answer.
public final class EngineFuzzHarness {
    static let initiatorAddress = IPAddress("10.0.0.1")!
    static let responderAddress = IPAddress("10.0.0.2")!
    static let strangerAddress = IPAddress("10.0.0.3")!
    static let responderSeed: UInt64 = 0x5EED_0002
    /// Longer than any negotiation may last (phase 1: interval × (retries + 2) = 70 s with racoon's defaults).
    static let settleTime: Duration = .seconds(600)
    static let halfOpenLimits = (overall: 4, perPeer: 2)

    /// One responder and its world.
    final class Responder {
        let bed: EngineTestbed
        let node: EngineTestbed.Node
        let random: ReplayableRandom
        var baseline: Fingerprint

        init(bed: EngineTestbed, node: EngineTestbed.Node, random: ReplayableRandom) {
            self.bed = bed
            self.node = node
            self.random = random
            baseline = Fingerprint(node)
        }
    }

    /// What a clean responder looks like from outside.
    struct Fingerprint: Equatable {
        var counts: [Int]
        var installedSPIs: Set<UInt32>

        init(_ node: EngineTestbed.Node) {
            let engine = node.engine
            counts = [
                engine.establishedPhase1Count, engine.negotiatingPhase1Count, engine.establishedPhase2Count,
                engine.negotiatingPhase2Count, engine.halfOpenPhase1Count, engine.armedTimerCount,
                node.kernel.states.count, node.kernel.pendingMessageCount,
            ]
            installedSPIs = Set(node.kernel.installed.map(\.spi))
        }
    }

    /// The reference Main Mode + Quick Mode, every datagram in order (initiator 10.0.0.1, responder 10.0.0.2).
    public let mainModeTranscript: [Datagram]
    /// The reference Aggressive Mode + Quick Mode.
    public let aggressiveModeTranscript: [Datagram]
    private var fresh: Responder?
    private var established: Responder?

    /// What the last input did, before the clock moved (tests check that seeds reach what they are meant to).
    public struct Report: Sendable {
        /// ISAKMP SAs established at the responder.
        public var establishedPhase1: Int = 0
        /// IPsec SA pairs installed by the responder.
        public var establishedPhase2: Int = 0
        /// Quick Modes in progress at the responder.
        public var negotiatingPhase2: Int = 0
        /// Datagrams the responder sent.
        public var sent: Int = 0
        /// The responder's log entries (rendered by `log` only when asked: the fuzzer never asks).
        var logEntries: [InMemoryLogHandler.Entry] = []

        /// The responder's log lines.
        public var log: [String] { logEntries.map { "\($0.message)" } }
    }

    /// The last input's report.
    public private(set) var lastReport = Report()

    /// Runs the two reference negotiations.
    public init() {
        mainModeTranscript = Self.referenceNegotiation(mode: .main)
        aggressiveModeTranscript = Self.referenceNegotiation(mode: .aggressive)
    }

    // MARK: - Configuration

    static func proposals() -> [Phase1Proposal] {
        [
            Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp1024),
            Phase1Proposal(encryption: .aes(keyBits: 128), hash: .sha1, group: .modp1024),
        ]
    }

    static func configuration(modes: [Phase1ExchangeMode], peer: IPAddress) -> EngineConfiguration {
        EngineConfiguration(
            remotes: [RemotePolicy(address: nil, exchangeModes: modes, proposals: proposals())],
            saInfos: [
                SAInfoPolicy(lifetimeSeconds: 3600, encryption: [.aes(keyBits: 128)], authentication: [.hmacSHA1])
            ],
            preSharedKeys: PreSharedKeyTable(["\(peer)": Array("fuzz-psk".utf8)]),
            maximumHalfOpenPhase1: halfOpenLimits.overall, maximumHalfOpenPhase1PerPeer: halfOpenLimits.perPeer)
    }

    /// Adds a node with transport-mode ESP policies towards `peer` both ways.
    static func addNode(
        to bed: EngineTestbed, name: String, address: IPAddress, peer: IPAddress, modes: [Phase1ExchangeMode],
        random: ReplayableRandom, firstSPI: UInt32, pid: UInt32
    ) -> EngineTestbed.Node {
        let node = bed.addNode(
            name: name, address: address, configuration: configuration(modes: modes, peer: peer), random: random,
            firstSPI: firstSPI, pid: pid)
        let esp = SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
        let (me, them) = (address, peer)
        node.kernel.addPolicy(
            direction: .outbound,
            selector: TrafficSelector(
                source: me, sourcePrefixLength: 32, destination: them, destinationPrefixLength: 32, upperLayerProtocol: 255),
            requests: [esp])
        node.kernel.addPolicy(
            direction: .inbound,
            selector: TrafficSelector(
                source: them, sourcePrefixLength: 32, destination: me, destinationPrefixLength: 32, upperLayerProtocol: 255),
            requests: [esp])
        bed.run()
        random.rewind()
        return node
    }

    static func makeResponder() -> Responder {
        let bed = EngineTestbed()
        let random = ReplayableRandom(seed: responderSeed)
        let node = addNode(
            to: bed, name: "R", address: responderAddress, peer: initiatorAddress, modes: [.main, .aggressive],
            random: random, firstSPI: 0x0b00_0000, pid: 2)
        return Responder(bed: bed, node: node, random: random)
    }

    /// An initiator engine at 10.0.0.1 negotiates with a fresh responder; returns the wire transcript.
    static func referenceNegotiation(mode: Phase1ExchangeMode) -> [Datagram] {
        let bed = EngineTestbed()
        let initiator = addNode(
            to: bed, name: "I", address: initiatorAddress, peer: responderAddress, modes: [mode],
            random: ReplayableRandom(seed: 0x5EED_0001), firstSPI: 0x0a00_0000, pid: 1)
        let responder = addNode(
            to: bed, name: "R", address: responderAddress, peer: initiatorAddress, modes: [.main, .aggressive],
            random: ReplayableRandom(seed: responderSeed), firstSPI: 0x0b00_0000, pid: 2)
        _ = initiator.kernel.injectOutboundPacket(
            source: initiatorAddress, destination: responderAddress)
        bed.run()
        precondition(
            responder.engine.establishedPhase1Count == 1 && responder.engine.establishedPhase2Count == 1,
            "the reference \(mode) negotiation did not complete")
        return bed.network.transcript.map(\.datagram)
    }

    /// The initiator's datagrams of a transcript, in order.
    func fromInitiator(_ transcript: [Datagram]) -> [[UInt8]] {
        transcript.filter { $0.local.address == Self.initiatorAddress }.map(\.bytes)
    }

    static func endpoint(_ address: IPAddress, port: UInt16 = 500) -> Endpoint { Endpoint(address: address, port: port) }

    func freshResponder() -> Responder {
        if let fresh { return fresh }
        let responder = Self.makeResponder()
        fresh = responder
        return responder
    }

    func establishedResponder() -> Responder {
        if let established { return established }
        let responder = Self.makeResponder()
        for bytes in fromInitiator(mainModeTranscript) {
            responder.bed.network.inject(
                Datagram(local: Self.endpoint(Self.initiatorAddress), remote: Self.endpoint(Self.responderAddress), bytes: bytes))
            responder.bed.run()
        }
        let engine = responder.node.engine
        precondition(
            engine.establishedPhase1Count == 1 && engine.establishedPhase2Count == 1
                && responder.node.kernel.installed.count == 2,
            "replaying the reference Main Mode did not establish the responder")
        responder.bed.network = LoopbackNetwork()
        responder.node.log.clear()
        responder.random.rewind()
        responder.baseline = Fingerprint(responder.node)
        established = responder
        return responder
    }

    // MARK: - One input

    /// Feeds one input; returns the violated properties (empty when the engine behaved).
    public func run(_ bytes: [UInt8]) -> [String] {
        guard let input = EngineFuzzInput(bytes) else { return [] }
        let responder = input.mode == .beforePhase1 ? freshResponder() : establishedResponder()
        let node = responder.node
        let engine = node.engine
        responder.random.rewind()
        let sender: Endpoint
        switch input.sender {
        case .peer: sender = Self.endpoint(Self.initiatorAddress)
        case .peerNATPort: sender = Self.endpoint(Self.initiatorAddress, port: 4500)
        case .stranger: sender = Self.endpoint(Self.strangerAddress)
        case .portZero: sender = Self.endpoint(Self.initiatorAddress, port: 0)
        }
        var changed = false
        var delivered = 0
        for record in input.records {
            let datagramBytes: [UInt8]
            switch input.mode {
            case .beforePhase1, .rawAfterPhase1:
                datagramBytes = record
            case .encrypted, .authenticated:
                guard let message = EngineFuzzInput.protected(record),
                    let sealed = engine.sealedDatagram(
                        toPeer: Self.initiatorAddress, exchangeType: message.exchangeType, messageID: message.messageID,
                        firstPayload: message.firstPayload, plaintext: message.plaintext,
                        prependingHash: input.mode == .authenticated, random: responder.random)
                else { continue }
                datagramBytes = sealed
            }
            delivered += 1
            let datagram = Datagram(local: Self.endpoint(Self.responderAddress), remote: sender, bytes: datagramBytes)
            let effects = engine.handle(.datagram(datagram), at: responder.bed.scheduler.now)
            if effects.contains(where: { if case .send = $0 { return false } else { return true } }) { changed = true }
            responder.bed.execute(effects, on: node)
            responder.bed.run()
        }
        lastReport = Report(
            establishedPhase1: engine.establishedPhase1Count, establishedPhase2: engine.establishedPhase2Count,
            negotiatingPhase2: engine.negotiatingPhase2Count, sent: responder.bed.network.transcript.count,
            logEntries: node.log.entries)
        var violations: [String] = []
        func expect(_ condition: Bool, _ property: @autoclosure () -> String) {
            if !condition { violations.append(property()) }
        }
        let unauthenticated = input.mode == .rawAfterPhase1 || input.mode == .encrypted
        // Tables stay bounded: one datagram starts at most one negotiation, within the half-open limits.
        expect(engine.negotiatingPhase1Count <= delivered, "more phase-1 negotiations than datagrams")
        expect(engine.halfOpenPhase1Count <= Self.halfOpenLimits.overall, "half-open table over its limit")
        expect(engine.negotiatingPhase2Count <= delivered, "more Quick Modes than datagrams")
        expect(engine.establishedPhase1Count <= 1 + delivered, "more ISAKMP SAs than datagrams")
        if unauthenticated { expectSurvived(responder, "after the input", expect) }
        if changed || Fingerprint(node) != responder.baseline {
            // Whatever the input started must end by the engine's own timers and leave nothing behind.
            responder.bed.advance(by: Self.settleTime)
            expect(engine.negotiatingPhase1Count == 0, "a phase-1 negotiation outlived its timers")
            expect(engine.halfOpenPhase1Count == 0, "a half-open slot outlived its negotiation")
            expect(engine.negotiatingPhase2Count == 0, "a Quick Mode outlived its timers")
            expect(!node.kernel.states.contains { $0.origin == .getSPI && $0.state == .larval }, "a larval SA was left")
            if engine.establishedPhase1Count == 0 && engine.establishedPhase2Count == 0 {
                expect(engine.armedTimerCount == 0, "timers armed with nothing negotiated")
            }
            if unauthenticated { expectSurvived(responder, "once every timer ran", expect) }
            // Rebuilt before the next input.
            if input.mode == .beforePhase1 { fresh = nil } else { established = nil }
        } else {
            responder.bed.network = LoopbackNetwork()
            node.log.clear()
        }
        return violations
    }

    /// The established ISAKMP SA and IPsec SA pair survive unauthenticated input (RFC 2408 §5.15, RFC 2409 §5.7:
    /// only a message authenticated with SKEYID_a may delete them).
    func expectSurvived(_ responder: Responder, _ when: String, _ expect: (Bool, @autoclosure () -> String) -> Void) {
        let engine = responder.node.engine
        expect(engine.establishedPhase1Count >= 1, "the established ISAKMP SA was lost \(when)")
        expect(engine.establishedPhase2Count >= 1, "the established IPsec SAs were lost \(when)")
        expect(
            responder.baseline.installedSPIs.isSubset(of: Set(responder.node.kernel.installed.map(\.spi))),
            "an installed IPsec SA was removed \(when)")
    }
}
