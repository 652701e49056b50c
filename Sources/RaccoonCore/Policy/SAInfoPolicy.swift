/// What the engine needs from one `sainfo` block of racoon.conf.
public struct SAInfoPolicy: Hashable, Sendable {
    /// One side of a sainfo selector: `anonymous`, or an address/subnet with upper-layer protocol and port.
    public enum Selector: Hashable, Sendable, CustomStringConvertible {
        /// Matches any ID.
        case anonymous
        /// `address A[/prefix] [port] proto` or `subnet A/prefix [port] proto`.
        case network(ClientSelector)

        /// racoon's spelling.
        public var description: String {
            switch self {
            case .anonymous: return "anonymous"
            case .network(let selector): return "\(selector)"
            }
        }
    }

    /// The local selector.
    public var local: Selector
    /// The remote selector.
    public var remote: Selector
    /// `remoteid`: only used with a remote block of the same `ph1id`.
    public var remoteID: UInt32?
    /// `pfs_group`; `nil` means no PFS.
    public var pfsGroup: DiffieHellmanGroupID?
    /// `lifetime time` in seconds (default 28800).
    public var lifetimeSeconds: UInt32
    /// `encryption_algorithm`, in file order.
    public var encryption: [ESPEncryption]
    /// `authentication_algorithm`, in file order.
    public var authentication: [ESPAuthentication]

    /// A sainfo block; the defaults are racoon's.
    public init(
        local: Selector = .anonymous, remote: Selector = .anonymous, remoteID: UInt32? = nil,
        pfsGroup: DiffieHellmanGroupID? = nil, lifetimeSeconds: UInt32 = 28800, encryption: [ESPEncryption],
        authentication: [ESPAuthentication]
    ) {
        self.local = local
        self.remote = remote
        self.remoteID = remoteID
        self.pfsGroup = pfsGroup
        self.lifetimeSeconds = lifetimeSeconds
        self.encryption = encryption
        self.authentication = authentication
    }

    /// racoon's ordering priority: `remoteid` counts 3, each non-anonymous side counts 1; higher goes first.
    var priority: Int {
        (remoteID != nil ? 3 : 0) + (local == .anonymous ? 0 : 1) + (remote == .anonymous ? 0 : 1)
    }

    /// racoon's log spelling: `sainfo 10.0.0.1/32[any] any 10.0.0.2/32[any] any`.
    var label: String { "\(local) \(remote)" }
}

/// A traffic selector: an address prefix, an upper-layer protocol and a port, as in phase-2 IDs and SPD entries.
public struct ClientSelector: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits zero for a subnet).
    public var address: IPAddress
    /// The prefix length in bits.
    public var prefixLength: Int
    /// The upper-layer protocol; 0 means any (IPSEC_ULPROTO_ANY on the wire is 0 too).
    public var upperLayerProtocol: UInt8
    /// The port; 0 means any.
    public var port: UInt16

    /// A selector for `address/prefixLength`, protocol and port.
    public init(address: IPAddress, prefixLength: Int? = nil, upperLayerProtocol: UInt8 = 0, port: UInt16 = 0) {
        self.address = address
        self.prefixLength = prefixLength ?? address.bitWidth
        self.upperLayerProtocol = upperLayerProtocol
        self.port = port
    }

    /// Whether this selector names a single host.
    public var isHost: Bool { prefixLength == address.bitWidth }

    /// racoon's spelling: `10.0.0.2/32[any] any`.
    public var description: String {
        let port = self.port == 0 ? "any" : "\(self.port)"
        let proto = upperLayerProtocol == 0 ? "any" : "\(upperLayerProtocol)"
        return "\(address)/\(prefixLength)[\(port)] \(proto)"
    }
}
