/// An `spdadd`/`spdupdate`/`spddelete` statement: selector, optional label and policy.
public struct PolicyEntry: Sendable, Equatable {
    /// Source selector.
    public var source: SelectorAddress
    /// Destination selector.
    public var destination: SelectorAddress
    /// Upper-layer protocol (`sadb_address_proto`); 255 (IPSEC_ULPROTO_ANY) for `any`.
    public var upperLayerProtocol: UInt8
    /// `-ctx doi alg "string"`.
    public var securityContext: SecurityContext?
    /// `-P ...`.
    public var policy: PolicySpec

    /// IPSEC_ULPROTO_ANY.
    public static let anyProtocol: UInt8 = 255

    /// Creates an entry.
    public init(
        source: SelectorAddress, destination: SelectorAddress, upperLayerProtocol: UInt8,
        securityContext: SecurityContext? = nil, policy: PolicySpec
    ) {
        self.source = source
        self.destination = destination
        self.upperLayerProtocol = upperLayerProtocol
        self.securityContext = securityContext
        self.policy = policy
    }
}
