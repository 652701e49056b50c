/// A code of the kernel's interfaces kept as its number, so that a code this build does not know survives decoding
/// and re-encoding: RFC 2367's `SADB_*` constants, <linux/ipsec.h>'s `IPSEC_*`, <linux/xfrm.h>'s `XFRM_MSG_*` and
/// `XFRMA_*`. Its `description` is the known code's name, else its kind and number (`mode 7`).
public protocol NamedWireCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible
where RawValue: FixedWidthInteger & Sendable {
    /// The known codes' names, as logs spell them.
    static var names: [RawValue: String] { get }
    /// What an unknown code is called in front of its number: `mode` in `mode 7`.
    static var unknownCodeLabel: String { get }
}

extension NamedWireCode {
    /// The code's name, or `kind number` for a code without one.
    public var description: String { Self.names[rawValue] ?? "\(Self.unknownCodeLabel) \(rawValue)" }
}
