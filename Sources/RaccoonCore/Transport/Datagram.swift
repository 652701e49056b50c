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
