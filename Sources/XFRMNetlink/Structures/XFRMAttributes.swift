public import PFKeyListener

/// The attributes of one XFRM message that Raccoon uses, decoded; the rest are listed by type for the log.
public struct XFRMAttributes: Equatable, Sendable {
    public var authentication: XFRMAlgorithm?
    public var encryption: XFRMAlgorithm?
    public var aead: XFRMAlgorithm?
    public var compression: XFRMAlgorithm?
    public var encapsulation: XFRMEncapsulation?
    public var templates: [XFRMTemplate] = []
    public var securityContext: SADBSecurityContext?
    /// XFRMA_SRCADDR.
    public var sourceAddress: IPAddress?
    /// XFRMA_SA (in a DELSA notification).
    public var state: XFRMStateInfo?
    /// XFRMA_POLICY (in a DELPOLICY notification).
    public var policy: XFRMPolicyInfo?
    /// Types this codec does not know (newer kernels): skipped, reported once by the socket.
    public var unknownTypes: [UInt16] = []

    public init() {}

    /// Decodes the attributes that follow a fixed structure. `family` is the address family of the message's
    /// SA or policy (for XFRMA_SRCADDR and XFRMA_ENCAP).
    init(parsing bytes: ArraySlice<UInt8>, family: UInt16) throws(XFRMWireError) {
        for attribute in try NetlinkAttribute.parseAll(bytes) {
            let type = XFRMAttributeType(rawValue: attribute.type)
            let payload = attribute.payload
            switch type {
            case .authentication:
                // Only kept when XFRMA_ALG_AUTH_TRUNC (which the kernel also sends) is absent.
                if authentication == nil {
                    authentication = try XFRMAlgorithm(parsing: payload, type: type, hasICVLength: false)
                }
            case .authenticationTruncated:
                authentication = try XFRMAlgorithm(parsing: payload, type: type, hasICVLength: true)
            case .encryption: encryption = try XFRMAlgorithm(parsing: payload, type: type, hasICVLength: false)
            case .aead: aead = try XFRMAlgorithm(parsing: payload, type: type, hasICVLength: true)
            case .compression: compression = try XFRMAlgorithm(parsing: payload, type: type, hasICVLength: false)
            case .encapsulation: encapsulation = try XFRMEncapsulation(parsing: payload, family: family)
            case .templates: templates = try XFRMTemplate.parseList(payload)
            case .securityContext: securityContext = try SADBSecurityContext(xfrmPayload: payload)
            case .sourceAddress:
                guard payload.count >= XFRMAddress.size else {
                    throw .attributeTooShort(type, length: payload.count, needed: XFRMAddress.size)
                }
                var reader = WireReader(payload[...], structure: "\(type)")
                sourceAddress = try XFRMAddress.read(&reader, family: family)
            case .securityAssociation:
                var reader = WireReader(payload[...], structure: "\(type)")
                state = try XFRMStateInfo(parsing: &reader)
            case .policy:
                var reader = WireReader(payload[...], structure: "\(type)")
                policy = try XFRMPolicyInfo(parsing: &reader)
            default:
                if !type.isKnown { unknownTypes.append(attribute.type) }
            }
        }
    }

    /// The attributes in the order the kernel documents them. The result may hold keys.
    func encoded() -> [NetlinkAttribute] {
        var result: [NetlinkAttribute] = []
        func add(_ type: XFRMAttributeType, _ payload: [UInt8]) {
            result.append(NetlinkAttribute(type: type.rawValue, payload: payload))
        }
        if let authentication {
            // Without an ICV length it is a plain struct xfrm_algo, which only XFRMA_ALG_AUTH carries.
            add(authentication.icvBits == nil ? .authentication : .authenticationTruncated, authentication.payload())
        }
        if let encryption { add(.encryption, encryption.payload()) }
        if let aead { add(.aead, aead.payload()) }
        if let compression { add(.compression, compression.payload()) }
        if let encapsulation { add(.encapsulation, encapsulation.payload()) }
        if !templates.isEmpty {
            var writer = WireWriter(reservingCapacity: templates.count * XFRMTemplate.size)
            for template in templates { template.write(into: &writer) }
            add(.templates, writer.bytes)
        }
        if let securityContext { add(.securityContext, securityContext.xfrmPayload()) }
        if let state {
            var writer = WireWriter(reservingCapacity: XFRMStateInfo.size)
            state.write(into: &writer)
            add(.securityAssociation, writer.bytes)
        }
        if let policy {
            var writer = WireWriter(reservingCapacity: XFRMPolicyInfo.size)
            policy.write(into: &writer)
            add(.policy, writer.bytes)
        }
        if let sourceAddress {
            var writer = WireWriter(reservingCapacity: XFRMAddress.size)
            XFRMAddress.write(sourceAddress, into: &writer)
            add(.sourceAddress, writer.bytes)
        }
        return result
    }
}
