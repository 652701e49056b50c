internal import Glibc
internal import PFKeyListener

// Request handling, one function per SADB message type (Linux net/key/af_key.c: pfkey_funcs[]).

extension InMemoryKernel {
    func process(_ message: SADBMessage) {
        if let errno = refusals[message.type] { return reply(to: message, errno: errno) }
        switch message.type {
        case .register: handleRegister(message)
        case .getSPI: handleGetSPI(message)
        case .update, .add: handleUpdateOrAdd(message)
        case .delete: handleDelete(message)
        case .flush: handleFlush(message)
        case .dump: handleDump(message)
        case .acquire: handleAcquireReply(message)
        case .spdAdd, .spdUpdate: handlePolicyAdd(message)
        case .spdDelete, .spdDelete2: handlePolicyDelete(message)
        case .spdFlush: handlePolicyFlush(message)
        case .spdDump: handlePolicyDump(message)
        default: reply(to: message, errno: EOPNOTSUPP)
        }
    }

    private func handleRegister(_ message: SADBMessage) {
        guard message.saType.rawValue <= 9 else { return reply(to: message, errno: EINVAL) }
        if message.saType != .unspecified {
            guard registeredTypes.insert(message.saType).inserted else { return reply(to: message, errno: EEXIST) }
        }
        deliver(
            SADBMessage(
                type: .register, saType: message.saType, sequence: message.sequence, pid: message.pid,
                extensions: [
                    .supportedAuth(SADBSupported(algorithms: supportedAuth)),
                    .supportedEncrypt(SADBSupported(algorithms: supportedEncrypt)),
                ]))
    }

    private func handleGetSPI(_ message: SADBMessage) {
        guard let source = message.sourceAddress?.address, let destination = message.destinationAddress?.address,
            message.saType.ipProtocol != nil
        else { return reply(to: message, errno: EINVAL) }
        let mode = message.sa2?.mode ?? .any
        let reqid = message.sa2?.reqid ?? 0
        var low: UInt32 = 0x100
        var high: UInt32 = 0x0fff_ffff
        if let range = message.spiRange {
            guard range.minimum <= range.maximum else { return reply(to: message, errno: EINVAL) }
            low = range.minimum
            high = range.maximum
        }
        // Linux: the acquire state with this seq is reused only when its destination matches.
        var index = states.firstIndex {
            $0.origin == .acquire && $0.sequence == message.sequence && message.sequence != 0
                && $0.destination == destination && $0.saType == message.saType && $0.spi == 0
        }
        if index == nil {
            index = states.firstIndex {
                $0.state == .larval && $0.spi == 0 && $0.saType == message.saType && $0.source == source
                    && $0.destination == destination && $0.mode == mode && $0.reqid == reqid
            }
        }
        guard let spi = allocateSPI(in: low...high, destination: destination, saType: message.saType) else {
            return reply(to: message, errno: ENOENT)
        }
        let state: InstalledSA
        if let index {
            states[index].spi = spi
            states[index].origin = .getSPI
            state = states[index]
        } else {
            state = InstalledSA(
                identity: SAIdentity(saType: message.saType, spi: spi, source: source, destination: destination),
                mode: mode, reqid: reqid,
                state: .larval, origin: .getSPI, sequence: message.sequence, pid: message.pid, authAlgorithm: .none,
                encryptionAlgorithm: .none, authKey: nil, encryptionKey: nil, replayWindow: 0,
                hardLifetime: SADBLifetime(addTime: 30), softLifetime: nil, securityContext: nil,
                natTraversalPorts: nil, matchesPolicyTemplate: false, packets: 0)
            states.append(state)
        }
        deliver(
            SADBMessage(
                type: .getSPI, saType: message.saType, sequence: message.sequence, pid: message.pid,
                extensions: [
                    .securityAssociation(SADBSecurityAssociation(spi: spi, state: .larval)),
                    .sa2(SADBSA2(mode: state.mode, reqid: state.reqid)),
                    .sourceAddress(SADBAddress(host: source, upperLayerProtocol: 0)),
                    .destinationAddress(SADBAddress(host: destination, upperLayerProtocol: 0)),
                ]))
    }

