/// The protocol word of an SA command (`esp`, `ah`, `esp-old`, `ah-old`, `esp-udp`, `ipcomp`).
public struct SAProtocol: Sendable, Equatable {
    /// The SA type sent in `sadb_msg_satype`.
    public var satype: SAType
    /// `esp-old` / `ah-old`: sets SADB_X_EXT_OLD in the SA flags.
    public var isOld: Bool
    /// `esp-udp [oa]`: UDP encapsulation (RFC 3948), with the optional NAT original address.
    public var udpEncapsulation: UDPEncapsulation?

    /// UDP encapsulation parameters of an `esp-udp` SA.
    public struct UDPEncapsulation: Sendable, Equatable {
        /// NAT-OA, if given after `esp-udp`.
        public var originalAddress: ScopedAddress?

        /// Creates the parameters.
        public init(originalAddress: ScopedAddress? = nil) { self.originalAddress = originalAddress }
    }

    /// Creates a protocol spec.
    public init(satype: SAType, isOld: Bool = false, udpEncapsulation: UDPEncapsulation? = nil) {
        self.satype = satype
        self.isOld = isOld
        self.udpEncapsulation = udpEncapsulation
    }
}
