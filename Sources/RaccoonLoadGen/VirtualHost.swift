internal import IKECrypto
internal import Logging
internal import PFKeyListener
internal import RaccoonCore
internal import RaccoonTestSupport
internal import SELinuxPolicy

/// One simulated initiator host: its address, an `IKEEngine` configured as a racoon initiator towards the
/// responder, and an in-memory PF_KEY kernel holding the policy pair of its one flow.
///
/// Each negotiation gets its own engine because the engine, like racoon, reuses an established phase 1 to the same
/// peer: with one engine every negotiation after the first would be a bare Quick Mode.
final class VirtualHost {
    /// The negotiation's index (its address is the net's first address + 1 + index).
    let index: Int
    let address: IPAddress
    let engine: IKEEngine
    let kernel: InMemoryKernel
    /// When the ACQUIRE was handed to the engine.
    var started: MonotonicInstant = .zero

    init(index: Int, address: IPAddress, remote: IPAddress, tunnelMode: Bool, configuration: EngineConfiguration,
         random: any RandomSource, logger: Logger) {
        self.index = index
        self.address = address
        // Distinct pids and SPI ranges only make logs readable; every host has its own kernel.
        let pid = UInt32(100_000 + index)
        kernel = InMemoryKernel(pid: pid, firstSPI: 0x100, templateMismatch: .acceptButUnusable)
        engine = IKEEngine(
            configuration: configuration, random: random, policyChecker: StaticPolicyChecker(rules: []),
            processID: pid, logger: logger)
        // The daemon registers for ESP at startup: ACQUIREs reach registered sockets only.
        EngineDriver.registerForESP(kernel)
        // The flow host/32 <-> responder/32, in tunnel mode between the two (or transport mode).
        let me = SADBSocketAddress(address)
        let peer = SADBSocketAddress(remote)
        let outbound = tunnelMode
            ? SADBIPsecRequest(ipProtocol: 50, mode: .tunnel, level: .require, tunnelSource: me, tunnelDestination: peer)
            : SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
        let inbound = tunnelMode
            ? SADBIPsecRequest(ipProtocol: 50, mode: .tunnel, level: .require, tunnelSource: peer, tunnelDestination: me)
            : SADBIPsecRequest(ipProtocol: 50, mode: .transport, level: .require)
        kernel.addPolicy(
            direction: .outbound,
            selector: TrafficSelector(
                source: address, sourcePrefixLength: 32, destination: remote, destinationPrefixLength: 32),
            requests: [outbound])
        kernel.addPolicy(
            direction: .inbound,
            selector: TrafficSelector(
                source: remote, sourcePrefixLength: 32, destination: address, destinationPrefixLength: 32),
            requests: [inbound])
    }

    /// Both SAs of the flow are installed (the inbound one by UPDATE, the outbound one by ADD).
    var isEstablished: Bool {
        var mature = 0
        for state in kernel.states where state.state == .mature { mature += 1 }
        return mature >= 2
    }
}
