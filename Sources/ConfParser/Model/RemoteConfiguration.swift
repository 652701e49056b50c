/// A `remote` block: how to run phase 1 (ISAKMP SA) with one peer, or with any peer (`anonymous`).
///
/// Defaults are racoon 0.8.2's code defaults (`newrmconf()`), not its man page's.
public struct RemoteConfiguration: Hashable, Sendable {
    /// How the block was introduced.
    public enum Selector: Hashable, Sendable, CustomStringConvertible {
        /// `remote anonymous [port]`: matches any peer not matched more specifically.
        case anonymous
        /// `remote ADDR [port]` (racoon's deprecated form): matches this peer address.
        case address(IPAddress)
        /// `remote "name"` (0.8 form): matches `remoteAddress`, or anonymously when that is unset.
        case name(String)

        /// racoon.conf spelling.
        public var description: String {
            switch self {
            case .anonymous: "anonymous"
            case .address(let address): address.description
            case .name(let name): "\"\(name)\""
            }
        }
    }

    /// `proposal_check`: how a peer's phase-1/phase-2 lifetime, key length and PFS are checked.
    public enum ProposalCheck: String, Hashable, Sendable, CaseIterable {
        /// Accept the peer's values.
        case obey
        /// Accept shorter lifetimes and longer keys only (racoon's default).
        case strict
        /// Like strict, but use our lifetime and tell the peer (RESPONDER-LIFETIME).
        case claim
        /// Require exactly our values.
        case exact
    }

    /// `generate_policy`: whether the responder installs SPD entries from the peer's proposal.
    public enum GeneratePolicy: String, Hashable, Sendable, CaseIterable {
        /// Never (default).
        case off
        /// `on`.
        case on
        /// `require`.
        case require
        /// `unique`.
        case unique
    }

    /// A three-state switch used by `nat_traversal`, `ike_frag` and `rekey`.
    public enum ForceableSwitch: String, Hashable, Sendable, CaseIterable {
        /// `off`.
        case off
        /// `on`.
        case on
        /// `force`.
        case force
    }

    /// `situation` (RFC 2407 §4.2). Only SIT_IDENTITY_ONLY is implemented.
    public enum Situation: String, Hashable, Sendable, CaseIterable {
        /// SIT_IDENTITY_ONLY (1), the default.
        case identityOnly = "identity_only"
        /// SIT_SECRECY (2).
        case secrecy
        /// SIT_INTEGRITY (4).
        case integrity
    }

    /// How the block was introduced.
    public var selector: Selector
    /// The IKE port of `remote ADDR [port]` / `remote anonymous [port]` (500 when not written).
    public var port: UInt16 = 500
    /// The parent named by `inherit`, if any.
    public var parent: String?
    /// The peer's address and port: from `remote ADDR [port]` or `remote_address`; nil for anonymous matching.
    public var remoteAddress: IPAddress?
    /// The peer's IKE port (500 unless written).
    public var remotePort: UInt16 = 500
    /// `exchange_mode`: the modes Raccoon implements, in file order; the first is used as initiator.
    public var exchangeModes: [ExchangeMode] = []
    /// `situation`.
    public var situation: Situation = .identityOnly
    /// `my_identifier` (default: `address`, the local address).
    public var myIdentifier: Identifier = .address(nil)
    /// `peers_identifier` (repeatable).
    public var peersIdentifiers: [Identifier] = []
    /// `verify_identifier`: check the peer's ID against `peersIdentifiers` (default off).
    public var verifyIdentifier = false
    /// `lifetime time` of the remote: the default for its proposals, in seconds (28800).
    public var lifetimeSeconds: UInt32 = 28800
    /// `proposal_check` (default strict).
    public var proposalCheck: ProposalCheck = .strict
    /// `nonce_size` in bytes (default 16; RFC 2409 §5 allows 8 to 256).
    public var nonceSize = 16
    /// `passive`: never initiate (default off).
    public var passive = false
    /// `initial_contact`: send INITIAL-CONTACT after phase 1 (default on).
    public var initialContact = true
    /// `generate_policy` (default off).
    public var generatePolicy: GeneratePolicy = .off
    /// `support_proxy` (default off).
    public var supportProxy = false
    /// `nat_traversal` (default off; Raccoon does not implement NAT-T).
    public var natTraversal: ForceableSwitch = .off
    /// `ike_frag` (default off; not implemented).
    public var ikeFragmentation: ForceableSwitch = .off
    /// `rekey` (default on).
    public var rekey: ForceableSwitch = .on
    /// `dpd_delay` in seconds between R-U-THERE probes (0, the default: no probing; RFC 3706).
    public var dpdDelaySeconds: UInt32 = 0
    /// `dpd_retry` in seconds before an unanswered probe is repeated (default 5).
    public var dpdRetrySeconds: UInt32 = 5
    /// `dpd_maxfail`: unanswered probes before the peer is declared dead (default 5).
    public var dpdMaximumFailures: UInt32 = 5
    /// `ph1id`: matched against sainfo `remoteid` (default 0).
    public var phase1ID: UInt32 = 0
    /// The usable proposals, in file order (a child's proposals follow its parent's).
    public var proposals: [Phase1Proposal] = []
    /// Where the `remote` keyword is.
    public var location: SourceLocation

    /// Creates a remote with racoon's defaults.
    public init(selector: Selector, location: SourceLocation) {
        self.selector = selector
        self.location = location
        if case .address(let address) = selector { remoteAddress = address }
    }

    /// True when some proposal authenticates with a pre-shared key.
    public var usesPreSharedKey: Bool { proposals.contains { $0.authenticationMethod == .preSharedKey } }
}
