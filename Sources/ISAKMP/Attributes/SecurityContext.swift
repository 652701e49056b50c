/// A security context (an SELinux label) carried in a phase-2 transform attribute (inventory §5.2).
///
/// The attribute value is racoon's `struct security_ctx` truncated to its real length:
/// ```
///  ctx_doi (1) | ctx_alg (1) | ctx_strlen (2, network order, counts the NUL) | ctx_str (ctx_strlen bytes, NUL last)
/// ```
/// It is always TLV; the attribute length is `4 + ctx_strlen`. racoon uses attribute type 10
/// (`IPSECDOI_ATTR_SECCTX`), libreswan 32001 by default, so the type is a parameter.
public struct SecurityContext: Hashable, Sendable, CustomStringConvertible {
    /// The only context DOI in use: 1 (`XFRM_SC_DOI_LSM`, inventory §4.4).
    public static let lsmDOI: UInt8 = 1
    /// The only context algorithm in use: 1 (`XFRM_SC_ALG_SELINUX`).
    public static let selinuxAlgorithm: UInt8 = 1

    /// The context DOI (ctx_doi).
    public let doi: UInt8
    /// The context algorithm (ctx_alg).
    public let algorithm: UInt8
    /// The context string without its terminating NUL, e.g. `system_u:object_r:ipsec_spd_t:s0`.
    public let context: String

    /// A context; throws if the string is empty, contains a NUL, or is too long with its NUL.
    public init(
        context: String, doi: UInt8 = SecurityContext.lsmDOI, algorithm: UInt8 = SecurityContext.selinuxAlgorithm
    ) throws(SecurityContextError) {
        let bytes = Array(context.utf8)
        guard !bytes.isEmpty else { throw .emptyContext }
        guard !bytes.contains(0) else { throw .embeddedNUL }
        guard bytes.count + 1 <= ISAKMPLimits.maximumSecurityContextLength else { throw .tooLong(bytes.count + 1) }
        guard doi == SecurityContext.lsmDOI else { throw .unsupportedDOI(doi) }
        guard algorithm == SecurityContext.selinuxAlgorithm else { throw .unsupportedAlgorithm(algorithm) }
        self.doi = doi
        self.algorithm = algorithm
        self.context = context
    }

    /// Decodes the context from a transform attribute of type `attributeType` (10 for racoon, 32001 for libreswan).
    public init(attribute: DataAttribute, attributeType: UInt16 = IPsecAttributeType.securityContext.rawValue)
        throws(SecurityContextError)
    {
        guard attribute.type == attributeType else { throw .wrongAttributeType(attribute.type) }
        // inventory §5.2: "SECCTX must be in TLV".
        guard case .variable(let value) = attribute.value else { throw .basicEncoding }
        guard value.count >= 4 else { throw .tooShort(value.count) }
        let doi = value[0]
        let algorithm = value[1]
        let length = Int(value[2]) << 8 | Int(value[3])
        guard length > 0 else { throw .emptyContext }
        guard length == value.count - 4 else { throw .lengthMismatch(declared: length, available: value.count - 4) }
        guard length <= ISAKMPLimits.maximumSecurityContextLength else { throw .tooLong(length) }
        let string = value[4...]
        guard string.last == 0 else { throw .missingNUL }
        let text = string.dropLast()
        guard !text.isEmpty else { throw .emptyContext }
        guard !text.contains(0) else { throw .embeddedNUL }
        guard doi == SecurityContext.lsmDOI else { throw .unsupportedDOI(doi) }
        guard algorithm == SecurityContext.selinuxAlgorithm else { throw .unsupportedAlgorithm(algorithm) }
        guard let decoded = String(validating: text, as: UTF8.self) else { throw .invalidUTF8 }
        self.doi = doi
        self.algorithm = algorithm
        self.context = decoded
    }

    /// The TLV attribute of type `attributeType` carrying this context.
    public func attribute(type attributeType: UInt16 = IPsecAttributeType.securityContext.rawValue) -> DataAttribute {
        let string = Array(context.utf8) + [0]
        var writer = WireWriter(reservingCapacity: 4 + string.count)
        writer.writeInteger(doi)
        writer.writeInteger(algorithm)
        writer.writeInteger(UInt16(string.count))
        writer.writeBytes(string)
        return DataAttribute(type: attributeType, value: .variable(writer.bytes))
    }

    /// `doi/alg "context"`; a label is not a secret.
    public var description: String { "\(doi)/\(algorithm) \"\(context)\"" }
}
