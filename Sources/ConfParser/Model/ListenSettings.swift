/// The `listen { … }` block: where IKE listens.
public struct ListenSettings: Hashable, Sendable {
    /// One `isakmp ADDR [port]` line.
    public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
        /// The local address.
        public var address: IPAddress
        /// The UDP port (500 unless written).
        public var port: UInt16

        /// Creates an endpoint.
        public init(address: IPAddress, port: UInt16) {
            self.address = address
            self.port = port
        }

        /// `10.0.0.1[500]`.
        public var description: String { "\(address)[\(port)]" }
    }

    /// `isakmp` lines. Empty means "every local address on port 500", as in racoon.
    public var isakmp: [Endpoint] = []
    /// `strict_address`: do not follow address changes (off).
    public var strictAddress = false
    /// `adminsock`: nil when not written (the daemon's default socket); the last line wins, as in racoon.
    public var adminSocket: AdminSocketSetting?

    /// No `listen` block.
    public init() {}
}
