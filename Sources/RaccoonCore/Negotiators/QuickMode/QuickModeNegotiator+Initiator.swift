internal import Logging
internal import PFKeyListener

extension QuickModeNegotiator {
    /// Why `negotiate` did or did not start a Quick Mode.
    enum PolicyNegotiation {
        /// The Quick Mode exists and has started, or waits for phase 1.
        case started(Phase2Record)
        /// An initiator Quick Mode for this policy and peer is already under way.
        case inProgress
        /// The peer's remote block is `passive`: we never initiate towards it.
        case passive(RemotePolicy)
        /// It cannot be negotiated; the cause names what is missing.
        case refused(String)
    }

    /// Whether an initiator Quick Mode for this outbound policy and peer is under way (racoon's `getph2byid`).
    func initiatorInProgress(policy id: UInt32, towards destination: IPAddress) -> Bool {
        context.phase2s.records(with: destination).contains {
            $0.policyID == id && $0.isNegotiating && $0.isInitiator
        }
    }

    /// Creates the initiator Quick Mode for an outbound policy and starts it, or queues it behind phase 1 (racoon's
    /// `pk_recvacquire` → `isakmp_post_acquire`). The kernel's ACQUIRE and `raccoonctl establish-sa` both come here.
    /// `announce` runs once the record exists, before anything is sent.
    func negotiate(
        _ outbound: SecurityPolicy, source: IPAddress, destination: IPAddress, flowContext: SADBSecurityContext?,
        sequence: UInt32, fromAcquire: Bool, announce: (Phase2Record) -> Void
    ) -> PolicyNegotiation {
        if initiatorInProgress(policy: outbound.id, towards: destination) { return .inProgress }
        guard outbound.requests.count == 1, let template = outbound.requests.first, template.saType == .esp else {
            return .refused(
                "policy \(outbound.id) must have exactly one ESP request (AH, IPComp and bundles are not supported)")
        }
        let label = flowContext.map { SecurityLabel(doi: $0.doi, algorithm: $0.algorithm, context: $0.context) }
        let inbound: SecurityPolicy?
        switch context.policyMatch(proposer: "the flow carries").inboundPolicy(reversing: outbound, for: label) {
        case .success(let policy):
            inbound = policy
        case .failure(let refusals):
            inbound = nil
            for reason in refusals.reasons { context.logger.info("\(reason)") }
            context.logger.notice("no in-bound policy found for policy \(outbound.id)")
        }
        let inboundTemplate = inbound?.requests.first { $0.saType == .esp }
        let selector = outbound.selector
        let localSelector = ClientSelector(
            address: selector.source, prefixLength: selector.sourcePrefixLength, port: selector.sourcePort,
            upperLayerProtocol: selector.upperLayerProtocol)
        let remoteSelector = ClientSelector(
            address: selector.destination, prefixLength: selector.destinationPrefixLength,
            port: selector.destinationPort, upperLayerProtocol: selector.upperLayerProtocol)
        guard let remotePolicy = RemoteSelection.select(for: destination, among: context.configuration.remotes) else {
            return .refused("no remote configuration for \(destination)")
        }
        if remotePolicy.passive { return .passive(remotePolicy) }
        guard let saInfo = SAInfoSelection.select(
            local: localSelector, remote: remoteSelector, phase1ID: remotePolicy.phase1ID, among: context.configuration.saInfos)
        else {
            return .refused("no sainfo matches \(localSelector) \(remoteSelector)")
        }
        let record = Phase2Record(
            id: context.makeHandle(), isInitiator: true, phase1ID: nil, messageID: .zero, sequence: sequence,
            fromAcquire: fromAcquire, local: context.configuration.localEndpoint(source),
            remote: Endpoint(address: destination, port: remotePolicy.port), mode: template.mode,
            inboundReqID: inboundTemplate?.reqid ?? 0, outboundReqID: template.reqid, policyID: outbound.id,
            selectors: (localSelector, remoteSelector), label: label, saInfo: saInfo, stage: .waitingForPhase1)
        context.phase2s[record.id] = record
        announce(record)
        dispatchInitiatorPhase2(record, remotePolicy: remotePolicy)
        return .started(record)
    }

    /// Starts (or queues) a Quick Mode for `record` on the best phase 1 with its peer.
    func dispatchInitiatorPhase2(_ record: Phase2Record, remotePolicy: RemotePolicy) {
        let peer = record.remote.address
        if let phase1 = context.phase1s.records(with: peer).last(where: { $0.isEstablished && !$0.isDying }) {
            startQuickMode(record, on: phase1)
            return
        }
        record.stage = .waitingForPhase1
        context.timers.quickModeQueued(record)
        context.logger.info("IPsec-SA request for \(peer) queued due to no phase1 found")
        if let negotiating = context.phase1s.records(with: peer).first(where: { !$0.isEstablished }) {
            record.phase1ID = negotiating.id
            negotiating.waitingPhase2.append(record.id)
            return
        }
        guard let phase1 = context.phase1.startInitiator(remotePolicy: remotePolicy, local: record.local, remote: record.remote) else {
            abandonPhase2(record, reason: "phase 1 could not start")
            return
        }
        record.phase1ID = phase1.id
        phase1.waitingPhase2.append(record.id)
    }

    /// GETSPI for a Quick Mode whose phase 1 is established (initiator), racoon's `quick_i1prep`.
    func startQuickMode(_ record: Phase2Record, on phase1: Phase1Record) {
        record.phase1ID = phase1.id
        record.stage = .initiatorAwaitingSPI
        requestSPI(for: record)
        context.timers.quickModeStarted(record)
    }
}
