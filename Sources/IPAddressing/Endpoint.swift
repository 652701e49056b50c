/// A UDP endpoint: an address and a port (a `listen { isakmp }` line, either end of a datagram).
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// The IP address.
    public var address: IPAddress
    /// The UDP port.
    public var port: UInt16

    /// An endpoint from its address and port.
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// racoon's spelling, `192.0.2.1[500]`, used in every log line.
    public var description: String { "\(address)[\(port)]" }
}
