public import PFKeyListener

/// The algorithms a kernel registers for ESP (SADB_REGISTER's SUPPORTED extensions), as the in-memory kernels
/// report them.
public enum DebianKernelAlgorithms {
    /// Debian 6.1's lists, abridged: HMAC-MD5/SHA1/SHA2-256/384/512 and NULL auth; DES, 3DES, AES-CBC, NULL enc.
    public static let authentication: [SADBAlgorithmDescriptor] = [
        SADBAlgorithmDescriptor(identifier: 2, minimumBits: 128, maximumBits: 128),
        SADBAlgorithmDescriptor(identifier: 3, minimumBits: 160, maximumBits: 160),
        SADBAlgorithmDescriptor(identifier: 5, minimumBits: 256, maximumBits: 256),
        SADBAlgorithmDescriptor(identifier: 6, minimumBits: 384, maximumBits: 384),
        SADBAlgorithmDescriptor(identifier: 7, minimumBits: 512, maximumBits: 512),
        SADBAlgorithmDescriptor(identifier: 251, minimumBits: 0, maximumBits: 0),
    ]

    /// See `authentication`.
    public static let encryption: [SADBAlgorithmDescriptor] = [
        SADBAlgorithmDescriptor(identifier: 11, ivLength: 0, minimumBits: 0, maximumBits: 0),
        SADBAlgorithmDescriptor(identifier: 2, ivLength: 8, minimumBits: 64, maximumBits: 64),
        SADBAlgorithmDescriptor(identifier: 3, ivLength: 8, minimumBits: 192, maximumBits: 192),
        SADBAlgorithmDescriptor(identifier: 12, ivLength: 8, minimumBits: 128, maximumBits: 256),
    ]
}
