internal import Logging
public import RaccoonCore

/// The administrator's interface: the status summary (SIGUSR1, `raccoonctl show-status`) and the admin socket's
/// requests (racoon admin.c).
extension RaccoonDaemon {
    /// The status summary.
    public func status() -> DaemonStatus {
        let engine = driver.engine.status()
        return DaemonStatus(
            pid: environment.processID(),
            uptimeSeconds: UInt64(MonotonicClock.now().duration(since: startedAt).components.seconds),
            configurationPath: options.configurationPath, reloads: reloads, failedReloads: failedReloads,
            listening: driver.sockets.sockets.map { "\($0.local)" },
            securityPolicies: engine.securityPolicies ?? policyCount, engine: engine)
    }

    /// Hands an admin request to the engine, executes its effects and turns its answer into the reply.
    func engineReply(_ command: EngineAdminCommand, request: AdminRequest) -> AdminResponse {
        switch driver.perform(command) {
        case .success(let text):
            logger.notice("admin: \(text)")
            return AdminResponse(ok: true, text: text, status: request.json ? status() : nil)
        case .failure(let error):
            logger.notice("admin: \(request.arguments.joined(separator: " ")) refused: \(error)")
            return .failure(error)
        }
    }

    /// racoonctl's `-u` names an XAuth login (admin.c ADMIN_ESTABLISH_SA_PSK); Raccoon has no XAuth.
    static func refuseXAuthIdentity(_ identity: String?) -> AdminResponse? {
        guard identity != nil else { return nil }
        return .failure(.unsupported("-u names an XAuth login, and Raccoon does not implement XAuth"))
    }

    /// Answers one admin request.
    public func handleAdmin(_ request: AdminRequest) -> AdminResponse {
        loop.preconditionInLoop()
        let command: AdminCommand
        do {
            command = try AdminCommand.parse(request.arguments)
        } catch {
            logger.notice("admin: rejected request \(request.arguments.first ?? ""): \(error)")
            return .failure(error)
        }
        logger.info("admin: \(request.arguments.joined(separator: " "))")
        let snapshot = request.json ? status() : nil
        switch command {
        case .reloadConfig:
            switch reload() {
            case .success(let text): return AdminResponse(ok: true, text: text, status: request.json ? status() : nil)
            case .failure(let error): return .failure(.failed("config reload failed: \(error)"))
            }
        case .showStatus:
            return AdminResponse(ok: true, text: status().summary, status: snapshot)
        case .showSA(let kind):
            return AdminResponse(ok: true, text: driver.engine.status().listing(kind), status: snapshot)
        case .flushSA(let kind):
            return engineReply(.flush(kind), request: request)
        case .deleteSA(let selector):
            return engineReply(.delete(selector), request: request)
        case .establishSA(let selector, let identity):
            if let refusal = Self.refuseXAuthIdentity(identity) { return refusal }
            return engineReply(.establish(selector), request: request)
        case .vpnConnect(let gateway, let identity):
            if let refusal = Self.refuseXAuthIdentity(identity) { return refusal }
            // racoonctl's f_vpnc: the source is the address the kernel would use, then establish-sa isakmp.
            let probe: SourceAddressProbe
            do {
                probe = try environment.sourceAddress(gateway)
            } catch {
                return .failure(.failed("cannot find the local address towards \(gateway): \(error)"))
            }
            if let refusal = probe.bypassRefused {
                logger.debug("vpn-connect: the address probe towards \(gateway) got no IPsec bypass policy (\(refusal))")
            }
            let source = probe.address
            guard driver.sockets.sockets.contains(where: { $0.local.address == source }) else {
                return .failure(.failed("the kernel reaches \(gateway) from \(source), where Raccoon has no IKE socket"))
            }
            return engineReply(.establish(.isakmp(source: source, destination: gateway)), request: request)
        case .vpnDisconnect(let gateway):
            return engineReply(.disconnect(gateway: gateway), request: request)
        }
    }
}
