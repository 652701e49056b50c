/// The `listen { … }` block: where IKE listens.
public struct ListenSettings: Hashable, Sendable {
    /// `isakmp ADDR [port]` lines. Empty means "every local address on port 500", as in racoon.
    public var isakmp: [Endpoint] = []
    /// `strict_address`: do not follow address changes (off).
    public var strictAddress = false
    /// `adminsock`: nil when not written (the daemon's default socket); the last line wins, as in racoon.
    public var adminSocket: AdminSocketSetting?

    /// No `listen` block.
    public init() {}
}
