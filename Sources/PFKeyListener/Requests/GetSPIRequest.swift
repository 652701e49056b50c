/// What SADB_GETSPI needs: the inbound SA's addresses (src = peer, dst = this host), mode and reqid.
public struct GetSPIRequest: Hashable, Sendable {
    /// The SA type (ESP, AH or IPComp).
    public var saType: SADBSAType
    /// The peer (the inbound SA's source).
    public var source: IPAddress
    /// This host (the inbound SA's destination).
    public var destination: IPAddress
    /// The SA mode (`X_SA2`).
    public var mode: IPsecMode
    /// The inbound policy template's reqid (`X_SA2`).
    public var reqid: UInt32
    /// The range the kernel may choose from; nil lets the kernel pick (racoon gives IPComp 0x100…0xffff).
    public var spiRange: ClosedRange<UInt32>?
    /// UDP encapsulation, when NAT-T is in use.
    public var natTraversal: NATTraversalSettings?

    /// A GETSPI request. IPComp gets racoon's CPI range 0x100…0xffff unless another is given.
    public init(
        saType: SADBSAType, source: IPAddress, destination: IPAddress, mode: IPsecMode, reqid: UInt32,
        spiRange: ClosedRange<UInt32>? = nil, natTraversal: NATTraversalSettings? = nil
    ) {
        self.saType = saType
        self.source = source
        self.destination = destination
        self.mode = mode
        self.reqid = reqid
        self.spiRange = spiRange ?? (saType == .ipcomp ? 0x100...0xffff : nil)
        self.natTraversal = natTraversal
    }
}

/// UDP encapsulation of an SA (RFC 3948): the X_NAT_T_TYPE/SPORT/DPORT/OA extensions.
public struct NATTraversalSettings: Hashable, Sendable {
    /// `sadb_x_nat_t_type_type` (`UDP_ENCAP_ESPINUDP` = 2).
    public var encapsulation: UInt8
    /// The SA source's UDP port.
    public var sourcePort: UInt16
    /// The SA destination's UDP port.
    public var destinationPort: UInt16
    /// The original address seen before NAT (X_NAT_T_OA), for transport-mode checksum fix-up.
    public var originalAddress: IPAddress?

    /// NAT-T settings.
    public init(
        encapsulation: UInt8 = SADBNATTraversalType.espInUDP, sourcePort: UInt16, destinationPort: UInt16,
        originalAddress: IPAddress? = nil
    ) {
        self.encapsulation = encapsulation
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.originalAddress = originalAddress
    }

    var extensions: [SADBExtension] {
        var result: [SADBExtension] = [
            .natTraversalType(SADBNATTraversalType(encapsulation: encapsulation)),
            .natTraversalSourcePort(SADBNATTraversalPort(port: sourcePort)),
            .natTraversalDestinationPort(SADBNATTraversalPort(port: destinationPort)),
        ]
        if let originalAddress { result.append(.natTraversalOriginalAddress(SADBAddress(host: originalAddress))) }
        return result
    }
}
