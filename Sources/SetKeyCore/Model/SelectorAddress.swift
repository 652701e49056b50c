/// One side of a policy selector: `address[/prefix][[port]]`.
///
/// For ICMP selectors the "ports" carry the ICMP type (source) and code (destination), for GRE the two
/// halves of the key, exactly as setkey stores them.
public struct SelectorAddress: Sendable, Hashable {
    /// The address.
    public var address: ScopedAddress
    /// Prefix length in bits.
    public var prefixLength: UInt8
    /// Port (0 = any).
    public var port: UInt16

    /// Creates a selector side; the prefix defaults to the full address length.
    public init(_ address: ScopedAddress, prefixLength: UInt8? = nil, port: UInt16 = 0) {
        self.address = address
        self.prefixLength = prefixLength ?? UInt8(address.family.bitCount)
        self.port = port
    }
}
