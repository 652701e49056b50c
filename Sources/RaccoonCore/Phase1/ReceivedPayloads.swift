internal import ISAKMP

/// The payloads of one received message, sorted by kind, with the chain kept for hash computations.
struct ReceivedPayloads {
    /// The chain exactly as received (or decrypted).
    let chain: PayloadChain
    /// SA payloads, in order.
    private(set) var securityAssociations: [SecurityAssociationPayload] = []
    /// KE payloads.
    private(set) var keyExchanges: [KeyExchangePayload] = []
    /// Nonce payloads.
    private(set) var nonces: [NoncePayload] = []
    /// Identification payloads, in order.
    private(set) var identifications: [IdentificationPayload] = []
    /// Hash payloads.
    private(set) var hashes: [HashPayload] = []
    /// Notification payloads.
    private(set) var notifications: [NotificationPayload] = []
    /// Delete payloads.
    private(set) var deletes: [DeletePayload] = []
    /// Vendor IDs.
    private(set) var vendorIDs: [VendorIDPayload] = []

    /// Sorts the chain's payloads.
    init(_ chain: PayloadChain) {
        self.chain = chain
        for payload in chain.payloads {
            switch payload {
            case .securityAssociation(let p): securityAssociations.append(p)
            case .keyExchange(let p): keyExchanges.append(p)
            case .nonce(let p): nonces.append(p)
            case .identification(let p): identifications.append(p)
            case .hash(let p): hashes.append(p)
            case .notification(let p): notifications.append(p)
            case .delete(let p): deletes.append(p)
            case .vendorID(let p): vendorIDs.append(p)
            case .certificate, .certificateRequest, .signature, .natDiscovery, .natOriginalAddress, .fragment,
                .unknown:
                continue
            }
        }
    }

    /// The payload types in order, for log lines.
    var summary: String { chain.payloads.map { "\($0.payloadType)" }.joined(separator: ", ") }

    /// Whether the first payload is a HASH (Quick Mode and protected Informational messages, RFC 2409 §5.5, §5.7).
    var startsWithHash: Bool {
        if case .hash? = chain.payloads.first { return true }
        return false
    }

    /// The SA payload of a phase-1 first message or its reply: RFC 2409 §5 wants it before every other payload and
    /// alone ("there MUST NOT be multiple SA payloads"); `nil` when the message breaks either rule or has no SA.
    var phase1SecurityAssociation: SecurityAssociationPayload? {
        guard securityAssociations.count == 1, case .securityAssociation(let sa)? = chain.payloads.first else {
            return nil
        }
        return sa
    }

    /// The SA payload of QM1 or QM2: RFC 2409 §5.5 wants it immediately after HASH; `nil` otherwise. (Further SA
    /// payloads, for negotiating several SAs at once, are not supported and are ignored.)
    var quickModeSecurityAssociation: SecurityAssociationPayload? {
        guard chain.payloads.count > 1, case .securityAssociation(let sa) = chain.payloads[1] else { return nil }
        return sa
    }

    /// Whether the peer sent the RFC 3706 DPD vendor ID.
    var peerSupportsDPD: Bool { vendorIDs.contains { $0.known == .deadPeerDetection } }

    /// Whether the message carries INITIAL-CONTACT (RFC 2407 §4.6.3.3) for the ISAKMP SA.
    var carriesInitialContact: Bool {
        notifications.contains { $0.notifyType == .initialContact && $0.protocolID == .isakmp }
    }

    /// The vendor IDs Raccoon recognises, by name, for the debug log.
    var recognisedVendorIDs: [String] {
        vendorIDs.compactMap { vid in
            switch vid.known {
            case .deadPeerDetection?: return "DPD"
            case .natTraversalRFC3947?: return "RFC 3947"
            case .natTraversalDraft(let version, _)?: return "draft-ietf-ipsec-nat-t-ike-\(version)"
            case .fragmentation?: return "IKE fragmentation"
            case .xauth?: return "XAuth"
            case .kameRacoon?: return "KAME/racoon"
            case .ipsecTools?: return "ipsec-tools"
            case nil: return nil
            }
        }
    }
}