    private func allocateSPI(in range: ClosedRange<UInt32>, destination: IPAddress, saType: SADBSAType) -> UInt32? {
        let taken = Set(states.filter { $0.destination == destination && $0.saType == saType }.map(\.spi))
        if range.lowerBound == range.upperBound {
            return taken.contains(range.lowerBound) ? nil : range.lowerBound
        }
        for _ in 0..<1024 {
            let candidate = range.contains(nextSPI) ? nextSPI : range.lowerBound &+ (nextSPI % (range.upperBound - range.lowerBound))
            nextSPI = nextSPI &+ 1
            if !taken.contains(candidate) && candidate != 0 { return candidate }
        }
        return nil
    }

    private func handleUpdateOrAdd(_ message: SADBMessage) {
        guard let sa = message.securityAssociation, let source = message.sourceAddress?.address,
            let destination = message.destinationAddress?.address, message.saType.ipProtocol != nil
        else { return reply(to: message, errno: EINVAL) }
        if let errno = checkAlgorithms(message, sa) { return reply(to: message, errno: errno) }
        if let context = message.securityContext, context.algorithm != 1 || context.doi != 1 {
            return reply(to: message, errno: EINVAL)
        }
        let mode = message.sa2?.mode ?? .transport
        let reqid = message.sa2?.reqid ?? 0
        var candidate = InstalledSA(
            identity: SAIdentity(saType: message.saType, spi: sa.spi, source: source, destination: destination),
            mode: mode, reqid: reqid,
            state: .mature, origin: message.type == .update ? .update : .add, sequence: message.sequence,
            pid: message.pid, authAlgorithm: sa.authAlgorithm, encryptionAlgorithm: sa.encryptionAlgorithm,
            authKey: message.authKey?.key, encryptionKey: message.encryptionKey?.key, replayWindow: sa.replayWindow,
            hardLifetime: message.hardLifetime, softLifetime: message.softLifetime,
            securityContext: message.securityContext,
            natTraversalPorts: message.natTraversalType.map { _ in
                (message.natTraversalSourcePort?.port ?? 0, message.natTraversalDestinationPort?.port ?? 0)
            }, matchesPolicyTemplate: false, packets: 0)
        candidate.matchesPolicyTemplate = policies.contains { templateMatches($0, candidate) }
        if !candidate.matchesPolicyTemplate && templateMismatch == .reject { return reply(to: message, errno: EINVAL) }
        let existing = states.firstIndex {
            $0.destination == destination && $0.saType == message.saType && $0.spi == sa.spi && sa.spi != 0
        }
        if message.type == .update {
            // xfrm_state_update: no state → ESRCH; larval → keyed; mature → lifetimes (and label) refreshed.
            guard let existing else { return reply(to: message, errno: ESRCH) }
            if states[existing].state == .larval {
                states[existing] = candidate
            } else {
                states[existing].hardLifetime = candidate.hardLifetime
                states[existing].softLifetime = candidate.softLifetime
            }
        } else {
            guard existing == nil else { return reply(to: message, errno: EEXIST) }
            // xfrm_state_add: the acquire state of this seq (same destination) or of the same template goes away.
            states.removeAll { state in
                state.origin == .acquire && state.spi == 0 && state.saType == message.saType
                    && state.destination == destination
                    && ((message.sequence != 0 && state.sequence == message.sequence)
                        || (state.mode == mode && state.reqid == reqid && state.source == source))
            }
            states.append(candidate)
        }
        // Linux broadcasts the keyed SA, keys included, to every PF_KEY socket.
        var echo = message
        echo.errno = 0
        deliver(echo)
    }

    private func checkAlgorithms(_ message: SADBMessage, _ sa: SADBSecurityAssociation) -> Int32? {
        if message.saType == .ipcomp { return nil }
        if sa.authAlgorithm != .none {
            guard let descriptor = supportedAuth.first(where: { $0.identifier == sa.authAlgorithm.rawValue }) else {
                return ENOSYS
            }
            let bits = Int(message.authKey?.bits ?? 0)
            if bits < Int(descriptor.minimumBits) || bits > Int(descriptor.maximumBits) { return EINVAL }
        }
        if sa.encryptionAlgorithm != .none {
            guard let descriptor = supportedEncrypt.first(where: { $0.identifier == sa.encryptionAlgorithm.rawValue })
            else { return ENOSYS }
            let bits = Int(message.encryptionKey?.bits ?? 0)
            if bits < Int(descriptor.minimumBits) || bits > Int(descriptor.maximumBits) { return EINVAL }
        }
        return nil
    }

