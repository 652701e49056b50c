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
    public var sourceAddress: SADBIPAddress?
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
        if let authentication {
            // XFRMA_ALG_AUTH_TRUNC's struct xfrm_algo_auth has the ICV length; without one the payload is a plain
            // struct xfrm_algo, which only XFRMA_ALG_AUTH describes.
            let type = authentication.icvBits == nil ? XFRMAttributeType.authentication : .authenticationTruncated
            result.append(NetlinkAttribute(type: type.rawValue, payload: authentication.payload()))
        }
        if let encryption { result.append(NetlinkAttribute(type: XFRMAttributeType.encryption.rawValue, payload: encryption.payload())) }
        if let aead { result.append(NetlinkAttribute(type: XFRMAttributeType.aead.rawValue, payload: aead.payload())) }
        if let compression {
            result.append(NetlinkAttribute(type: XFRMAttributeType.compression.rawValue, payload: compression.payload()))
        }
        if let encapsulation {
            result.append(NetlinkAttribute(type: XFRMAttributeType.encapsulation.rawValue, payload: encapsulation.payload()))
        }
        if !templates.isEmpty {
            var writer = WireWriter(reservingCapacity: templates.count * XFRMTemplate.size)
            for template in templates { template.write(into: &writer) }
            result.append(NetlinkAttribute(type: XFRMAttributeType.templates.rawValue, payload: writer.bytes))
        }
        if let securityContext {
            result.append(NetlinkAttribute(type: XFRMAttributeType.securityContext.rawValue, payload: securityContext.xfrmPayload()))
        }
        if let state {
            var writer = WireWriter(reservingCapacity: XFRMStateInfo.size)
            state.write(into: &writer)
            result.append(NetlinkAttribute(type: XFRMAttributeType.securityAssociation.rawValue, payload: writer.bytes))
        }
        if let policy {
            var writer = WireWriter(reservingCapacity: XFRMPolicyInfo.size)
            policy.write(into: &writer)
            result.append(NetlinkAttribute(type: XFRMAttributeType.policy.rawValue, payload: writer.bytes))
        }
        if let sourceAddress {
            var writer = WireWriter(reservingCapacity: XFRMAddress.size)
            XFRMAddress.write(sourceAddress, into: &writer)
            result.append(NetlinkAttribute(type: XFRMAttributeType.sourceAddress.rawValue, payload: writer.bytes))
        }
        return result
    }
}
