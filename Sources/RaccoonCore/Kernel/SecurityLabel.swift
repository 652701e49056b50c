/// An SELinux security context as it travels through ACQUIRE, Quick Mode and the installed SAs.
///
/// The string is kept without trailing NULs: some kernels report a context one byte longer than was sent, so
/// contexts compare equal regardless of trailing NULs (labeled-IPsec issue, initiator point 5).
public struct SecurityLabel: Hashable, Sendable, CustomStringConvertible {
    /// The context DOI (1 = XFRM_SC_DOI_LSM).
    public var doi: UInt8
    /// The context algorithm (1 = XFRM_SC_ALG_SELINUX).
    public var algorithm: UInt8
    /// The context string's bytes, without any trailing NUL.
    public var context: [UInt8]

    /// A context from its string bytes; trailing NULs are dropped.
    public init(doi: UInt8 = 1, algorithm: UInt8 = 1, context: some Collection<UInt8>) {
        var bytes = Array(context)
        while bytes.last == 0 { bytes.removeLast() }
        self.doi = doi
        self.algorithm = algorithm
        self.context = bytes
    }

    /// A context from its text.
    public init(_ text: String) {
        self.init(context: Array(text.utf8))
    }

    /// The string bytes with exactly one terminating NUL, as the wire and PF_KEY carry them.
    public var bytesWithNUL: [UInt8] { context + [0] }

    /// The context as text (it is a label, not a secret).
    public var text: String { String(decoding: context, as: UTF8.self) }

    /// The context text.
    public var description: String { text }
}
