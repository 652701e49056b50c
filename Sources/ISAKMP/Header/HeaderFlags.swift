/// The ISAKMP header flags (RFC 2408 §3.1).
public struct HeaderFlags: OptionSet, Hashable, Sendable {
    /// The raw flags octet.
    public var rawValue: UInt8

    /// Flags from their raw octet.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// E: every payload after the header is encrypted (RFC 2408 §3.1).
    public static let encryption = HeaderFlags(rawValue: 0x01)
    /// C: the sender wants a CONNECTED notify before the SA is used (RFC 2408 §3.1, §4.8).
    public static let commit = HeaderFlags(rawValue: 0x02)
    /// A: the message is authenticated but not encrypted (RFC 2408 §3.1).
    public static let authenticationOnly = HeaderFlags(rawValue: 0x04)

    /// The only flags RFC 2408 defines; any other bit gives INVALID-FLAGS.
    public static let defined: HeaderFlags = [.encryption, .commit, .authenticationOnly]
}
