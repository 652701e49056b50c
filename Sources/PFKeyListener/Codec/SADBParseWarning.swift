/// Something odd in a PF_KEY message that did not stop it from being decoded. The caller logs these.
public enum SADBParseWarning: Hashable, Sendable, CustomStringConvertible {
    /// An extension type this codec does not know; it is kept as `SADBExtension.unknown` (racoon rejected the whole
    /// message here: "libipsec failed pfkey align").
    case unknownExtension(type: UInt16, length: Int)
    /// The same extension type appears twice; accessors return the first.
    case duplicateExtension(type: UInt16)
    /// Reserved or padding bytes of a known extension were not zero, so re-encoding it gives different bytes.
    case nonCanonicalExtension(type: UInt16)

    /// A readable name for logs.
    public var description: String {
        switch self {
        case .unknownExtension(let type, let length):
            "skipped unknown PF_KEY extension type \(type) (\(length) bytes)"
        case .duplicateExtension(let type):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) appears more than once; using the first"
        case .nonCanonicalExtension(let type):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) has non-zero reserved or padding bytes"
        }
    }
}
