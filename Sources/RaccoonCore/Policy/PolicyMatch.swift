internal import PFKeyListener
internal import SELinuxPolicy

/// The labeled-IPsec rule, the one place where a flow and an inbound policy are matched, for the initiator
/// (`QuickModeNegotiator.negotiate`: the inbound policy reversing the ACQUIRE's outbound one) and the responder
/// (`prepareResponder`: the inbound policy for the flow QM1 proposes) alike.
///
/// A policy fits a flow when both are unlabeled, or when both carry a security context of the same DOI and algorithm
/// (XFRM_SC_DOI_LSM, XFRM_SC_ALG_SELINUX) and the flow's context may `association:polmatch` the policy's (the SELinux
/// decision, through `SecurityPolicyChecker`; racoon's `ipsec_..._polmatch` via `selinux_check_access`). Among the
/// policies that fit, the lowest priority value wins, then the oldest id, as in the kernel.
struct PolicyMatch {
    let spd: SPDMirror
    let checker: any SecurityPolicyChecker
    /// Who brings the flow's context, for refusals: "the peer proposes" (responder), "the flow carries" (initiator).
    let proposer: String

    /// The best inbound policy among `candidates` that fits `label`, or every candidate's refusal.
    func best(among candidates: [SecurityPolicy], for label: SecurityLabel?) -> Result<SecurityPolicy, Refusals> {
        var refusals: [String] = []
        for candidate in candidates.sorted(by: { ($0.priority, $0.id) < ($1.priority, $1.id) }) {
            if let refusal = refusal(of: candidate, for: label) {
                refusals.append(refusal)
            } else {
                return .success(candidate)
            }
        }
        return .failure(Refusals(reasons: refusals))
    }

    /// Why `policy` does not fit `label`, or nil when it does.
    func refusal(of policy: SecurityPolicy, for label: SecurityLabel?) -> String? {
        switch (label, policy.securityContext) {
        case (nil, nil):
            return nil
        case (let label?, nil):
            return "\(proposer) security context \(label) but policy \(policy.id) is unlabeled"
        case (nil, let policyContext?):
            return "\(proposer) no security context but policy \(policy.id) is labeled \(policyContext.label)"
        case (let label?, let policyContext?):
            guard label.doi == policyContext.doi, label.algorithm == policyContext.algorithm else {
                return "security context \(label) (doi \(label.doi), alg \(label.algorithm)) and policy \(policy.id)'s"
                    + " (doi \(policyContext.doi), alg \(policyContext.algorithm)) are of different kinds"
            }
            let decision = checker.polmatch(subject: label.text, object: policyContext.label)
            return decision.isAllowed ? nil : "polmatch \(label) -> \(policyContext.label) for policy \(policy.id): \(decision)"
        }
    }

    /// Initiator: the inbound policy for the SAs an outbound policy asks for (its selector reversed).
    func inboundPolicy(reversing outbound: SecurityPolicy, for label: SecurityLabel?) -> Result<SecurityPolicy, Refusals> {
        let wanted = outbound.selector.reversed
        return best(
            among: spd.policies.values.filter { $0.direction == .inbound && $0.selector == wanted }, for: label)
    }

    /// Responder: the inbound IPsec policy that covers traffic from the peer's selector to ours.
    func inboundPolicy(from remote: ClientSelector, to local: ClientSelector, for label: SecurityLabel?)
        -> Result<SecurityPolicy, Refusals>
    {
        best(
            among: spd.policies.values.filter {
                $0.direction == .inbound && $0.policyType == .ipsec && $0.selector.contains(selector: remote, to: local)
            },
            for: label)
    }

    /// Every candidate's refusal; none when there was no candidate at all.
    struct Refusals: Error {
        var reasons: [String]
        var isEmpty: Bool { reasons.isEmpty }
        var summary: String { reasons.joined(separator: "; ") }
    }
}

extension EngineContext {
    /// The labeled-policy decision over the current SPD mirror.
    func policyMatch(proposer: String) -> PolicyMatch {
        PolicyMatch(spd: spd, checker: policyChecker, proposer: proposer)
    }
}
