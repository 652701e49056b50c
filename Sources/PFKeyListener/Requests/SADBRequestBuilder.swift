/// Builds the requests Raccoon sends (inventory §4.1), each stamped with `pid` and the caller's `sequence`.
public struct SADBRequestBuilder: Sendable {
    /// `sadb_msg_pid` for every request.
    public let pid: UInt32

    /// A builder for `pid`.
    public init(pid: UInt32) { self.pid = pid }

    /// SADB_REGISTER for one SA type; the reply lists the supported algorithms.
    public func register(_ saType: SADBSAType, sequence: UInt32) -> SADBMessage {
        SADBMessage(type: .register, saType: saType, sequence: sequence, pid: pid)
    }

    /// SADB_X_SPDDUMP: every policy in this network namespace.
    public func spdDump(sequence: UInt32) -> SADBMessage {
        SADBMessage(type: .spdDump, saType: .unspecified, sequence: sequence, pid: pid)
    }

    /// SADB_DUMP of the SAs of one type (`.unspecified` for all).
    public func dump(_ saType: SADBSAType, sequence: UInt32) -> SADBMessage {
        SADBMessage(type: .dump, saType: saType, sequence: sequence, pid: pid)
    }

    /// SADB_FLUSH of the SAs of one type (`.unspecified` for all).
    public func flush(_ saType: SADBSAType, sequence: UInt32) -> SADBMessage {
        SADBMessage(type: .flush, saType: saType, sequence: sequence, pid: pid)
    }

    /// SADB_GETSPI for an inbound SA: src = the peer, dst = this host. On the initiator `sequence` must be the
    /// ACQUIRE's seq so the kernel ties the larval SA to it.
    public func getSPI(_ request: GetSPIRequest, sequence: UInt32) -> SADBMessage {
        var extensions: [SADBExtension] = [
            .sa2(SADBSA2(mode: request.mode, reqid: request.reqid)),
            .sourceAddress(SADBAddress(host: request.source, port: request.natTraversal?.sourcePort ?? 0)),
            .destinationAddress(SADBAddress(host: request.destination, port: request.natTraversal?.destinationPort ?? 0)),
        ]
        if let range = request.spiRange {
            extensions.append(.spiRange(SADBSPIRange(minimum: range.lowerBound, maximum: range.upperBound)))
        }
        if let nat = request.natTraversal { extensions += nat.extensions }
        return SADBMessage(type: .getSPI, saType: request.saType, sequence: sequence, pid: pid, extensions: extensions)
    }

    /// SADB_UPDATE: keys the larval inbound SA that GETSPI reserved.
    public func update(_ installation: SAInstallation, sequence: UInt32) -> SADBMessage {
        SADBMessage(
            type: .update, saType: installation.saType, sequence: sequence, pid: pid,
            extensions: installation.extensions)
    }

    /// SADB_ADD: installs the outbound SA (on the initiator with the ACQUIRE's seq, which lets Linux drop the
    /// matching larval acquire state).
    public func add(_ installation: SAInstallation, sequence: UInt32) -> SADBMessage {
        SADBMessage(
            type: .add, saType: installation.saType, sequence: sequence, pid: pid, extensions: installation.extensions)
    }

    /// SADB_DELETE of one SA, identified by type, SPI and addresses.
    public func delete(
        _ saType: SADBSAType, spi: UInt32, source: IPAddress, destination: IPAddress, sequence: UInt32
    ) -> SADBMessage {
        SADBMessage(
            type: .delete, saType: saType, sequence: sequence, pid: pid,
            extensions: [
                .securityAssociation(SADBSecurityAssociation(spi: spi)),
                .sourceAddress(SADBAddress(host: source)),
                .destinationAddress(SADBAddress(host: destination)),
            ])
    }

    /// SADB_ACQUIRE with `sadb_msg_errno` set and no extensions: tells the kernel a negotiation for the ACQUIRE
    /// with seq `acquireSequence` gave up, so it marks the larval state as failed (racoon sends ENOENT).
    public func acquireFailed(acquireSequence: UInt32, errno: UInt8 = 2) -> SADBMessage {
        precondition(errno != 0, "an ACQUIRE reply without errno is ignored by the kernel")
        return SADBMessage(type: .acquire, saType: .unspecified, sequence: acquireSequence, pid: pid, errno: errno)
    }
}