    /// Would a policy's template use this SA? Outbound templates need the exact reqid (observed on Linux 6.1);
    /// inbound ones accept any SA when their reqid is 0. Tunnel templates compare endpoints, transport ones the
    /// selector.
    func templateMatches(_ policy: SecurityPolicy, _ sa: InstalledSA) -> Bool {
        guard policy.policyType == .ipsec, policy.direction != .forward else { return false }
        return policy.requests.contains { request in
            guard request.saType == sa.saType, request.mode == sa.mode else { return false }
            let reqidMatches =
                policy.direction == .outbound ? request.reqid == sa.reqid : (request.reqid == 0 || request.reqid == sa.reqid)
            guard reqidMatches else { return false }
            if let tunnelSource = request.tunnelSource?.address, let tunnelDestination = request.tunnelDestination?.address {
                return tunnelSource == sa.source && tunnelDestination == sa.destination
            }
            return policy.selector.contains(source: sa.source, destination: sa.destination, upperLayerProtocol: 255)
                || (policy.selector.upperLayerProtocol != 255
                    && policy.selector.contains(
                        source: sa.source, destination: sa.destination,
                        upperLayerProtocol: policy.selector.upperLayerProtocol))
        }
    }

    private func handleDelete(_ message: SADBMessage) {
        guard let sa = message.securityAssociation, let source = message.sourceAddress?.address,
            let destination = message.destinationAddress?.address
        else { return reply(to: message, errno: EINVAL) }
        guard let index = states.firstIndex(where: {
            $0.destination == destination && $0.saType == message.saType && $0.spi == sa.spi
        }) else { return reply(to: message, errno: ESRCH) }
        states.remove(at: index)
        deliver(
            SADBMessage(
                type: .delete, saType: message.saType, sequence: message.sequence, pid: message.pid,
                extensions: [
                    .securityAssociation(SADBSecurityAssociation(spi: sa.spi)),
                    .sourceAddress(SADBAddress(host: source, upperLayerProtocol: 0)),
                    .destinationAddress(SADBAddress(host: destination, upperLayerProtocol: 0)),
                ]))
    }

    private func handleFlush(_ message: SADBMessage) {
        states.removeAll { message.saType == .unspecified || $0.saType == message.saType }
        deliver(SADBMessage(type: .flush, saType: message.saType, sequence: message.sequence, pid: message.pid))
    }

    private func handleDump(_ message: SADBMessage) {
        let selected = states.filter { message.saType == .unspecified || $0.saType == message.saType }
        guard !selected.isEmpty else { return reply(to: message, errno: ENOENT) }
        for (offset, state) in selected.enumerated() {
            var entry = stateMessage(state, type: .dump, sequence: UInt32(selected.count - 1 - offset), pid: message.pid)
            entry.saType = state.saType
            deliver(entry)
        }
    }

    /// An SA as the kernel reports it (pfkey_xfrm_state2msg).
    func stateMessage(_ state: InstalledSA, type: SADBMessageType, sequence: UInt32, pid: UInt32) -> SADBMessage {
        var extensions = state.saAndCurrentLifetime
        if let hard = state.hardLifetime { extensions.append(.lifetimeHard(hard)) }
        if let soft = state.softLifetime { extensions.append(.lifetimeSoft(soft)) }
        extensions.append(.sourceAddress(SADBAddress(host: state.source, upperLayerProtocol: 0)))
        extensions.append(.destinationAddress(SADBAddress(host: state.destination, upperLayerProtocol: 0)))
        extensions.append(.sa2(SADBSA2(mode: state.mode, reqid: state.reqid)))
        if let context = state.securityContext { extensions.append(.securityContext(context)) }
        return SADBMessage(type: type, saType: state.saType, sequence: sequence, pid: pid, extensions: extensions)
    }

    private func handleAcquireReply(_ message: SADBMessage) {
        // pfkey_acquire: only a bare header is accepted; seq 0 or errno 0 is a no-op; no reply either way.
        guard message.extensions.isEmpty else { return reply(to: message, errno: EOPNOTSUPP) }
        guard message.sequence != 0, message.errno != 0 else { return }
        for index in states.indices where states[index].origin == .acquire && states[index].sequence == message.sequence {
            states[index].state = .dead
        }
    }

    // MARK: - SPD requests

