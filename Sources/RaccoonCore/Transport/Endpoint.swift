/// A UDP endpoint: an address and a port.
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

/// A UDP datagram with the local and remote endpoints it was received on or must be sent between.
///
/// Like NIO's `AddressedEnvelope`: the addresses travel with the bytes, so the engine never asks a socket.
public struct Datagram: Hashable, Sendable {
    /// Our side of the exchange: the address the datagram arrived on, or must leave from.
    public var local: Endpoint
    /// The peer's side.
    public var remote: Endpoint
    /// The UDP payload.
    public var bytes: [UInt8]

    /// A datagram between `local` and `remote`.
    public init(local: Endpoint, remote: Endpoint, bytes: [UInt8]) {
        self.local = local
        self.remote = remote
        self.bytes = bytes
    }
}
