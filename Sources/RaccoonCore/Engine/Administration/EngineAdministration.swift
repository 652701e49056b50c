internal import ISAKMP
internal import PFKeyListener

/// The administrator's view and requests (raccoonctl, SIGUSR1; racoon `admin.c`).
struct EngineAdministration {
    let context: EngineContext
}

extension EngineAdministration {
    /// Carries out an administrator's request; its effects are in the context.
    func perform(_ command: EngineAdminCommand) -> Result<String, AdminError> {
        switch command {
        case .flush(let kind): return .success(flushSAs(kind))
        case .establish(.isakmp(let source, let destination)): return establishPhase1(from: source, to: destination)
        case .establish(.ipsec(let name, let source, let destination, let upperLayer)):
            return establishPhase2(name, from: source, to: destination, upperLayer: upperLayer)
        case .delete(.isakmp(let source, let destination)): return deletePhase1s(between: source, and: destination)
        case .delete(.ipsec(let name, let source, let destination, let upperLayer)):
            return deletePhase2s(name, from: source, to: destination, upperLayer: upperLayer)
        case .disconnect(let gateway): return disconnect(gateway)
        }
    }

    /// Every phase-1 record and every IPsec SA Raccoon installed (two per established pair: inbound, then
    /// outbound), for `raccoonctl show-sa` and the status summary. Never key material.
    func status() -> EngineStatus {
        let isakmp = context.phase1s.oldestFirst.map { record in
            EngineStatus.ISAKMPSA(
                local: "\(record.local)", remote: "\(record.remote)",
                cookies: record.sa?.cookieText ?? "\(record.initiatorCookie):\(record.responderCookie)",
                established: record.isEstablished, exchange: record.mode.rawValue,
                phase2Count: context.phase2s.records(with: record.remote.address).filter { $0.phase1ID == record.id }.count,
                algorithms: record.sa.map { "\($0.proposal)" })
        }
        var ipsec: [EngineStatus.IPsecSA] = []
        for record in context.phase2s.oldestFirst where record.isEstablished {
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
            isakmpSAs: isakmp, ipsecSAs: ipsec, pendingPhase1: context.negotiatingPhase1Count,
            pendingPhase2: context.negotiatingPhase2Count,
            securityPolicies: context.spd.policies.values.filter { !SecurityPolicy.isPerSocket(id: $0.id) }.count)
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
            let records = context.phase1s.oldestFirst
            for record in records where context.phase1s[record.id] != nil {
                context.phase1.deletePhase1(record, notifyPeer: record.isEstablished, reason: reason)
            }
            return "flushed \(records.count) ISAKMP SA(s)"
        case .esp, .ah, .ipsec:
            var pairs = 0
            for record in context.phase2s.oldestFirst where context.phase2s[record.id] != nil {
                if let negotiated = record.negotiated {
                    let isAH = negotiated.transform.securityProtocol == .ah
                    guard kind == .ipsec || (kind == .ah) == isAH else { continue }
                    if record.isEstablished { pairs += 1 }
                    context.quickMode.deletePhase2(record, notifyPeer: true, reason: reason)
                } else if kind != .ah {
                    // Quick Modes in progress negotiate ESP (the only protocol Raccoon proposes).
                    context.quickMode.abandonPhase2(record, reason: reason)
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
