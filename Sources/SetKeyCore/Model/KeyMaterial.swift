/// Key bytes given on an `-E` or `-A` option. They never appear in `description` or error messages.
public struct KeyMaterial: Sendable, Equatable, CustomStringConvertible {
    /// The raw key.
    public var bytes: [UInt8]

    /// Wraps key bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Length in bits.
    public var bitCount: Int { bytes.count * 8 }

    /// Always redacted.
    public var description: String { "<\(bytes.count)-byte key redacted>" }
}
