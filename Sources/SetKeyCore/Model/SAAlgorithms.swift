/// The `algorithm` part of an `add`: what protects the SA, with its keys.
public enum SAAlgorithms: Sendable, Equatable {
    /// `-E ealgo key [-A aalgo key]` (ESP).
    case esp(
        encryption: EncryptionAlgorithm, encryptionKey: KeyMaterial,
        authentication: AuthenticationAlgorithm?, authenticationKey: KeyMaterial?)
    /// `-A aalgo key` (AH).
    case ah(authentication: AuthenticationAlgorithm, key: KeyMaterial)
    /// `-C calgo [-R]` (IPComp).
    case ipcomp(CompressionAlgorithm, rawCPI: Bool)
}
