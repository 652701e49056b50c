/// An address with an optional port (`10.0.0.1[500]`); port 0 means "any".
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The address.
    public var address: ScopedAddress
    /// The port, 0 for any.
    public var port: UInt16

    /// Creates an end point.
    public init(_ address: ScopedAddress, port: UInt16 = 0) {
        self.address = address
        self.port = port
    }

    /// `address` or `address[port]`.
    public var description: String { port == 0 ? "\(address)" : "\(address)[\(port)]" }
}