    private func handlePolicyAdd(_ message: SADBMessage) {
        guard var policy = message.policy, let source = message.sourceAddress, let destination = message.destinationAddress,
            let selector = TrafficSelector(source: source, destination: destination),
            (1...3).contains(policy.direction.rawValue)
        else { return reply(to: message, errno: EINVAL) }
        if let context = message.securityContext, context.algorithm != 1 || context.doi != 1 {
            return reply(to: message, errno: EINVAL)
        }
        let existing = policies.firstIndex { $0.direction == policy.direction && $0.selector == selector && $0.securityContext == message.securityContext }
        if message.type == .spdAdd && existing != nil { return reply(to: message, errno: EEXIST) }
        let entry = SecurityPolicy(
            id: existing.map { policies[$0].id } ?? makePolicyID(policy.direction), direction: policy.direction,
            policyType: policy.policyType, priority: policy.priority, selector: selector, requests: policy.requests,
            securityContext: message.securityContext)
        if let existing { policies[existing] = entry } else { policies.append(entry) }
        policy.id = entry.id
        var echo = message
        echo.extensions = message.extensions.map { if case .policy = $0 { .policy(policy) } else { $0 } }
        deliver(echo)
    }

    func makePolicyID(_ direction: IPsecPolicyDirection) -> UInt32 {
        // xfrm_gen_index: index | dir, where XFRM_POLICY_IN = 0, OUT = 1, FWD = 2 (PF_KEY dir − 1).
        let id = nextPolicyIndex | UInt32(direction.rawValue - 1)
        nextPolicyIndex += 8
        return id
    }

    private func handlePolicyDelete(_ message: SADBMessage) {
        guard let policy = message.policy else { return reply(to: message, errno: EINVAL) }
        let index: Int?
        if message.type == .spdDelete2 {
            index = policies.firstIndex { $0.id == policy.id }
        } else {
            guard let source = message.sourceAddress, let destination = message.destinationAddress,
                let selector = TrafficSelector(source: source, destination: destination)
            else { return reply(to: message, errno: EINVAL) }
            index = policies.firstIndex { $0.direction == policy.direction && $0.selector == selector }
        }
        guard let index else { return reply(to: message, errno: ENOENT) }
        let removed = policies.remove(at: index)
        deliver(policyMessage(removed, type: .spdDelete, sequence: message.sequence, pid: message.pid))
    }

    private func handlePolicyFlush(_ message: SADBMessage) {
        policies.removeAll()
        deliver(SADBMessage(type: .spdFlush, sequence: message.sequence, pid: message.pid))
    }

    private func handlePolicyDump(_ message: SADBMessage) {
        guard !policies.isEmpty else { return reply(to: message, errno: ENOENT) }
        for (offset, policy) in policies.enumerated() {
            deliver(policyMessage(policy, type: .spdDump, sequence: UInt32(policies.count - 1 - offset), pid: message.pid))
        }
    }

    /// A policy as the kernel reports it (pfkey_xfrm_policy2msg).
    func policyMessage(_ policy: SecurityPolicy, type: SADBMessageType, sequence: UInt32, pid: UInt32) -> SADBMessage {
        let selector = policy.selector
        var extensions: [SADBExtension] = [
            .sourceAddress(
                SADBAddress(
                    SADBSocketAddress(selector.source, port: selector.sourcePort), prefixLength: selector.sourcePrefixLength,
                    upperLayerProtocol: selector.upperLayerProtocol)),
            .destinationAddress(
                SADBAddress(
                    SADBSocketAddress(selector.destination, port: selector.destinationPort),
                    prefixLength: selector.destinationPrefixLength, upperLayerProtocol: selector.upperLayerProtocol)),
            .lifetimeHard(SADBLifetime(allocations: 0, bytes: .max, addTime: 0, useTime: 0)),
            .lifetimeSoft(SADBLifetime(allocations: 0, bytes: .max, addTime: 0, useTime: 0)),
            .lifetimeCurrent(SADBLifetime()),
            .policy(
                SADBPolicy(
                    policyType: policy.policyType, direction: policy.direction, id: policy.id, priority: policy.priority,
                    requests: policy.requests)),
        ]
        if let context = policy.securityContext { extensions.append(.securityContext(context)) }
        return SADBMessage(type: type, sequence: sequence, pid: pid, extensions: extensions)
    }
}
