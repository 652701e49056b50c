/// A `sainfo` block: the phase-2 (IPsec SA) parameters for one pair of traffic selectors.
///
/// Protocols (ESP/AH/IPComp) and the encapsulation mode come from the kernel's SPD entry, not from here. A
/// phase-2 proposal is built as one ESP transform per (encryption, authentication) pair, in file order.
public struct SAInfo: Hashable, Sendable {
    /// One side of a sainfo selector.
    public enum Selector: Hashable, Sendable, CustomStringConvertible {
        /// `anonymous`: matches any identity.
        case anonymous
        /// `clientaddr`: the address assigned by mode_cfg (never matches in Raccoon, which lacks mode_cfg).
        case clientAddress
        /// An explicit identity.
        case identity(SAInfoIdentity)

        /// racoon.conf spelling.
        public var description: String {
            switch self {
            case .anonymous: "anonymous"
            case .clientAddress: "clientaddr"
            case .identity(let identity): identity.description
            }
        }
    }

    /// The local selector (the first one written).
    public var local: Selector
    /// The remote selector.
    public var remote: Selector
    /// `from IDTYPE "id"`: only used when the peer's phase-1 identity is this one.
    public var peerIdentifier: Identifier?
    /// `pfs_group`: the DH group for PFS; nil means no PFS (a KE from the peer is then refused).
    public var pfsGroup: DiffieHellmanGroup?
    /// `lifetime time`: the SA lifetime in seconds (racoon's code default is 28800).
    public var lifetimeSeconds: UInt32 = 28800
    /// `encryption_algorithm`: the ciphers Raccoon can use, in file order, with key lengths.
    public var encryptionAlgorithms: [IPsecEncryption] = []
    /// `authentication_algorithm`: in file order.
    public var authenticationAlgorithms: [IPsecAuthenticationAlgorithm] = []
    /// `compression_algorithm`: in file order.
    public var compressionAlgorithms: [IPCompAlgorithm] = []
    /// `remoteid`: only used with the phase-1 `remote` whose `ph1id` equals it; 0 means any.
    public var remoteID: UInt32 = 0
    /// Where the `sainfo` keyword is.
    public var location: SourceLocation

    /// Creates a sainfo with racoon's defaults and no algorithms.
    public init(local: Selector, remote: Selector, location: SourceLocation) {
        self.local = local
        self.remote = remote
        self.location = location
    }

    /// True when both selectors are `anonymous`.
    public var isAnonymous: Bool { local == .anonymous && remote == .anonymous }
}

/// A phase-2 cipher with its key length in bits (nil for fixed-size ciphers such as 3DES).
public struct IPsecEncryption: Hashable, Sendable, CustomStringConvertible {
    /// The ESP transform.
    public var algorithm: IPsecEncryptionAlgorithm
    /// The key length in bits, for variable-length ciphers (AES defaults to 128).
    public var keyLength: Int?

    /// Creates a cipher choice.
    public init(algorithm: IPsecEncryptionAlgorithm, keyLength: Int?) {
        self.algorithm = algorithm
        self.keyLength = keyLength
    }

    /// `aes 128`, `3des`.
    public var description: String {
        keyLength.map { "\(algorithm) \($0)" } ?? algorithm.description
    }
}
