internal import Logging
internal import PFKeyListener

extension EngineAdministration {
    /// `establish-sa isakmp SRC DST` and `vpn-connect`: phase 1 with `destination` from `source`.
    ///
    /// As in racoon, an ISAKMP SA that is already established between the two addresses is an error (EEXIST), one
    /// being negotiated is not, and the remote block comes from the destination address. `passive` is not consulted:
    /// racoon's admin path calls `isakmp_ph1begin_i` directly, because the administrator asked.
    func establishPhase1(from source: IPAddress, to destination: IPAddress) -> Result<String, AdminError> {
        if !context.configuration.listens(on: source) {
            return .failure(.failed("not listening on \(source): no IKE socket to negotiate from"))
        }
        let existing = context.phase1s.oldestFirst.filter {
            $0.local.address == source && $0.remote.address == destination && !$0.isDying
        }
        if let established = existing.first(where: \.isEstablished) {
            return .failure(.failed(
                "ISAKMP-SA \(established.local)-\(established.remote) spi:\(established.sa?.cookieText ?? "") is already established"))
        }
        if let negotiating = existing.first {
            return .success("phase 1 \(negotiating.local)<=>\(negotiating.remote) is already being negotiated")
        }
        guard let remotePolicy = RemoteSelection.select(for: destination, among: context.configuration.remotes) else {
            return .failure(.failed("no remote block for \(destination) and no remote anonymous"))
        }
        context.logger.info("accept a request to establish IKE-SA: \(destination) (remote \(remotePolicy.name))")
        guard let record = context.phase1.startInitiator(
            remotePolicy: remotePolicy, local: context.configuration.localEndpoint(source),
            remote: Endpoint(address: destination, port: remotePolicy.port))
        else {
            return .failure(.failed("phase 1 with \(destination) could not start (see the log)"))
        }
        return .success("initiated phase 1 \(record.local)<=>\(record.remote) (\(record.exchangeText), remote \(remotePolicy.name))")
    }

    /// `establish-sa esp … SRC DST PROTOCOL`: the Quick Mode for the outbound policy that covers the flow, started
    /// the way an ACQUIRE for that policy starts it (`negotiate`), so phase 1 comes first when there is none.
    ///
    /// racoon's admin path (`getsp_r` for the outbound and the inbound policy, then `isakmp_post_acquire`):
    /// no covering outbound policy is ENOENT, an SA pair already established for the policy and peer is EEXIST.
    func establishPhase2(
        _ name: AdminCommand.IPsecProtocolName, from source: AdminCommand.FlowEndpoint,
        to destination: AdminCommand.FlowEndpoint, upperLayer: String
    ) -> Result<String, AdminError> {
        let flow = "\(name) \(source) \(destination) \(upperLayer)"
        guard name == .esp else {
            return .failure(.failed("\(flow): Raccoon negotiates ESP only (AH is not supported)"))
        }
        guard let local = clientSelector(source, upperLayer: upperLayer),
            let remote = clientSelector(destination, upperLayer: upperLayer)
        else {
            return .failure(.badRequest("\(flow): unusable selector"))
        }
        guard let outbound = context.spd.policies.values.filter({ policy in
            policy.direction == .outbound && policy.policyType == .ipsec
                && policy.selector.contains(selector: local, to: remote)
        }).min(by: { ($0.priority, $0.id) < ($1.priority, $1.id) })
        else {
            return .failure(.failed("no outbound IPsec policy covers \(local) -> \(remote) (setkey -DP lists the SPD)"))
        }
        if outbound.securityContext != nil {
            // The SAs of a labeled policy carry the context of the flow that triggers them (the ACQUIRE's); an
            // administrator's request has no flow, so there is no context to negotiate.
            return .failure(.failed(
                "policy \(outbound.id) is labeled: its SAs carry the context of the traffic that triggers them, so they are negotiated on an ACQUIRE, not by establish-sa"))
        }
        // The IKE peer: the tunnel endpoints in tunnel mode, otherwise the hosts of the selector.
        let endpoints: (IPAddress, IPAddress)
        if let template = outbound.requests.first, template.mode == .tunnel,
            let tunnelSource = template.tunnelSource?.address,
            let tunnelDestination = template.tunnelDestination?.address
        {
            endpoints = (tunnelSource, tunnelDestination)
        } else if local.isHost, remote.isHost {
            endpoints = (local.address, remote.address)
        } else {
            return .failure(.failed(
                "policy \(outbound.id) is not a tunnel: name the two hosts, not networks, to establish its SAs"))
        }
        let (ikeSource, ikeDestination) = endpoints
        if !context.configuration.listens(on: ikeSource) {
            return .failure(.failed("not listening on \(ikeSource): no IKE socket to negotiate from"))
        }
        if let established = context.phase2s.values.first(where: {
            $0.policyID == outbound.id && $0.remote.address == ikeDestination && $0.isEstablished
        }), let negotiated = established.negotiated {
            return .failure(.failed(
                "an IPsec-SA pair for policy id:\(outbound.id) with \(ikeDestination) is already established (spi=\(spiText(negotiated.ourSPI))/\(spiText(negotiated.peerSPI)))"))
        }
        let outcome = context.quickMode.negotiate(
            outbound, source: ikeSource, destination: ikeDestination, flowContext: nil, sequence: context.makeSequence(),
            fromAcquire: false
        ) { _ in
            context.logger.info("admin: negotiating an IPsec-SA for \(ikeSource)->\(ikeDestination) by policy id:\(outbound.id)")
        }
        switch outcome {
        case .started(let record):
            guard context.phase2s[record.id] != nil else {
                return .failure(.failed("phase 1 with \(ikeDestination) could not start (see the log)"))
            }
            let waiting = if case .waitingForPhase1 = record.stage { true } else { false }
            return .success(
                "negotiating an IPsec-SA for policy id:\(outbound.id) with \(ikeDestination) ("
                    + (waiting ? "phase 1 first" : "Quick Mode started") + ")")
        case .inProgress:
            return .success("an IPsec-SA for policy id:\(outbound.id) with \(ikeDestination) is already being negotiated")
        case .passive(let remotePolicy):
            return .failure(.failed("remote \(remotePolicy.name) is passive: Raccoon does not initiate towards \(ikeDestination)"))
        case .refused(let cause):
            return .failure(.failed("cannot negotiate policy id:\(outbound.id): \(cause)"))
        }
    }

    /// The engine's selector for one side of an admin selector (ports and protocol "any" are 0).
    func clientSelector(_ endpoint: AdminCommand.FlowEndpoint, upperLayer: String) -> ClientSelector? {
        guard let protocolNumber = AdminCommand.ipProtocolNumber(upperLayer) else { return nil }
        return ClientSelector(
            address: endpoint.address, prefixLength: endpoint.prefixLength,
            upperLayerProtocol: protocolNumber == 255 ? 0 : protocolNumber, port: endpoint.port ?? 0)
    }
}
