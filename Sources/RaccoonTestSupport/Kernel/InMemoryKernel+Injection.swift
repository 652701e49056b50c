public import PFKeyListener

// What a test does to the kernel from "outside" the daemon: ip xfrm policy, traffic, timers, setkey.

extension InMemoryKernel {
    /// Adds a policy as `ip xfrm policy add` would (id assigned by the kernel) and broadcasts SADB_X_SPDADD.
    @discardableResult
    public func addPolicy(
        direction: IPsecPolicyDirection, selector: TrafficSelector, requests: [SADBIPsecRequest],
        policyType: IPsecPolicyType = .ipsec, priority: UInt32 = 0, securityContext: SADBSecurityContext? = nil
    ) -> SecurityPolicy {
        let policy = SecurityPolicy(
            id: makePolicyID(direction), direction: direction, policyType: policyType, priority: priority,
            selector: selector, requests: requests, securityContext: securityContext)
        policies.append(policy)
        deliver(policyMessage(policy, type: .spdAdd, sequence: 0, pid: 0))
        return policy
    }

    /// Removes a policy as `ip xfrm policy delete` would and broadcasts SADB_X_SPDDELETE.
    public func removePolicy(id: UInt32) {
        guard let index = policies.firstIndex(where: { $0.id == id }) else { return }
        let removed = policies.remove(at: index)
        deliver(policyMessage(removed, type: .spdDelete, sequence: 0, pid: 0))
    }

