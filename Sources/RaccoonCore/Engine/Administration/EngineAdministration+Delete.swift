internal import Logging
internal import PFKeyListener

extension EngineAdministration {
    /// `delete-sa isakmp SRC DST`: every ISAKMP SA between the two addresses, with an ISAKMP DELETE to the peer for
    /// the established ones. The IPsec SAs stay, as with `flush-sa isakmp`; `vpn-disconnect` removes them too.
    /// racoon's `purge_remote` deleted the peer's IPsec SAs here as well.
    func deletePhase1s(between source: IPAddress, and destination: IPAddress) -> Result<String, AdminError> {
        let records = context.phase1s.oldestFirst.filter {
            $0.local.address == source && $0.remote.address == destination
        }
        guard !records.isEmpty else {
            // racoon: "phase 1 for SRC -> DST not found".
            return .failure(.failed("no ISAKMP-SA between \(source) and \(destination)"))
        }
        for record in records where context.phase1s[record.id] != nil {
            context.phase1.deletePhase1(record, notifyPeer: record.isEstablished, reason: "deleted by the administrator")
        }
        return .success("deleted \(records.count) ISAKMP SA(s) between \(source) and \(destination)")
    }

    /// `delete-sa esp … SRC DST PROTOCOL`: the IPsec SA pairs whose flow (our selector, the peer's) lies within
    /// the administrator's, with an ESP DELETE to the peer and SADB_DELETE for both SAs, as `flush-sa` does for
    /// all; Quick Modes in progress for such a flow are abandoned. racoon ignored the selector's protocol and
    /// ports and deleted the ISAKMP SA between the two addresses instead.
    func deletePhase2s(
        _ name: AdminCommand.IPsecProtocolName, from source: AdminCommand.FlowEndpoint,
        to destination: AdminCommand.FlowEndpoint, upperLayer: String
    ) -> Result<String, AdminError> {
        let flow = "\(name) \(source) \(destination) \(upperLayer)"
        guard let protocolNumber = AdminCommand.ipProtocolNumber(upperLayer) else {
            return .failure(.badRequest("\(flow): unknown protocol"))
        }
        let records = context.phase2s.oldestFirst.filter { record in
            // Quick Modes in progress negotiate ESP, the only protocol Raccoon proposes.
            let isAH = record.negotiated?.transform.securityProtocol == .ah
            // A retired pair is already deleted; it only waits out its grace.
            return !record.isRetired && isAH == (name == .ah)
                && Self.selector(record.selectors.local, liesWithin: source, protocol: protocolNumber)
                && Self.selector(record.selectors.remote, liesWithin: destination, protocol: protocolNumber)
        }
        guard !records.isEmpty else {
            return .failure(.failed("no IPsec-SA matches \(flow)"))
        }
        var pairs = 0
        var abandoned = 0
        for record in records where context.phase2s[record.id] != nil {
            if record.isEstablished {
                pairs += 1
                context.quickMode.deletePhase2(record, notifyPeer: true, reason: "deleted by the administrator")
            } else {
                abandoned += 1
                context.quickMode.abandonPhase2(record, reason: "deleted by the administrator")
            }
        }
        var text = "deleted \(pairs) IPsec SA pair(s)"
        if abandoned > 0 { text += " and abandoned \(abandoned) negotiation(s)" }
        return .success(text + " matching \(flow)")
    }

    /// `vpn-disconnect GATEWAY`: every IPsec SA pair (DELETE to the peer while its ISAKMP SA still protects it,
    /// then SADB_DELETE) and then every ISAKMP SA with the gateway. Like racoon's `remcontacted`, the gateway is
    /// forgotten, so the next phase 1 sends INITIAL-CONTACT again.
    func disconnect(_ gateway: IPAddress) -> Result<String, AdminError> {
        let ipsec = context.phase2s.records(with: gateway).filter { !$0.isRetired }
        let isakmp = context.phase1s.records(with: gateway)
        guard !ipsec.isEmpty || !isakmp.isEmpty else {
            return .failure(.failed("no SA with \(gateway)"))
        }
        context.logger.info("Flushing all SAs for peer \(gateway)")
        let reason = "vpn-disconnect by the administrator"
        var pairs = 0
        for record in ipsec where context.phase2s[record.id] != nil {
            if record.isEstablished {
                pairs += 1
                context.quickMode.deletePhase2(record, notifyPeer: true, reason: reason)
            } else {
                context.quickMode.abandonPhase2(record, reason: reason)
            }
        }
        for record in isakmp where context.phase1s[record.id] != nil {
            context.phase1.deletePhase1(record, notifyPeer: record.isEstablished, reason: reason)
        }
        context.contactedPeers.remove(gateway)
        return .success("deleted \(isakmp.count) ISAKMP SA(s) and \(pairs) IPsec SA pair(s) with \(gateway)")
    }

    /// Whether an SA's selector lies within an administrator's `ADDR/PREFIX[/PORT]` and protocol (255: any).
    static func selector(
        _ selector: ClientSelector, liesWithin endpoint: AdminCommand.FlowEndpoint, protocol protocolNumber: UInt8
    ) -> Bool {
        selector.address.isIPv4 == endpoint.address.isIPv4
            && selector.prefixLength >= endpoint.prefixLength
            && selector.address.isWithin(endpoint.address, prefixLength: endpoint.prefixLength)
            && (endpoint.port == nil || endpoint.port == selector.port)
            && (protocolNumber == 255 || protocolNumber == selector.upperLayerProtocol)
    }
}
