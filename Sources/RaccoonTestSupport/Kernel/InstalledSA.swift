public import PFKeyListener

/// An SA held by the `InMemoryKernel`: larval (reserved by GETSPI or created by an ACQUIRE) or mature (keyed by
/// UPDATE or ADD). Tests assert on these; `sa.spi`, `sa.source` and the other parts of its identity read through
/// to `identity`.
@dynamicMemberLookup
public struct InstalledSA: Equatable, Sendable {
    /// The SA and current-lifetime extensions every kernel message about this SA starts with
    /// (pfkey_xfrm_state2msg); the byte count is a stand-in of 100 bytes per packet.
    var saAndCurrentLifetime: [SADBExtension] {
        [
            .securityAssociation(
                SADBSecurityAssociation(
                    spi: identity.spi, replayWindow: replayWindow, state: state, authAlgorithm: authAlgorithm,
                    encryptionAlgorithm: encryptionAlgorithm)),
            .lifetimeCurrent(SADBLifetime(bytes: UInt64(packets) * 100)),
        ]
    }

    /// How the SA came to be.
    public enum Origin: Hashable, Sendable {
        /// Reserved by SADB_GETSPI.
        case getSPI
        /// The kernel's own acquire state, created when a packet hit a policy without an SA.
        case acquire
        /// Keyed by SADB_UPDATE.
        case update
        /// Installed by SADB_ADD.
        case add
    }

    /// Type, SPI (0 for an acquire state) and addresses: what events name the SA by.
    public var identity: SAIdentity
    /// Mode from X_SA2.
    public var mode: IPsecMode
    /// Reqid from X_SA2.
    public var reqid: UInt32
    /// Larval, mature, dying…
    public var state: SADBSAState
    /// How it was created or last keyed.
    public var origin: Origin
    /// The `sadb_msg_seq` it is tied to (GETSPI/ACQUIRE seq).
    public var sequence: UInt32
    /// The `sadb_msg_pid` of the request that created or keyed it.
    public var pid: UInt32
    /// Authentication algorithm.
    public var authAlgorithm: SADBAuthenticationAlgorithm
    /// Encryption algorithm.
    public var encryptionAlgorithm: SADBEncryptionAlgorithm
    /// KEY_AUTH.
    public var authKey: KeyBytes?
    /// KEY_ENCRYPT.
    public var encryptionKey: KeyBytes?
    /// `sadb_sa_replay`.
    public var replayWindow: UInt8
    /// LIFETIME_HARD.
    public var hardLifetime: SADBLifetime?
    /// LIFETIME_SOFT.
    public var softLifetime: SADBLifetime?
    /// X_SEC_CTX.
    public var securityContext: SADBSecurityContext?
    /// NAT-T source/destination ports when UDP-encapsulated.
    public var natTraversalPorts: (source: UInt16, destination: UInt16)?
    /// True when some policy template (protocol, mode, reqid, endpoints) would use this SA, as Linux's state
    /// lookup requires; an SA that matches none is installed but never carries traffic.
    public var matchesPolicyTemplate: Bool
    /// Packets counted by `InMemoryKernel.injectOutboundPacket`.
    public var packets: Int

    /// Field-by-field equality (keys compared in constant time).
    public static func == (lhs: InstalledSA, rhs: InstalledSA) -> Bool {
        lhs.identity == rhs.identity && lhs.mode == rhs.mode && lhs.reqid == rhs.reqid
            && lhs.state == rhs.state && lhs.origin == rhs.origin && lhs.sequence == rhs.sequence && lhs.pid == rhs.pid
            && lhs.authAlgorithm == rhs.authAlgorithm && lhs.encryptionAlgorithm == rhs.encryptionAlgorithm
            && lhs.authKey == rhs.authKey && lhs.encryptionKey == rhs.encryptionKey
            && lhs.replayWindow == rhs.replayWindow && lhs.hardLifetime == rhs.hardLifetime
            && lhs.softLifetime == rhs.softLifetime && lhs.securityContext == rhs.securityContext
            && lhs.natTraversalPorts?.source == rhs.natTraversalPorts?.source
            && lhs.natTraversalPorts?.destination == rhs.natTraversalPorts?.destination
            && lhs.matchesPolicyTemplate == rhs.matchesPolicyTemplate && lhs.packets == rhs.packets
    }

    /// `sa.spi`, `sa.source`, … : the parts of `identity`.
    public subscript<Value>(dynamicMember part: WritableKeyPath<SAIdentity, Value>) -> Value {
        get { identity[keyPath: part] }
        set { identity[keyPath: part] = newValue }
    }
}
