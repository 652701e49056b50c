internal import ISAKMP
internal import Logging
internal import PFKeyListener
internal import SELinuxPolicy

extension QuickModeNegotiator {
    func startQuickModeResponder(_ message: ISAKMPMessage, datagram: Datagram, phase1: Phase1Record, sa: Phase1SA) {
        let peer = datagram.remote
        let exchange = "Quick Mode, responder"
        let request: QuickModeRequest
        do {
            request = try QuickModeResponder.parseRequest(
                sa, message, securityContextAttributeType: context.configuration.securityContextAttributeType)
        } catch {
            logPhase2Failure(peer: peer, exchange: exchange, cause: error.description)
            // A message that does not decrypt or verify may be forged: answer only what we could authenticate.
            switch error {
            case .undecryptable, .hashMismatch, .internalFailure: break
            default: sendPhase2Notify(error, spi: nil, on: phase1)
            }
            return
        }
        let initiatorSPI = request.offers.first?.spi
        let result = prepareResponder(request, phase1: phase1)
        switch result {
        case .failure(let error):
            logPhase2Failure(peer: peer, exchange: exchange, cause: error.description)
            sendPhase2Notify(error, spi: initiatorSPI, on: phase1)
        case .success(let prepared):
            let record = Phase2Record(
                id: context.makeHandle(), isInitiator: false, phase1ID: phase1.id, messageID: request.messageID,
                sequence: context.makeSequence(), fromAcquire: false, local: phase1.local, remote: phase1.remote,
                mode: prepared.mode, inboundReqID: prepared.inboundReqID, outboundReqID: prepared.outboundReqID,
                policyID: prepared.policyID, selectors: prepared.selectors, label: request.label,
                saInfo: prepared.saInfo, stage: .responderAwaitingSPI(request, prepared.choice))
            record.lastReceived = datagram.bytes
            context.phase2s[record.id] = record
            context.logger.info("respond new phase 2 negotiation: \(record.local)<=>\(record.remote) (msgid \(request.messageID), \(prepared.choice.transform))")
            requestSPI(for: record)
            context.timers.quickModeStarted(record)
        }
    }

    struct PreparedResponder {
        var mode: IPsecMode
        var inboundReqID: UInt32
        var outboundReqID: UInt32
        var policyID: UInt32?
        var selectors: (local: ClientSelector, remote: ClientSelector)
        var saInfo: SAInfoPolicy
        var choice: Phase2Selection.Choice
    }

    /// Policy, sainfo and transform for a verified QM1 (racoon `get_proposal_r`, `ipsecdoi_selectph2proposal`).
    func prepareResponder(_ request: QuickModeRequest, phase1: Phase1Record) -> Result<PreparedResponder, Phase2Error> {
        let local: ClientSelector
        let remote: ClientSelector
        if let identities = request.identities {
            local = identities.responder
            remote = identities.initiator
        } else {
            local = ClientSelector(address: phase1.local.address)
            remote = ClientSelector(address: phase1.remote.address)
        }
        // The inbound policy: traffic from the peer's side to ours.
        let inbound: SecurityPolicy
        switch context.policyMatch(proposer: "the peer proposes").inboundPolicy(from: remote, to: local, for: request.label) {
        case .success(let policy):
            inbound = policy
        case .failure(let refusals) where refusals.isEmpty:
            return .failure(.noPolicy("no inbound policy for \(remote) -> \(local)"))
        case .failure(let refusals):
            return .failure(.securityContextRefused(refusals.summary))
        }
        guard let template = inbound.requests.first(where: { $0.saType == .esp }) else {
            return .failure(.noPolicy("inbound policy \(inbound.id) has no ESP request"))
        }
        let outbound = context.spd.policies.values.first { policy in
            policy.direction == .outbound && policy.selector == inbound.selector.reversed
        }
        let outboundTemplate = outbound?.requests.first(where: { $0.saType == .esp })
        guard let saInfo = SAInfoSelection.select(
            local: request.identities == nil ? nil : local, remote: request.identities == nil ? nil : remote,
            phase1ID: phase1.remotePolicy.phase1ID, among: context.configuration.saInfos)
            ?? SAInfoSelection.select(local: local, remote: remote, phase1ID: phase1.remotePolicy.phase1ID, among: context.configuration.saInfos)
        else {
            return .failure(.noSAInfo("\(local) \(remote)"))
        }
        switch (request.peerPublic != nil, saInfo.pfsGroup) {
        case (true, nil):
            return .failure(.pfsMismatch("QM1 carries a KE payload but the sainfo has no pfs_group"))
        case (false, let group?):
            return .failure(.pfsMismatch("pfs_group \(group.rawValue) is required but QM1 has no KE payload"))
        default:
            break
        }
        let record = Phase2Record(
            id: 0, isInitiator: false, phase1ID: nil, messageID: request.messageID, sequence: 0, fromAcquire: false,
            local: phase1.local, remote: phase1.remote, mode: template.mode, inboundReqID: 0, outboundReqID: 0,
            policyID: nil, selectors: (local, remote), label: request.label, saInfo: saInfo, stage: .waitingForPhase1)
        let ours = transforms(for: record, label: request.label)
        switch Phase2Selection.select(offers: request.offers, ours: ours, rule: phase1.remotePolicy.proposalCheck) {
        case .failure(let refusal):
            return .failure(.noProposalChosen(refusal.summary))
        case .success(let choice):
            return .success(
                PreparedResponder(
                    mode: template.mode, inboundReqID: template.reqid, outboundReqID: outboundTemplate?.reqid ?? 0,
                    policyID: outbound?.id, selectors: (local, remote), saInfo: saInfo, choice: choice))
        }
    }
}
