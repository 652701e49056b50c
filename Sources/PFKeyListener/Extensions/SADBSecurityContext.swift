/// `struct sadb_x_sec_ctx` followed by the context string (Linux `SADB_X_EXT_SEC_CTX`, inventory §4.4).
///
/// Layout: len, exttype, **alg (u8) before doi (u8)**, ctx_len (u16, counts the terminating NUL), then ctx_len
/// bytes padded to 8.
public struct SADBSecurityContext: Hashable, Sendable, CustomStringConvertible {
    /// `sadb_x_ctx_alg`: 1 = `XFRM_SC_ALG_SELINUX`.
    public var algorithm: UInt8
    /// `sadb_x_ctx_doi`: 1 = `XFRM_SC_DOI_LSM`.
    public var doi: UInt8
    /// The `sadb_x_ctx_len` bytes of the context, normally including a terminating NUL.
    public var context: [UInt8]

    /// A context as carried on the wire. `context` should include the NUL (see `init(label:)`).
    public init(algorithm: UInt8 = 1, doi: UInt8 = 1, context: [UInt8]) {
        precondition(context.count <= SADBConstants.maximumSecurityContextLength, "security context too long")
        self.algorithm = algorithm
        self.doi = doi
        self.context = context
    }

    /// An SELinux context (alg 1, doi 1) for a label string, NUL-terminated as `setkey -ctx` sends it.
    public init(label: String) {
        self.init(context: Array(label.utf8) + [0])
    }

    /// The label without trailing NULs (Linux reports user-supplied contexts back with one extra byte).
    public var label: String { String(decoding: trimmedContext, as: UTF8.self) }

    /// True when both contexts have the same alg, doi and label, ignoring trailing NULs: compare labels, never
    /// lengths (inventory §4.4 and the lab's "ctx_len quirk").
    public func hasSameLabel(as other: SADBSecurityContext) -> Bool {
        algorithm == other.algorithm && doi == other.doi && trimmedContext == other.trimmedContext
    }

    private var trimmedContext: ArraySlice<UInt8> {
        var end = context.endIndex
        while end > context.startIndex, context[end - 1] == 0 { end -= 1 }
        return context[context.startIndex..<end]
    }

    /// `"label" (alg A, doi D, N bytes)`.
    public var description: String { "\"\(label)\" (alg \(algorithm), doi \(doi), \(context.count) bytes)" }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        algorithm = try reader.readUInt8()
        doi = try reader.readUInt8()
        let length = Int(try reader.readUInt16())
        guard length <= reader.remaining else {
            throw .securityContextLengthExceedsExtension(contextLength: length, available: reader.remaining)
        }
        guard length <= SADBConstants.maximumSecurityContextLength else { throw .securityContextTooLong(length: length) }
        context = Array(try reader.readBytes(length))
    }

    func write(into writer: inout SADBWriter) {
        writer.write(algorithm)
        writer.write(doi)
        writer.write(UInt16(context.count))
        writer.write(bytes: context)
    }
}
