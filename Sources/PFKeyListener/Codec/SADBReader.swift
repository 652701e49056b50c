/// A bounded reader over one PF_KEY extension or message (RFC 2367 §2.2); a read past the end throws
/// `SADBError.extensionTruncated` naming the extension.
typealias SADBReader = FixedLayoutReader<SADBExtensionSubject>

/// The extension an `SADBReader` is in: its `sadb_ext_type` (0 for the `sadb_msg` header).
struct SADBExtensionSubject: FixedLayoutSubject {
    let type: UInt16

    func truncated(needed: Int, available: Int) -> SADBError { .extensionTruncated(type: type) }
}

extension FixedLayoutReader where Subject == SADBExtensionSubject {
    /// A reader over `bytes[range]`, inside the extension `extensionType`.
    init(_ bytes: [UInt8], range: Range<Int>, extensionType: UInt16) {
        self.init(bytes[range], subject: SADBExtensionSubject(type: extensionType))
    }

    /// The extension being read.
    var extensionType: UInt16 { subject.type }
}
