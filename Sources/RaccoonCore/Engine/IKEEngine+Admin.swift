internal import ISAKMP
internal import PFKeyListener

extension IKEEngine {
    // MARK: - The administrator's view (raccoonctl show-sa, flush-sa; SIGUSR1)

    /// Every phase-1 record and every IPsec SA Raccoon installed (two per established pair: inbound, then
    /// outbound), for `raccoonctl show-sa` and the status summary. Never key material.
    public func adminStatus() -> EngineStatus {
        let isakmp = phase1s.values.sorted { $0.id < $1.id }.map { record in
            EngineStatus.ISAKMPSA(
                local: "\(record.local)", remote: "\(record.remote)",
                cookies: record.sa?.cookieText ?? "\(record.initiatorCookie):\(record.responderCookie)",
                established: record.isEstablished, exchange: record.mode.rawValue,
                phase2Count: phase2s.values.filter { $0.phase1ID == record.id }.count,
                algorithms: record.sa.map { "\($0.proposal)" })
        }
        var ipsec: [EngineStatus.IPsecSA] = []
        for record in phase2s.values.sorted(by: { $0.id < $1.id }) where record.isEstablished {
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

    /// `raccoonctl flush-sa KIND`: deletes what Raccoon negotiated and tells the peers.
    ///
    /// `isakmp` deletes every ISAKMP SA (an ISAKMP DELETE to each established peer; negotiations in progress are
    /// dropped). `esp`, `ah` and `ipsec` delete the installed IPsec SA pairs of that protocol (an ESP/AH DELETE to
    /// the peer, SADB_DELETE for both SAs) and abandon Quick Modes in progress. racoon answered `flush-sa esp` with
    /// an SADB_FLUSH that also wiped manually keyed SAs; Raccoon touches only its own, as on shutdown.
    public func flush(_ kind: AdminCommand.SAKind, at now: MonotonicInstant) -> [EngineEffect] {
        self.now = now
        effects = []
        let reason = "flushed by the administrator"
        switch kind {
        case .isakmp:
            for record in phase1s.values.sorted(by: { $0.id < $1.id }) {
                deletePhase1(record, notifyPeer: record.isEstablished, reason: reason)
            }
        case .esp, .ah, .ipsec:
            for record in phase2s.values.sorted(by: { $0.id < $1.id }) {
                if let negotiated = record.negotiated {
                    let isAH = negotiated.transform.securityProtocol == .ah
                    guard kind == .ipsec || (kind == .ah) == isAH else { continue }
                    deletePhase2(record, notifyPeer: true, reason: reason)
                } else if kind != .ah {
                    // Quick Modes in progress negotiate ESP (the only protocol Raccoon proposes).
                    abandonPhase2(record, reason: reason)
                }
            }
        }
        let result = effects
        effects = []
        return result
    }
}

/// An SPI as 8 hexadecimal digits (`show-sa`).
func spiHex(_ spi: UInt32) -> String {
    let hex = String(spi, radix: 16)
    return String(repeating: "0", count: max(0, 8 - hex.count)) + hex
}
