public import RaccoonCore
public import ConfParser

/// The IKE sockets (racoon's `myaddr` list): one `UDPSocket` per local endpoint, looked up by the local endpoint
/// of each datagram the engine sends.
public final class IKESocketSet {
    /// The open sockets, in opening order.
    public private(set) var sockets: [UDPSocket] = []

    /// Opens a socket on each endpoint; on any failure closes the ones already open and throws.
    public init(endpoints: [Endpoint], bypassPolicy: Bool) throws(SocketOpenError) {
        for endpoint in endpoints {
            do {
                sockets.append(try UDPSocket(binding: endpoint, bypassPolicy: bypassPolicy))
            } catch {
                closeAll()
                throw error
            }
        }
    }

    /// The socket bound to `local`, or nil.
    public func socket(for local: Endpoint) -> UDPSocket? {
        sockets.first { $0.local == local }
    }

    /// What `reconcile(to:bypassPolicy:)` changed.
    public struct Reconciliation {
        /// Sockets opened on new endpoints.
        public var opened: [UDPSocket] = []
        /// Sockets no longer wanted, removed from the set but still open: the caller cancels their read sources
        /// and closes them.
        public var removed: [UDPSocket] = []
        /// Endpoints that could not be bound.
        public var failures: [SocketOpenError] = []
    }

    /// Makes the set match `endpoints` after an address change (racoon's `myaddr_sync` on a routing-socket
    /// message): opens the missing endpoints and takes out the ones that are gone.
    public func reconcile(to endpoints: [Endpoint], bypassPolicy: Bool) -> Reconciliation {
        var change = Reconciliation()
        change.removed = sockets.filter { !endpoints.contains($0.local) }
        sockets.removeAll { !endpoints.contains($0.local) }
        for endpoint in endpoints where socket(for: endpoint) == nil {
            do {
                let socket = try UDPSocket(binding: endpoint, bypassPolicy: bypassPolicy)
                sockets.append(socket)
                change.opened.append(socket)
            } catch {
                change.failures.append(error)
            }
        }
        return change
    }

    /// Closes every socket.
    public func closeAll() {
        for socket in sockets { socket.close() }
    }

    /// The endpoints to bind (racoon's `myaddr_sync`): the `listen { isakmp … }` lines when there are any, else
    /// every local address on `port` (`-p`, default 500), only those of `family` when `-4` or `-6` was given.
    ///
    /// `-p` and `-4`/`-6` only change the automatic listing: an `isakmp ADDR [PORT]` line is bound as written
    /// (port 500 when none is written).
    public static func plan(
        listen: ListenSettings, port: UInt16?, localAddresses: [IPAddress],
        family: CommandLineOptions.AddressFamily? = nil
    ) -> [Endpoint] {
        if !listen.isakmp.isEmpty {
            return listen.isakmp
        }
        return localAddresses.filter { family?.contains($0) ?? true }.map { Endpoint(address: $0, port: port ?? 500) }
    }
}
