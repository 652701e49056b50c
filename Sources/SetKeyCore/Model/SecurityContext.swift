/// An access-control label (`-ctx doi algorithm "string"`), carried as SADB_X_EXT_SEC_CTX.
public struct SecurityContext: Sendable, Hashable, CustomStringConvertible {
    /// Domain of interpretation (1 = XFRM_SC_DOI_LSM; the kernel accepts no other).
    public var doi: UInt8
    /// Algorithm (1 = XFRM_SC_ALG_SELINUX; the kernel accepts no other).
    public var algorithm: UInt8
    /// The context string, without a terminating NUL.
    public var context: [UInt8]

    /// Creates a context.
    public init(doi: UInt8, algorithm: UInt8, context: [UInt8]) {
        self.doi = doi
        self.algorithm = algorithm
        self.context = context
    }

    /// `sadb_x_ctx_len` as setkey sends it: the string length plus its NUL.
    public var wireLength: Int { context.count + 1 }

    /// `doi/alg "string"`.
    public var description: String {
        "\(doi)/\(algorithm) \"\(String(decoding: context, as: UTF8.self))\""
    }
}
