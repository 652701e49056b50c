/// One phase-1 transform we offer or accept: racoon's `proposal { … }` inside a `remote` block.
public struct Phase1Proposal: Hashable, Sendable, CustomStringConvertible {
    /// The encryption algorithm and key length.
    public var encryption: Phase1Encryption
    /// The hash (and PRF) algorithm.
    public var hash: Phase1Hash
    /// The authentication method.
    public var authentication: Phase1AuthenticationMethod
    /// The Diffie-Hellman group.
    public var group: DiffieHellmanGroupID
    /// The lifetime in seconds.
    public var lifetimeSeconds: UInt32

    /// A proposal with every field given.
    public init(
        encryption: Phase1Encryption, hash: Phase1Hash, authentication: Phase1AuthenticationMethod = .preSharedKey,
        group: DiffieHellmanGroupID, lifetimeSeconds: UInt32 = 28800
    ) {
        self.encryption = encryption
        self.hash = hash
        self.authentication = authentication
        self.group = group
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// `3DES-CBC/SHA/modp1024/28800s`.
    public var description: String { "\(encryption)/\(hash)/\(group)/\(lifetimeSeconds)s" }
}

/// The phase-1 exchange types Raccoon speaks (RFC 2408 §4.1 exchange types 2 and 4).
public enum Phase1ExchangeMode: String, Hashable, Sendable {
    /// Identity Protection (Main Mode), six messages.
    case main
    /// Aggressive Mode, three messages.
    case aggressive
}
