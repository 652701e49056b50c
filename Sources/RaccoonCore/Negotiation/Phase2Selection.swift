public import PFKeyListener

/// The values of one negotiated IPsec SA transform (ESP).
public struct Phase2Transform: Hashable, Sendable, CustomStringConvertible {
    /// The protocol.
    public var securityProtocol: IPsecProtocol
    /// The encryption algorithm.
    public var encryption: ESPEncryption
    /// The authentication algorithm.
    public var authentication: ESPAuthentication
    /// The encapsulation mode.
    public var mode: IPsecMode
    /// The lifetime in seconds.
    public var lifetimeSeconds: UInt32
    /// The PFS group (the GROUP_DESCRIPTION attribute), or `nil` without PFS.
    public var pfsGroup: DiffieHellmanGroupID?
    /// The security context attribute, when labeled.
    public var securityContext: SecurityLabel?

    /// A transform.
    public init(
        securityProtocol: IPsecProtocol = .esp, encryption: ESPEncryption, authentication: ESPAuthentication,
        mode: IPsecMode, lifetimeSeconds: UInt32, pfsGroup: DiffieHellmanGroupID?,
        securityContext: SecurityLabel?
    ) {
        self.securityProtocol = securityProtocol
        self.encryption = encryption
        self.authentication = authentication
        self.mode = mode
        self.lifetimeSeconds = lifetimeSeconds
        self.pfsGroup = pfsGroup
        self.securityContext = securityContext
    }

    /// `ESP/Transport AES128/HMAC-SHA1 3600s pfs=modp1024`.
    public var description: String {
        "\(securityProtocol)/\(mode.racoonName) \(encryption)/\(authentication) \(lifetimeSeconds)s"
            + (pfsGroup.map { " pfs=\($0)" } ?? "") + (securityContext.map { " ctx=\($0)" } ?? "")
    }
}

/// Chooses the Quick Mode transform a responder accepts (racoon's `ipsecdoi_selectph2proposal` and
/// `cmpsaprop_alloc`).
enum Phase2Selection {
    /// A transform the peer offered inside one proposal.
    struct Offer: Equatable {
        /// The proposal number (RFC 2408 §3.5).
        var proposalNumber: UInt8
        /// The transform number (RFC 2408 §3.6).
        var transformNumber: UInt8
        /// The peer's SPI for this proposal: our outbound SA's SPI.
        var spi: UInt32
        /// The transform's values, or why Raccoon cannot use it.
        var transform: Result<Phase2Transform, Phase1Selection.Unsupported>
    }

    /// The accepted transform.
    struct Choice: Equatable {
        /// The accepted offer's proposal number.
        var proposalNumber: UInt8
        /// The accepted offer's transform number.
        var transformNumber: UInt8
        /// The peer's SPI.
        var peerSPI: UInt32
        /// The negotiated values.
        var transform: Phase2Transform
        /// Whether our shorter lifetime replaced the peer's (send RESPONDER-LIFETIME).
        var lifetimeClaimed: Bool
    }

    /// The first acceptable offer, or every reason each was refused.
    static func select(
        offers: [Offer], ours: [Phase2Transform], rule: ProposalCheckRule
    ) -> Result<Choice, NegotiationRefusal> {
        FirstAcceptableOffer.search(
            offers, ours: ours, name: { "proposal \($0.proposalNumber) transform \($0.transformNumber)" },
            values: \.transform, match: { match(peer: $0, mine: $1, rule: rule) }
        ) { offer, transform, claimed in
            Choice(
                proposalNumber: offer.proposalNumber, transformNumber: offer.transformNumber, peerSPI: offer.spi,
                transform: transform, lifetimeClaimed: claimed)
        }
    }

    /// Whether `peer` is acceptable against `mine`, and the values to use.
    static func match(
        peer: Phase2Transform, mine: Phase2Transform, rule: ProposalCheckRule
    ) -> Result<(Phase2Transform, Bool), Phase1Selection.Unsupported> {
        if peer.securityProtocol != mine.securityProtocol {
            return .failure(.init(reason: "protocol \(peer.securityProtocol) is not ours (\(mine.securityProtocol))"))
        }
        if peer.encryption.transformID != mine.encryption.transformID {
            return .failure(.init(reason: "encryption \(peer.encryption) is not ours (\(mine.encryption))"))
        }
        if peer.authentication != mine.authentication {
            return .failure(.init(reason: "authentication \(peer.authentication) is not ours (\(mine.authentication))"))
        }
        if peer.mode != mine.mode {
            return .failure(.init(reason: "mode \(peer.mode) is not ours (\(mine.mode))"))
        }
        if let reason = rule.rejectKeyLength(
            peer: peer.encryption.keyLengthAttribute.map(Int.init), ours: mine.encryption.keyLengthAttribute.map(Int.init))
        {
            return .failure(.init(reason: reason))
        }
        if let reason = rule.rejectPFSGroup(peer: peer.pfsGroup?.rawValue ?? 0, ours: mine.pfsGroup?.rawValue ?? 0) {
            return .failure(.init(reason: reason))
        }
        // racoon `cmpsaprop_alloc`: both sides labeled or neither, and the same context.
        switch (peer.securityContext, mine.securityContext) {
        case (nil, nil):
            break
        case (.some, nil):
            return .failure(.init(reason: "the peer proposes a security context but our policy is unlabeled"))
        case (nil, .some):
            return .failure(.init(reason: "the peer proposes no security context but our policy is labeled"))
        case (.some(let theirs), .some(let ours)):
            if theirs != ours {
                return .failure(.init(reason: "security context \(theirs) differs from \(ours)"))
            }
        }
        return rule.decideLifetime(peer: peer.lifetimeSeconds, ours: mine.lifetimeSeconds).applied(to: peer)
    }
}

extension IPsecMode {
    /// racoon's spelling in "IPsec-SA established: ESP/Transport …".
    var racoonName: String {
        switch self {
        case .transport: return "Transport"
        case .tunnel: return "Tunnel"
        default: return "\(self)"
        }
    }
}

extension Phase2Transform: LifetimeCarrying {}
