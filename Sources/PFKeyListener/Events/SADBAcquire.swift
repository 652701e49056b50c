/// A decoded SADB_ACQUIRE: the kernel wants SAs for a flow that hit an IPsec policy (inventory §4.3).
public struct SADBAcquire: Hashable, Sendable {
    /// `sadb_msg_seq`: use it for the GETSPI and ADD of this negotiation, and for an ACQUIRE-with-errno.
    public var sequence: UInt32
    /// The SA type wanted.
    public var saType: SADBSAType
    /// ADDRESS_SRC: the SA's source (the tunnel endpoint in tunnel mode, the host in transport mode).
    public var source: SADBAddress
    /// ADDRESS_DST.
    public var destination: SADBAddress
    /// `sadb_x_policy_id` of the outbound policy.
    public var policyID: UInt32
    /// `sadb_x_policy_type` (only IPSEC policies are negotiated).
    public var policyType: IPsecPolicyType
    /// `sadb_x_policy_dir`.
    public var policyDirection: IPsecPolicyDirection
    /// The kernel's proposal (it may have no combinations when it came before the first REGISTER finished).
    public var proposal: SADBProposal?
    /// The flow's security context, when the policy is labeled.
    public var securityContext: SADBSecurityContext?

    /// Decodes an ACQUIRE. It needs ADDRESS_SRC, ADDRESS_DST and X_POLICY (racoon's `pk_recvacquire`).
    public init(_ message: SADBMessage) throws(KernelEventError) {
        guard message.type == .acquire else { throw .unexpectedType(message.type) }
        guard let source = message.sourceAddress else { throw .missingExtension(.acquire, .addressSource) }
        guard let destination = message.destinationAddress else {
            throw .missingExtension(.acquire, .addressDestination)
        }
        guard let policy = message.policy else { throw .missingExtension(.acquire, .policy) }
        sequence = message.sequence
        saType = message.saType
        self.source = source
        self.destination = destination
        policyID = policy.id
        policyType = policy.policyType
        policyDirection = policy.direction
        proposal = message.proposal
        securityContext = message.securityContext
    }

    /// True when racoon would ignore it: not an IPSEC policy, or a multicast address (inventory §4.3 step 2).
    public var shouldBeIgnored: Bool {
        policyType != .ipsec || source.address?.isMulticast == true || destination.address?.isMulticast == true
    }
}
