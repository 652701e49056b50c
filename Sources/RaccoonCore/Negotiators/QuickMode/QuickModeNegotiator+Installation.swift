internal import IKECrypto
internal import Logging
internal import PFKeyListener
internal import SELinuxPolicy

extension QuickModeNegotiator {
    func install(_ record: Phase2Record, _ negotiated: Phase2Negotiated) {
        record.stage = .installing(negotiated, awaiting: [.update, .add])
        let transform = negotiated.transform
        let securityContext = record.label.map {
            SADBSecurityContext(algorithm: $0.algorithm, doi: $0.doi, context: $0.bytesWithNUL)
        }
        func installation(spi: UInt32, source: IPAddress, destination: IPAddress, reqid: UInt32,
                          keys: (encryption: SecretBytes, authentication: SecretBytes)) -> SAInstallation {
            SAInstallation(
                saType: transform.securityProtocol.saType, spi: spi, source: source,
                destination: destination, mode: record.mode, reqid: reqid,
                authAlgorithm: transform.authentication.sadb, encryptionAlgorithm: transform.encryption.sadb,
                authKey: keys.authentication.withUnsafeBytes { KeyBytes($0) },
                encryptionKey: keys.encryption.withUnsafeBytes { KeyBytes($0) },
                lifetimeSeconds: UInt64(transform.lifetimeSeconds), securityContext: securityContext)
        }
        // racoon: UPDATE the inbound larval SA, then ADD the outbound one (inventory §4.1).
        context.sendKernel(context.requests.update(
            installation(spi: negotiated.ourSPI, source: record.remote.address, destination: record.local.address,
                         reqid: record.inboundReqID, keys: negotiated.inboundKeys),
            sequence: record.sequence))
        context.sendKernel(context.requests.add(
            installation(spi: negotiated.peerSPI, source: record.local.address, destination: record.remote.address,
                         reqid: record.outboundReqID, keys: negotiated.outboundKeys),
            sequence: record.sequence))
        if transform.securityProtocol == .esp {
            for (spi, source, destination, keys) in [
                (negotiated.ourSPI, record.remote.address, record.local.address, negotiated.inboundKeys),
                (negotiated.peerSPI, record.local.address, record.remote.address, negotiated.outboundKeys),
            ] {
                context.effects.append(.keysDerived(.esp(
                    source: source, destination: destination, spi: spi, encryption: transform.encryption,
                    encryptionKey: keys.encryption, authentication: transform.authentication,
                    authenticationKey: keys.authentication)))
            }
        }
    }

    func installReply(_ record: Phase2Record, type: SADBMessageType, errno: UInt8) {
        guard case .installing(let negotiated, var awaiting) = record.stage, awaiting.contains(type) else {
            context.logger.debug("ignored a \(type) reply for phase 2 #\(record.id)")
            return
        }
        if errno != 0 {
            var cause = "\(type): \(errnoText(errno))"
            if errno == 13, let label = record.label {
                let process = context.policyChecker.status().processContext
                cause += " (\(PolicyDecision.setcontextRefusal(process: process, context: label.text)))"
            }
            if errno == 38 || errno == 93 {
                // ENOSYS: a crypto algorithm is missing; EPROTONOSUPPORT: the IPsec protocol is (xfrm_init_state).
                cause += " (this kernel lacks \(negotiated.transform.securityProtocol) or one of the SA's algorithms:"
                    + " load esp4/esp6, ah4/ah6 or xfrm_ipcomp and the cipher's module, or build the kernel with them)"
            }
            failPhase2(record, error: .kernelRefused(cause), notifyPeer: false)
            return
        }
        awaiting.remove(type)
        record.stage = .installing(negotiated, awaiting: awaiting)
        let transform = negotiated.transform
        let name = "\(transform.securityProtocol)/\(record.mode.racoonName)"
        // The algorithms, lifetime, PFS group and context, so the log alone tells what protects the flow.
        var details = "\(transform.encryption)/\(transform.authentication), lifetime \(transform.lifetimeSeconds) s"
        if let group = transform.pfsGroup { details += ", pfs group \(group.rawValue)" }
        if let label = record.label { details += ", security context \"\(label.text)\"" }
        if type == .update {
            context.logger.notice("IPsec-SA established: \(name) \(record.remote)->\(record.local) spi=\(spiText(negotiated.ourSPI)) (\(details))")
        } else {
            context.logger.notice("IPsec-SA established: \(name) \(record.local)->\(record.remote) spi=\(spiText(negotiated.peerSPI)) (\(details))")
        }
        if awaiting.isEmpty {
            record.stage = .established(negotiated)
            record.establishedAt = context.now
            context.timers.phase2Installed(record, lifetime: .seconds(Int64(transform.lifetimeSeconds)))
        }
    }
}
