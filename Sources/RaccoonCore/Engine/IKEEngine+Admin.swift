internal import ISAKMP
internal import PFKeyListener

extension IKEEngine {
    // MARK: - The administrator's view (raccoonctl show-sa, flush-sa; SIGUSR1)

    /// Every phase-1 record and every IPsec SA Raccoon installed (two per established pair: inbound, then
    /// outbound), for `raccoonctl show-sa` and the status summary. Never key material.
    public func adminStatus() -> EngineStatus {
        let isakmp = phase1s.oldestFirst.map { record in
            EngineStatus.ISAKMPSA(
                local: "\(record.local)", remote: "\(record.remote)",
                cookies: record.sa?.cookieText ?? "\(record.initiatorCookie):\(record.responderCookie)",
                established: record.isEstablished, exchange: record.mode.rawValue,
                phase2Count: phase2s.records(with: record.remote.address).filter { $0.phase1ID == record.id }.count,
                algorithms: record.sa.map { "\($0.proposal)" })
        }
        var ipsec: [EngineStatus.IPsecSA] = []
        for record in phase2s.oldestFirst where record.isEstablished {
            guard let negotiated = record.negotiated else { continue }
            let transform = negotiated.transform
            func sa(spi: UInt32, from source: IPAddress, to destination: IPAddress) -> EngineStatus.IPsecSA {
                EngineStatus.IPsecSA(
                    securityProtocol: transform.securityProtocol == .ah ? "ah" : "esp", source: "\(source)",
                    destination: "\(destination)", spi: spiHex(spi), securityContext: record.label?.text,
                    mode: record.mode.racoonName.lowercased(),
                    algorithms: "\(transform.encryption)/\(transform.authentication)",
                    lifetimeSeconds: transform.lifetimeSeconds)
            }
            ipsec.append(sa(spi: negotiated.ourSPI, from: record.remote.address, to: record.local.address))
            ipsec.append(sa(spi: negotiated.peerSPI, from: record.local.address, to: record.remote.address))
        }
        return EngineStatus(
            isakmpSAs: isakmp, ipsecSAs: ipsec, pendingPhase1: negotiatingPhase1Count,
            pendingPhase2: negotiatingPhase2Count,
            securityPolicies: spd.policies.values.filter { !SecurityPolicy.isPerSocket(id: $0.id) }.count)
    }

    /// Carries out an administrator's request: the reply and the effects to execute, in order.
    public func perform(_ command: EngineAdminCommand, at now: MonotonicInstant) -> EngineAdminResult {
        self.now = now
        effects = []
        let reply: Result<String, AdminError>
        switch command {
        case .flush(let kind): reply = .success(flushSAs(kind))
        case .establish(.isakmp(let source, let destination)): reply = establishPhase1(from: source, to: destination)
        case .establish(.ipsec(let name, let source, let destination, let upperLayer)):
            reply = establishPhase2(name, from: source, to: destination, upperLayer: upperLayer)
        case .delete(.isakmp(let source, let destination)): reply = deletePhase1s(between: source, and: destination)
        case .delete(.ipsec(let name, let source, let destination, let upperLayer)):
            reply = deletePhase2s(name, from: source, to: destination, upperLayer: upperLayer)
        case .disconnect(let gateway): reply = disconnect(gateway)
        }
        let result = EngineAdminResult(reply: reply, effects: effects)
        effects = []
        return result
    }

    /// `raccoonctl flush-sa KIND`: deletes what Raccoon negotiated and tells the peers; the effects to execute.
    public func flush(_ kind: AdminCommand.SAKind, at now: MonotonicInstant) -> [EngineEffect] {
        perform(.flush(kind), at: now).effects
    }

    /// `flush-sa KIND`.
    ///
    /// `isakmp` deletes every ISAKMP SA (an ISAKMP DELETE to each established peer; negotiations in progress are
    /// dropped). `esp`, `ah` and `ipsec` delete the installed IPsec SA pairs of that protocol (an ESP/AH DELETE to
    /// the peer, SADB_DELETE for both SAs) and abandon Quick Modes in progress. racoon answered `flush-sa esp` with
    /// an SADB_FLUSH that also wiped manually keyed SAs; Raccoon touches only its own, as on shutdown.
    func flushSAs(_ kind: AdminCommand.SAKind) -> String {
        let reason = "flushed by the administrator"
        switch kind {
        case .isakmp:
            let records = phase1s.oldestFirst
            for record in records where phase1s[record.id] != nil {
                deletePhase1(record, notifyPeer: record.isEstablished, reason: reason)
            }
            return "flushed \(records.count) ISAKMP SA(s)"
        case .esp, .ah, .ipsec:
            var pairs = 0
            for record in phase2s.oldestFirst where phase2s[record.id] != nil {
                if let negotiated = record.negotiated {
                    let isAH = negotiated.transform.securityProtocol == .ah
                    guard kind == .ipsec || (kind == .ah) == isAH else { continue }
                    if record.isEstablished { pairs += 1 }
                    deletePhase2(record, notifyPeer: true, reason: reason)
                } else if kind != .ah {
                    // Quick Modes in progress negotiate ESP (the only protocol Raccoon proposes).
                    abandonPhase2(record, reason: reason)
                }
            }
            return "flushed \(pairs) IPsec SA pair(s)"
        }
    }
}

/// An SPI as 8 hexadecimal digits (`show-sa`).
func spiHex(_ spi: UInt32) -> String {
    let hex = String(spi, radix: 16)
    return String(repeating: "0", count: max(0, 8 - hex.count)) + hex
}
