/// One `proposal { … }` of a `remote`: a complete ISAKMP SA transform Raccoon can offer and accept.
///
/// racoon sends all proposals of a remote as transforms of one ISAKMP proposal, in file order.
public struct Phase1Proposal: Hashable, Sendable, CustomStringConvertible {
    /// `encryption_algorithm`.
    public var encryptionAlgorithm: Phase1EncryptionAlgorithm
    /// The key length in bits for variable-length ciphers (AES defaults to 128); nil for 3DES.
    public var keyLength: Int?
    /// `hash_algorithm` (also the PRF).
    public var hashAlgorithm: HashAlgorithm
    /// `authentication_method`.
    public var authenticationMethod: AuthenticationMethod
    /// `dh_group`.
    public var dhGroup: DiffieHellmanGroup
    /// The ISAKMP SA lifetime in seconds: the proposal's own `lifetime time`, else the remote's.
    public var lifetimeSeconds: UInt32
    /// Where the `proposal` keyword is.
    public var location: SourceLocation

    /// Creates a proposal.
    public init(encryptionAlgorithm: Phase1EncryptionAlgorithm, keyLength: Int?, hashAlgorithm: HashAlgorithm,
                authenticationMethod: AuthenticationMethod, dhGroup: DiffieHellmanGroup, lifetimeSeconds: UInt32,
                location: SourceLocation) {
        self.encryptionAlgorithm = encryptionAlgorithm
        self.keyLength = keyLength
        self.hashAlgorithm = hashAlgorithm
        self.authenticationMethod = authenticationMethod
        self.dhGroup = dhGroup
        self.lifetimeSeconds = lifetimeSeconds
        self.location = location
    }

    /// `aes 128 / sha1 / pre_shared_key / modp1024 / 28800 s`.
    public var description: String {
        let cipher = keyLength.map { "\(encryptionAlgorithm) \($0)" } ?? encryptionAlgorithm.description
        return "\(cipher) / \(hashAlgorithm) / \(authenticationMethod) / \(dhGroup) / \(lifetimeSeconds) s"
    }
}
