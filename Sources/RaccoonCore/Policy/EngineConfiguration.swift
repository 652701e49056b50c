public import IKECrypto

/// Everything the engine reads from racoon.conf and psk.txt, already validated and with defaults resolved.
///
/// `EngineConfiguration(_:)` builds it from ConfParser's `Configuration`; tests may build it directly.
public struct EngineConfiguration: Sendable {
    /// The `remote` blocks, in file order.
    public var remotes: [RemotePolicy]
    /// The `sainfo` blocks, in file order (the engine orders them by racoon's priority).
    public var saInfos: [SAInfoPolicy]
    /// `timer { counter; interval; persend; }`.
    public var retransmission: RetransmissionPolicy
    /// `timer { phase1; }`: how long a phase 2 waits for its phase 1 (default 30 s).
    public var phase1Wait: Duration
    /// `timer { phase2; }`: how long a phase 2 may take from GETSPI to installed SAs (default 30 s).
    public var phase2Wait: Duration
    /// The IPsec DOI attribute type that carries a security context (10 for racoon, 32001 for libreswan).
    public var securityContextAttributeType: UInt16
    /// The pre-shared keys from psk.txt, by identifier.
    public var preSharedKeys: PreSharedKeyTable
    /// The bound on half-open phase-1 negotiations overall.
    public var maximumHalfOpenPhase1: Int
    /// The bound on half-open phase-1 negotiations per peer address. It keeps a flood from one address (forged or
    /// not) to that address's own records, so other peers are not evicted for it; and a real peer whose first
    /// message is among forged ones from its own address keeps its record as long as fewer than this many more
    /// arrive before its third message (issue 20): 256 per round trip, where 32 used to be enough to keep it out.
    /// The overall bound, not this one, bounds the memory.
    public var maximumHalfOpenPhase1PerPeer: Int
    /// `listen { isakmp ADDRESS [PORT]; }`: the addresses IKE runs on and their sockets' ports; `nil` means every
    /// address, on `isakmpPort`. An ACQUIRE whose source is not one of them cannot be negotiated (racoon ignores it).
    public var listen: [IPAddress: UInt16]?
    /// The port of our IKE sockets when there is no `listen` section: `-p`, else 500.
    public var isakmpPort: UInt16 = 500

    /// A configuration; defaults are racoon's.
    public init(
        remotes: [RemotePolicy], saInfos: [SAInfoPolicy], retransmission: RetransmissionPolicy = .racoonDefault,
        phase1Wait: Duration = .seconds(30), phase2Wait: Duration = .seconds(30),
        securityContextAttributeType: UInt16 = 10, preSharedKeys: PreSharedKeyTable,
        maximumHalfOpenPhase1: Int = 1024, maximumHalfOpenPhase1PerPeer: Int = 256,
        listen: [IPAddress: UInt16]? = nil
    ) {
        self.listen = listen
        self.remotes = remotes
        self.saInfos = saInfos
        self.retransmission = retransmission
        self.phase1Wait = phase1Wait
        self.phase2Wait = phase2Wait
        self.securityContextAttributeType = securityContextAttributeType
        self.preSharedKeys = preSharedKeys
        self.maximumHalfOpenPhase1 = maximumHalfOpenPhase1
        self.maximumHalfOpenPhase1PerPeer = maximumHalfOpenPhase1PerPeer
    }
}

extension EngineConfiguration {
    /// Whether IKE runs on the local address.
    func listens(on address: IPAddress) -> Bool { listen.map { $0[address] != nil } ?? true }

    /// Our IKE endpoint on a local address: the socket a negotiation we start must leave from.
    func localEndpoint(_ address: IPAddress) -> Endpoint {
        Endpoint(address: address, port: listen?[address] ?? isakmpPort)
    }
}

/// psk.txt as the engine uses it: identifier → key. The keys never appear in `description`.
public struct PreSharedKeyTable: Sendable, CustomStringConvertible {
    private var keys: [String: SecretBytes]

    /// A table from identifier → key.
    public init(secrets: [String: SecretBytes]) {
        self.keys = secrets
    }

    /// A table from identifier → key bytes (tests).
    public init(_ keys: [String: [UInt8]]) {
        self.keys = keys.mapValues(SecretBytes.init)
    }

    /// The key for an identifier (compared byte for byte, as racoon's `getpsk` does).
    public func key(for identifier: String) -> SecretBytes? { keys[identifier] }

    /// The identifiers that have a key.
    public var identifiers: [String] { keys.keys.sorted() }

    /// Only the identifiers, never the keys.
    public var description: String { "PreSharedKeyTable(\(identifiers.joined(separator: ", ")))" }
}