    /// An outbound packet from `source` to `destination`. Without a usable SA for every template it creates an
    /// acquire state and queues an SADB_ACQUIRE (with the flow's label, or the policy's when none is given, if
    /// the policy is labeled), exactly once per pending acquire.
    public func injectOutboundPacket(
        source: IPAddress, destination: IPAddress, upperLayerProtocol: UInt8 = 1, sourcePort: UInt16 = 0,
        destinationPort: UInt16 = 0, flowContext: SADBSecurityContext? = nil
    ) -> PacketOutcome {
        let candidates = policies.filter { policy in
            policy.direction == .outbound
                && policy.selector.contains(
                    source: source, destination: destination, upperLayerProtocol: upperLayerProtocol,
                    sourcePort: sourcePort, destinationPort: destinationPort)
                && (policy.securityContext == nil || flowContext != nil)
        }
        guard let policy = candidates.min(by: { ($0.priority, $0.id) < ($1.priority, $1.id) }) else { return .noPolicy }
        switch policy.policyType {
        case .ipsec: break
        case .discard: return .discarded(policyID: policy.id)
        default: return .bypassed(policyID: policy.id)
        }
        let label = policy.securityContext == nil ? nil : (flowContext ?? policy.securityContext)
        var spis: [UInt32] = []
        var missing: (SADBIPsecRequest, IPAddress, IPAddress)?
        for request in policy.requests {
            let saSource = request.tunnelSource?.address ?? source
            let saDestination = request.tunnelDestination?.address ?? destination
            // Linux's xfrm_state_look_at: a mature SA before a dying (soft-expired) one, then the newest.
            let usable = states.indices.filter { index in
                let state = states[index]
                return (state.state == .mature || state.state == .dying) && state.matchesPolicyTemplate
                    && state.saType == request.saType && state.mode == request.mode && state.reqid == request.reqid
                    && state.source == saSource && state.destination == saDestination
                    && (label == nil || state.securityContext.map { $0.hasSameLabel(as: label!) } == true)
            }.max { (states[$0].state == .mature ? 1 : 0, $0) < (states[$1].state == .mature ? 1 : 0, $1) }
            if let usable {
                spis.append(states[usable].spi)
            } else if missing == nil {
                missing = (request, saSource, saDestination)
            }
        }
        guard let (request, saSource, saDestination) = missing else {
            for index in states.indices where spis.contains(states[index].spi) { states[index].packets += 1 }
            return .protected(spis: spis)
        }
        let saType = request.saType ?? .esp
        if let pending = states.first(where: {
            $0.origin == .acquire && $0.state == .larval && $0.saType == saType && $0.source == saSource
                && $0.destination == saDestination && $0.mode == request.mode && $0.reqid == request.reqid
        }) {
            return .droppedAwaitingKeys(acquireSequence: pending.sequence)
        }
        let sequence = nextAcquireSequence
        nextAcquireSequence += 1
        states.append(
            InstalledSA(
                identity: SAIdentity(saType: saType, spi: 0, source: saSource, destination: saDestination),
                mode: request.mode, reqid: request.reqid, state: .larval, origin: .acquire, sequence: sequence, pid: 0,
                authAlgorithm: .none, encryptionAlgorithm: .none, authKey: nil, encryptionKey: nil, replayWindow: 0,
                hardLifetime: SADBLifetime(addTime: 30), softLifetime: nil, securityContext: label,
                natTraversalPorts: nil, matchesPolicyTemplate: true, packets: 0))
        var extensions: [SADBExtension] = [
            .sourceAddress(SADBAddress(host: saSource, upperLayerProtocol: 0)),
            .destinationAddress(SADBAddress(host: saDestination, upperLayerProtocol: 0)),
            .policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: policy.id, priority: policy.priority)),
            .proposal(SADBProposal(replayWindow: 32, combinations: proposalCombinations())),
        ]
        if let label { extensions.append(.securityContext(label)) }
        deliverToRegistered(SADBMessage(type: .acquire, saType: saType, sequence: sequence, pid: 0, extensions: extensions))
        return .acquireSent(sequence: sequence)
    }

    /// Every auth × enc pair, as Linux's dump_esp_combs lists them (hard/soft add time 24 h/20 h).
    func proposalCombinations() -> [SADBCombination] {
        supportedAuth.flatMap { auth in
            supportedEncrypt.map { enc in
                SADBCombination(
                    authAlgorithm: SADBAuthenticationAlgorithm(rawValue: auth.identifier),
                    encryptionAlgorithm: SADBEncryptionAlgorithm(rawValue: enc.identifier),
                    authKeyBits: auth.minimumBits...auth.maximumBits,
                    encryptionKeyBits: enc.minimumBits...enc.maximumBits, softAddTime: 20 * 3600,
                    hardAddTime: 24 * 3600, softUseTime: 7 * 3600, hardUseTime: 8 * 3600)
            }
        }
    }

    /// The SA with this SPI reached its soft or hard lifetime: queues SADB_EXPIRE; a hard expiry removes it.
    /// Returns false when there is no such SA.
    @discardableResult
    public func injectExpire(spi: UInt32, destination: IPAddress? = nil, hard: Bool) -> Bool {
        guard let index = states.firstIndex(where: { $0.spi == spi && (destination == nil || $0.destination == destination) })
        else { return false }
        let state = states[index]
        if hard { states.remove(at: index) } else { states[index].state = .dying }
        injectExpire(of: state, hard: hard)
        return true
    }

    /// Queues SADB_EXPIRE for `state` without touching the SAD: what a real kernel had already queued when a DELETE
    /// removed the SA a moment later (the expiry and the DELETE race).
    public func injectExpire(of state: InstalledSA, hard: Bool) {
        var state = state
        state.state = hard ? .dead : .dying
        var extensions = state.saAndCurrentLifetime
        // key_notify_sa_expire: hsc = 2 (hard) or 1 (soft) selects which lifetime is reported.
        extensions.append(hard ? .lifetimeHard(state.hardLifetime ?? SADBLifetime()) : .lifetimeSoft(state.softLifetime ?? SADBLifetime()))
        extensions.append(.sourceAddress(SADBAddress(host: state.source, upperLayerProtocol: 0)))
        extensions.append(.destinationAddress(SADBAddress(host: state.destination, upperLayerProtocol: 0)))
        extensions.append(.sa2(SADBSA2(mode: state.mode, reqid: state.reqid)))
        deliverToRegistered(SADBMessage(type: .expire, saType: state.saType, extensions: extensions))
    }

    /// Another process (for example `setkey -c` with `delete`) deleted the SA with this SPI: it is removed and
    /// SADB_DELETE is broadcast with that process's pid. Returns false when there is no such SA.
    @discardableResult
    public func injectForeignDelete(spi: UInt32, destination: IPAddress? = nil, pid foreignPID: UInt32 = 31337) -> Bool {
        guard let index = states.firstIndex(where: { $0.spi == spi && (destination == nil || $0.destination == destination) })
        else { return false }
        let state = states.remove(at: index)
        deliver(
            SADBMessage(
                type: .delete, saType: state.saType, sequence: 1, pid: foreignPID,
                extensions: [
                    .securityAssociation(SADBSecurityAssociation(spi: state.spi)),
                    .sourceAddress(SADBAddress(host: state.source, upperLayerProtocol: 0)),
                    .destinationAddress(SADBAddress(host: state.destination, upperLayerProtocol: 0)),
                ]))
        return true
    }

    /// Another process flushed the SAD (`setkey -F`): every SA of the type goes, SADB_FLUSH is broadcast.
    public func injectForeignFlush(_ saType: SADBSAType = .unspecified, pid foreignPID: UInt32 = 31337) {
        states.removeAll { saType == .unspecified || $0.saType == saType }
        deliver(SADBMessage(type: .flush, saType: saType, sequence: 1, pid: foreignPID))
    }

    /// Queues raw bytes as if the kernel sent them (for malformed-message tests).
    public func injectRawMessage(_ bytes: [UInt8]) {
        outbox.append(bytes)
    }
}
